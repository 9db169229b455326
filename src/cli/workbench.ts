/**
 * The analyst's workbench on the command line:
 *   xuncha rules eval     --gold FILE [paths...]   precision/recall/F1, confusion matrix, errors (--watch)
 *   xuncha rules analyze  [paths...]               per-rule coverage, overlaps, conflicts, accuracy
 *   xuncha rules diff     --base DIR --head DIR [paths...]   findings whose tags change, and why
 *   xuncha rules export-dict [DIR]                 quanteda-style YAML dictionary of the word lists
 *   xuncha rules import-dict FILE --out DIR        a rule folder from such a dictionary
 *   xuncha suggest [paths...]                      candidate words and a classifier's second opinion
 *   xuncha kwic <word> [paths...]                  keyword in context, on word boundaries
 * `registerWorkbench(program)` adds the `rules` subcommands to the existing `rules` command (it
 * creates one when the program has none) and `suggest` and `kwic` to the program.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import type { Diagnostic } from '../diagnostics/message.js';
import type { EvidenceField, TaggedFinding } from '../model/records.js';
import { OutputSet } from '../pipeline/outputs.js';
import { loadRuleSet, type RuleSet } from '../rules/index.js';
import { getSegmenter, type Segmenter } from '../segment/index.js';
import {
  analyzeRules,
  confusionCsv,
  diffTagged,
  dictionaryEntries,
  dictionaryToRuleFiles,
  evalCsv,
  evalDelta,
  evalItems,
  evalJson,
  evaluate,
  formatAnalysis,
  formatDiff,
  formatDictionary,
  formatEval,
  formatEvalDelta,
  formatKwic,
  formatSuggestions,
  kwic,
  kwicCsv,
  loadWorkset,
  misclassifiedCsv,
  parseDictionary,
  suggest,
  tagWorkset,
  watchRules,
  untilInterrupted,
  type EvalReport,
  type Workset,
} from '../workbench/index.js';
import { reportDiagnostics } from './report-diagnostics.js';
import { addInputOptions, extractOptions, type InputFlags } from './extract.js';
import { loadRulesOrReport, ruleOptions, type RuleFlags } from './tag.js';
import { ruleDirArg } from './rules.js';
import { EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, UsageError, intOption, setExitCode } from './common.js';

const numberOption = (name: string, check: (n: number) => boolean, what: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || !check(n)) throw new UsageError(`${name} takes ${what}, not "${v}"`);
  return n;
};

const FIELDS: EvidenceField[] = ['title', 'body', 'heading'];

/** Print what matters of the input diagnostics: errors, and every gold-file warning. */
function reportInputs(diags: Diagnostic[], goldFile: string | undefined): void {
  reportDiagnostics(diags.filter((d) => d.severity === 'error' || (goldFile !== undefined && d.file === goldFile)));
}

type WorkFlags = InputFlags & RuleFlags & { gold?: string };

/** Read paths (+ gold); null after printing why nothing can be done. */
async function workset(cmd: Command, name: string, paths: string[], flags: WorkFlags, needGold: boolean): Promise<Workset | null> {
  if (needGold && !flags.gold) throw new UsageError(`${name} needs --gold FILE`);
  const ws = await loadWorkset(paths, { gold: flags.gold, extract: extractOptions({ ...flags, quiet: true }) });
  if (!ws.ok) {
    reportDiagnostics(ws.diagnostics);
    process.stderr.write(`xuncha ${name}: cannot use the gold file ${flags.gold}\n`);
    setExitCode(cmd, EXIT_USAGE);
    return null;
  }
  reportInputs(ws.value.diagnostics, flags.gold);
  if (!paths.length && ws.value.gold?.mode !== 'text') {
    throw new UsageError(`${name}: give the reports to read (paths), or a gold file with a text column`);
  }
  if (!ws.value.findings.length) {
    process.stderr.write(`xuncha ${name}: no findings in ${paths.join(' ') || flags.gold}\n`);
    setExitCode(cmd, EXIT_USAGE);
    return null;
  }
  return ws.value;
}

