/**
 * `xuncha tag <paths...>`: extract, then tag every finding with the rule set's categories and
 * evidence. Writes findings.jsonl / findings.csv (tagged), documents.*, errors.csv and ruleset.json
 * (the rule set's name, content hash and settings, so every output says which rules made it).
 * A broken rule set stops the command before anything is read or written (exit 2).
 */
import type { Command } from 'commander';
import { basename } from 'node:path';
import type { TaggedFinding } from '../model/records.js';
import { VERSION } from '../version.js';
import { untilInterrupted, watchRules } from '../workbench/watch.js';
import { diffTagged, formatPrimaryChanges } from '../workbench/diff.js';
import { extractCorpus } from '../pipeline/extract.js';
import { OutputSet } from '../pipeline/outputs.js';
import { toJsonl } from '../render/jsonl.js';
import { documentsCsv, taggedFindingsCsv } from '../render/tables.js';
import { loadRuleSet, NONE, type RuleSet } from '../rules/index.js';
import { getSegmenter, type Segmenter } from '../segment/index.js';
import { tagFindings } from '../tag/index.js';
import { errorsCsv } from '../render/errors.js';
import { reportDiagnostics } from './report-diagnostics.js';
import { createProgress } from './progress.js';
import { addInputOptions, extractOptions, type InputFlags } from './extract.js';
import { ruleDirArg } from './rules.js';
import { EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, setExitCode } from './common.js';

export interface RuleFlags {
  rules?: string;
  headingEvidence: boolean;
}

/** Load the rule set named by --rules, or print its problems and return null. */
export function loadRulesOrReport(flags: { rules?: string }, seg: Segmenter, command: string, opts: { skipExamples?: boolean } = {}): RuleSet | null {
  const res = loadRuleSet(ruleDirArg(flags.rules), { segmenter: seg, skipExamples: opts.skipExamples });
  if (res.ok) return res.value;
  reportDiagnostics(res.diagnostics);
  process.stderr.write(`xuncha ${command}: the rule set in ${ruleDirArg(flags.rules)} has errors (see above); nothing was tagged\n`);
  return null;
}

/** ruleset.json: which rules produced these outputs. */
export function ruleSetManifest(rs: RuleSet, seg: Segmenter): string {
  // The dictionary as the tagger uses it: with the rule set's words (a lazy segmenter stays unloaded).
  seg.addWords([...rs.dictionaryWords, ...rs.terms]);
  return (
    JSON.stringify(
      {
        name: rs.name,
        sha256: rs.hash,
        dir: rs.dir,
        files: rs.files,
        threshold: rs.threshold,
        fields: rs.fields,
        segmenter: { name: seg.name, dictionary: seg.dictionaryHash() },
        categories: rs.categories.map((c) => ({ id: c.id, label: c.label, description: c.description })),
        rules: rs.rules.map((r) => ({ id: r.id, category: r.category, kind: r.matcher.kind, weight: r.weight, where: r.where, file: r.file, line: r.line })),
      },
      null,
      2,
    ) + '\n'
  );
}

export function ruleOptions(cmd: Command): Command {
  return cmd
    .option('--rules <dir>', 'rule folder (default: the rules/ shipped with xuncha)')
    .option('--no-heading-evidence', 'do not use section headings as evidence');
}

export function register(program: Command): void {
  const cmd = program
    .command('tag')
    .description('extract, then tag every finding with categories and evidence from the rule files')
    .argument('<paths...>', 'files and folders (folders are read recursively)')
    .option('-o, --out <dir>', 'output folder', 'out');
  ruleOptions(cmd);
  cmd.option('--watch', 're-tag whenever a rule file changes and print the findings whose primary category changed (Ctrl-C to stop)');
  addInputOptions(cmd).action(async (paths: string[], flags: InputFlags & RuleFlags & { out: string; watch?: boolean }) => {
    const seg = getSegmenter();
    const rs = loadRulesOrReport(flags, seg, 'tag');
    if (!rs) return setExitCode(cmd, EXIT_USAGE);
    const progress = createProgress({ quiet: flags.quiet, label: 'tag' });
    const corpus = await extractCorpus(paths, extractOptions(flags, (d, t, f) => progress.update(d, t, f)));
    progress.stop();
    if (corpus.inputs === 0) {
      reportDiagnostics(corpus.diagnostics);
      process.stderr.write(`xuncha tag: no input files in ${paths.join(', ')}; nothing was written\n`);
      return setExitCode(cmd, EXIT_USAGE);
    }
    const texts = new Map(corpus.documents.map((d) => [d.id, d.text]));

    /** Tag with a rule set and write every output (atomically); returns the tagged records. */
    const tagAndWrite = async (rules: RuleSet): Promise<TaggedFinding[]> => {
      const tagged = tagFindings(corpus.findings, texts, rules, seg, { headingEvidence: flags.headingEvidence });
      const stamp = { xuncha_version: VERSION, ruleset_sha256: rules.hash };
      const out = new OutputSet(flags.out);
      out.add('documents.jsonl', toJsonl(corpus.documents.map((d) => ({ ...d, ...stamp }))));
      out.add('documents.csv', documentsCsv(corpus.documents, stamp));
      out.add('findings.jsonl', toJsonl(tagged.map((f) => ({ ...f, ...stamp }))));
      out.add('findings.csv', taggedFindingsCsv(tagged, rules.categories.map((c) => c.id), stamp));
      out.add('errors.csv', errorsCsv(corpus.diagnostics));
      out.add('ruleset.json', ruleSetManifest(rules, seg));
      await out.commit();
      if (!flags.quiet) {
        const findings = tagged.filter((f) => f.record_kind === 'finding');
        const counts = [...rules.categories.map((c) => c.id), NONE]
          .map((c) => `${c} ${findings.filter((f) => f.primary === c).length}`)
          .join(', ');
        process.stderr.write(
          `xuncha tag: ${corpus.documents.length} documents, ${findings.length} findings (${counts})` +
            `${corpus.failed ? `, ${corpus.failed} inputs failed (see errors.csv)` : ''}; rules ${rules.name} ${rules.hash.slice(0, 12)} → ${out.outDir}\n`,
        );
      }
      return tagged;
    };

    let last = await tagAndWrite(rs);
    reportDiagnostics(corpus.diagnostics);
    setExitCode(cmd, corpus.failed ? EXIT_SOME_FAILED : EXIT_OK);
    if (!flags.watch) return;

    const dir = ruleDirArg(flags.rules);
    const watcher = await watchRules(dir, async (changed) => {
      process.stdout.write(`\n${changed.map((c) => basename(c)).join(', ')} changed\n`);
      const res = loadRuleSet(dir, { segmenter: seg });
      if (!res.ok) {
        reportDiagnostics(res.diagnostics);
        process.stdout.write('the rule set has errors (above); the outputs of the last good rule set stand\n');
        return;
      }
      const next = await tagAndWrite(res.value);
      process.stdout.write(formatPrimaryChanges(diffTagged(last.filter(isFinding), next.filter(isFinding))));
      last = next;
    });
    process.stderr.write(`watching ${dir} (Ctrl-C to stop)\n`);
    await untilInterrupted(watcher);
  });
}

const isFinding = (f: TaggedFinding) => f.record_kind === 'finding';