export function registerWorkbench(program: Command): void {
  const rules = program.commands.find((c) => c.name() === 'rules') ?? program.command('rules').description('check, test and study rule folders');
  registerEval(rules);
  registerAnalyze(rules);
  registerDiff(rules);
  registerExportDict(rules);
  registerImportDict(rules);
  registerSuggest(program);
  registerKwic(program);
}

// ---------------------------------------------------------------------------------------------
// rules eval

function registerEval(rules: Command): void {
  const cmd = rules
    .command('eval')
    .description('score the rules against gold labels: precision, recall, F1 per category, confusion matrix, misclassified findings with their evidence')
    .argument('[paths...]', 'reports to read (not needed when the gold CSV has a text column)')
    .requiredOption('--gold <file>', 'gold labels CSV: id,gold[,also] | doc,seq,…,gold[,also] | id,text,gold[,also]')
    .option('-o, --out <dir>', 'also write eval.json, eval.csv, confusion.csv and misclassified.csv there')
    .option('--json', 'print eval.json instead of the table')
    .option('--max-errors <n>', 'misclassified findings to print (default all)', intOption('--max-errors'))
    .option('--watch', 're-run whenever a rule file changes and print what changed (Ctrl-C to stop)');
  ruleOptions(cmd);
  addInputOptions(cmd).action(async (paths: string[], flags: WorkFlags & { out?: string; json?: boolean; maxErrors?: number; watch?: boolean }) => {
    const seg = getSegmenter();
    const rs = loadRulesOrReport(flags, seg, 'rules eval');
    if (!rs) return setExitCode(cmd, EXIT_USAGE);
    const ws = await workset(cmd, 'rules eval', paths, flags, true);
    if (!ws) return;
    if (!ws.labels.size) {
      process.stderr.write(`xuncha rules eval: no gold label matches a finding of the inputs\n`);
      return setExitCode(cmd, EXIT_USAGE);
    }
    const run = (set: RuleSet): { report: EvalReport; tagged: TaggedFinding[] } => {
      const tagged = tagWorkset(ws, set, seg, { headingEvidence: flags.headingEvidence });
      const { items, unlabelled } = evalItems(tagged, ws.labels);
      return { tagged, report: evaluate(items, set.categories, { unlabelled, rules: { name: set.name, hash: set.hash } }) };
    };
    const write = async (r: EvalReport) => {
      if (!flags.out) return;
      const out = new OutputSet(flags.out);
      out.add('eval.json', evalJson(r));
      out.add('eval.csv', evalCsv(r));
      out.add('confusion.csv', confusionCsv(r));
      out.add('misclassified.csv', misclassifiedCsv(r));
      await out.commit();
    };
    let last = run(rs).report;
    process.stdout.write(flags.json ? evalJson(last) : formatEval(last, { maxErrors: flags.maxErrors }));
    await write(last);
    setExitCode(cmd, ws.failed ? EXIT_SOME_FAILED : EXIT_OK);
    if (!flags.watch) return;

    const dir = ruleDirArg(flags.rules);
    const titles = new Map(ws.findings.map((f) => [f.id, f.title]));
    const watcher = await watchRules(dir, async (changed) => {
      const stamp = new Date().toLocaleTimeString();
      process.stdout.write(`\n[${stamp}] ${changed.map((c) => basename(c)).join(', ')} changed\n`);
      const res = loadRuleSet(dir, { segmenter: seg });
      if (!res.ok) {
        reportDiagnostics(res.diagnostics);
        process.stdout.write(`the rule set has errors (above); the last good scores stand\n`);
        return;
      }
      const next = run(res.value).report;
      process.stdout.write(formatEvalDelta(evalDelta(last, next), titles));
      last = next;
      await write(next);
    });
    process.stderr.write(`watching ${dir} (Ctrl-C to stop)\n`);
    await untilInterrupted(watcher);
  });
}

// ---------------------------------------------------------------------------------------------
// rules analyze

function registerAnalyze(rules: Command): void {
  const cmd = rules
    .command('analyze')
    .description("each rule's coverage, overlaps, conflicts and (with --gold) empirical accuracy; rules that never fire, thin categories, uncovered findings")
    .argument('[paths...]', 'reports to read')
    .option('--gold <file>', 'gold labels CSV (adds accuracy and wrong firings; a CSV with a text column is also a source of findings)')
    .option('--low-coverage <share>', 'a category is thin below this share of the findings (default 0.5 / number of categories)', numberOption('--low-coverage', (n) => n >= 0 && n <= 1, 'a number from 0 to 1'))
    .option('--json', 'machine-readable output');
  ruleOptions(cmd);
  addInputOptions(cmd).action(async (paths: string[], flags: WorkFlags & { json?: boolean; lowCoverage?: number }) => {
    const seg = getSegmenter();
    const rs = loadRulesOrReport(flags, seg, 'rules analyze');
    if (!rs) return setExitCode(cmd, EXIT_USAGE);
    const ws = await workset(cmd, 'rules analyze', paths, flags, false);
    if (!ws) return;
    const tagged = tagWorkset(ws, rs, seg, { headingEvidence: flags.headingEvidence });
    const a = analyzeRules(tagged, rs, { labels: flags.gold ? ws.labels : undefined, lowShare: flags.lowCoverage });
    process.stdout.write(flags.json ? JSON.stringify(a, null, 2) + '\n' : formatAnalysis(a));
    setExitCode(cmd, ws.failed ? EXIT_SOME_FAILED : EXIT_OK);
  });
}

// ---------------------------------------------------------------------------------------------
// rules diff

function registerDiff(rules: Command): void {
  const cmd = rules
    .command('diff')
    .description('tag the same findings with two rule sets and list every finding whose tags change, with the rules responsible')
    .argument('[paths...]', 'reports to read')
    .requiredOption('--base <dir>', 'the rule folder before')
    .requiredOption('--head <dir>', 'the rule folder after')
    .option('--gold <file>', 'a CSV with a text column is also a source of findings')
    .option('--all', 'also list findings whose evidence changed but not their tags')
    .option('--json', 'machine-readable output')
    .option('--no-heading-evidence', 'do not use section headings as evidence');
  addInputOptions(cmd).action(async (paths: string[], flags: WorkFlags & { base: string; head: string; all?: boolean; json?: boolean }) => {
    const seg = getSegmenter();
    // Both sets are loaded BEFORE either tags: each adds its words to the one segmenter dictionary of
    // the process, so both taggings see the same word boundaries and the diff shows rule changes only.
    const base = loadRulesOrReport({ rules: flags.base }, seg, 'rules diff');
    const head = loadRulesOrReport({ rules: flags.head }, seg, 'rules diff');
    if (!base || !head) return setExitCode(cmd, EXIT_USAGE);
    const ws = await workset(cmd, 'rules diff', paths, flags, false);
    if (!ws) return;
    const before = tagWorkset(ws, base, seg, { headingEvidence: flags.headingEvidence });
    const after = tagWorkset(ws, head, seg, { headingEvidence: flags.headingEvidence });
    const d = diffTagged(before, after);
    process.stdout.write(
      flags.json
        ? JSON.stringify({ base: { dir: flags.base, name: base.name, hash: base.hash }, head: { dir: flags.head, name: head.name, hash: head.hash }, ...d }, null, 2) + '\n'
        : formatDiff(d, { labels: { base: flags.base, head: flags.head }, evidenceOnly: flags.all }),
    );
    setExitCode(cmd, ws.failed ? EXIT_SOME_FAILED : EXIT_OK);
  });
}

// ---------------------------------------------------------------------------------------------
// rules export-dict / import-dict

function registerExportDict(rules: Command): void {
  const cmd = rules
    .command('export-dict')
    .description("write the rule set's word lists as a quanteda-style YAML dictionary (category: [words], label as a comment)")
    .argument('[dir]', 'rule folder (default: the rules/ shipped with xuncha)')
    .option('-o, --out <file>', 'write to this file (default: standard output)')
    .option('--with-all', 'also list the words of `all` rules');
  cmd.action(async (dir: string | undefined, flags: { out?: string; withAll?: boolean }) => {
    const rs = loadRulesOrReport({ rules: dir }, getSegmenter(), 'rules export-dict');
    if (!rs) return setExitCode(cmd, EXIT_USAGE);
    const entries = dictionaryEntries(rs, { withAll: flags.withAll });
    const text = formatDictionary(entries);
    const left = rs.rules.filter((r) => r.category !== 'none' && (r.matcher.kind === 'regex' || (r.matcher.kind === 'all' && !flags.withAll)));
    if (flags.out) {
      const out = new OutputSet(dirOf(flags.out));
      out.add(basename(flags.out), text);
      await out.commit();
      process.stderr.write(`${entries.length} categories, ${entries.reduce((s, e) => s + e.words.length, 0)} words → ${flags.out}\n`);
    } else process.stdout.write(text);
    if (left.length) process.stderr.write(`not in the dictionary (${left.length} rules): ${left.map((r) => `${r.id} (${r.matcher.kind})`).join(', ')}\n`);
    setExitCode(cmd, EXIT_OK);
  });
}

function dirOf(file: string): string {
  const b = basename(file);
  return file.length > b.length ? file.slice(0, file.length - b.length) : '.';
}

function registerImportDict(rules: Command): void {
  const cmd = rules
    .command('import-dict')
    .description('write a rule folder from a quanteda-style YAML dictionary: one file per key, with an `any` rule (nested keys flattened with ".")')
    .argument('<file>', 'the dictionary (YAML)')
    .requiredOption('-o, --out <dir>', 'the rule folder to write (must not hold rule files yet)')
    .option('--name <name>', 'the rule set name (default: the dictionary file name)')
    .option('--weight <w>', 'weight of each rule (default 2)', numberOption('--weight', (n) => n !== 0, 'a number other than 0'))
    .option('--where <fields>', 'fields the rules look at, comma-separated (default title,body,heading)');
  cmd.action(async (file: string, flags: { out: string; name?: string; weight?: number; where?: string }) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
    }
    const where = flags.where ? flags.where.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
    if (where && (!where.length || where.some((w) => !FIELDS.includes(w as EvidenceField)))) throw new UsageError(`--where takes title, body and heading, not "${flags.where}"`);
    if (existsSync(flags.out) && readdirSync(flags.out).some((f) => /\.ya?ml$/i.test(f))) {
      throw new UsageError(`${flags.out} already holds rule files; import into a new or empty folder`);
    }
    const parsed = parseDictionary(text, file);
    if (!parsed.ok) {
      reportDiagnostics(parsed.diagnostics);
      return setExitCode(cmd, EXIT_USAGE);
    }
    reportDiagnostics(parsed.diagnostics ?? []);
    const name = flags.name ?? basename(file, extname(file));
    const res = dictionaryToRuleFiles(parsed.value, { name, weight: flags.weight, where: where as EvidenceField[] | undefined, source: basename(file), segmenter: getSegmenter() });
    if (!res.ok) {
      reportDiagnostics(res.diagnostics);
      process.stderr.write(`xuncha rules import-dict: the dictionary does not make a valid rule set (above); nothing written\n`);
      return setExitCode(cmd, EXIT_USAGE);
    }
    reportDiagnostics(res.diagnostics ?? []);
    const out = new OutputSet(flags.out);
    for (const f of res.value) out.add(f.name, f.text);
    await out.commit();
    process.stdout.write(`${res.value.length - 1} categories, ${parsed.value.reduce((s, e) => s + e.words.length, 0)} words → ${flags.out} (check it with: xuncha rules check ${flags.out})\n`);
    setExitCode(cmd, EXIT_OK);
  });
}

// ---------------------------------------------------------------------------------------------
// suggest

function registerSuggest(program: Command): void {
  const cmd = program
    .command('suggest')
    .description('for findings tagged none or weakly: candidate words per category (TF-IDF) and a naive-Bayes second opinion; never changes the rules')
    .argument('[paths...]', 'reports to read')
    .option('--gold <file>', 'gold labels: they override the rules as training labels (a CSV with a text column is also a source of findings)')
    .option('--category <id>', 'only this category')
    .option('--top <n>', 'words per category (default 10)', intOption('--top'))
    .option('--margin <x>', 'weak = primary score below threshold + this (default 2)', numberOption('--margin', (n) => n >= 0, 'a number ≥ 0'))
    .option('--all-opinions', "also list where the classifier disagrees on confidently tagged findings")
    .option('--json', 'machine-readable output');
  ruleOptions(cmd);
  addInputOptions(cmd).action(async (paths: string[], flags: WorkFlags & { category?: string; top?: number; margin?: number; json?: boolean; allOpinions?: boolean }) => {
    const seg = getSegmenter();
    const rs = loadRulesOrReport(flags, seg, 'suggest');
    if (!rs) return setExitCode(cmd, EXIT_USAGE);
    const ws = await workset(cmd, 'suggest', paths, flags, false);
    if (!ws) return;
    const tagged = tagWorkset(ws, rs, seg, { headingEvidence: flags.headingEvidence });
    const s = suggest(tagged, rs, seg, { labels: ws.labels, category: flags.category, top: flags.top, margin: flags.margin });
    process.stdout.write(flags.json ? JSON.stringify(s, null, 2) + '\n' : formatSuggestions(s, { allOpinions: flags.allOpinions }));
    setExitCode(cmd, ws.failed ? EXIT_SOME_FAILED : EXIT_OK);
  });
}

// ---------------------------------------------------------------------------------------------
// kwic

function registerKwic(program: Command): void {
  const cmd = program
    .command('kwic')
    .description('keyword in context: every occurrence of a word (as a word, with the rules\' word boundaries) in the findings')
    .argument('<word>', 'the word (normalized like a rule term)')
    .argument('<paths...>', 'reports to read')
    .option('--window <n>', 'characters of context on each side (default 15)', intOption('--window'))
    .option('--csv', 'CSV output (UTF-8 with BOM)')
    .option('--rules <dir>', 'the rule folder whose words shape the segmentation (default: the rules/ shipped with xuncha)');
  addInputOptions(cmd).action(async (word: string, paths: string[], flags: InputFlags & { window?: number; csv?: boolean; rules?: string }) => {
    const seg: Segmenter = getSegmenter();
    // The rules' words are in the dictionary when the rules match; load them so kwic cuts the same way.
    const rs = loadRuleSet(ruleDirArg(flags.rules), { segmenter: seg, skipExamples: true });
    if (!rs.ok) process.stderr.write(`xuncha kwic: the rule set in ${ruleDirArg(flags.rules)} has errors; segmenting without its words\n`);
    const ws = await workset(cmd, 'kwic', paths, { ...flags, headingEvidence: true }, false);
    if (!ws) return;
    const hits = kwic(ws.findings, word, seg, { window: flags.window });
    process.stdout.write(flags.csv ? kwicCsv(hits) : formatKwic(hits));
    if (!flags.csv && !flags.quiet) process.stderr.write(`${hits.length} occurrences in ${new Set(hits.map((h) => h.finding_id)).size} of ${ws.findings.length} findings\n`);
    setExitCode(cmd, ws.failed ? EXIT_SOME_FAILED : EXIT_OK);
  });
}
