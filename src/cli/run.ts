/**
 * `xuncha run <paths...>`: the main job. Extract, tag, aggregate, render:
 * findings.csv, documents.csv (UTF-8 with BOM), findings.jsonl, documents.jsonl, summary.json,
 * report.md, report.html, errors.csv and ruleset.json, all written atomically into --out.
 */
import type { Command } from 'commander';
import { extractCorpus } from '../pipeline/extract.js';
import { OutputSet } from '../pipeline/outputs.js';
import { toJsonl } from '../render/jsonl.js';
import { documentsCsv, taggedFindingsCsv } from '../render/tables.js';
import { buildReports } from '../render/index.js';
import { getSegmenter } from '../segment/index.js';
import { tagFindings } from '../tag/index.js';
import { VERSION } from '../version.js';
import { errorsCsv, reportDiagnostics } from './report-diagnostics.js';
import { createProgress } from './progress.js';
import { addInputOptions, extractOptions, type InputFlags } from './extract.js';
import { loadRulesOrReport, ruleOptions, ruleSetManifest, type RuleFlags } from './tag.js';
import { EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, setExitCode } from './common.js';

export function register(program: Command): void {
  const cmd = program
    .command('run')
    .description('the main job: extract, tag, aggregate and render comparison reports (report.html, report.md, summary.json, CSV, JSONL)')
    .argument('<paths...>', 'files and folders (folders are read recursively)')
    .option('-o, --out <dir>', 'output folder', 'reports');
  ruleOptions(cmd);
  addInputOptions(cmd).action(async (paths: string[], flags: InputFlags & RuleFlags & { out: string }) => {
    const seg = getSegmenter();
    const rs = loadRulesOrReport(flags, seg, 'run');
    if (!rs) return setExitCode(cmd, EXIT_USAGE);
    const progress = createProgress({ quiet: flags.quiet, label: 'run' });
    const corpus = await extractCorpus(paths, extractOptions(flags, (d, t, f) => progress.update(d, t, f)));
    progress.stop();
    const texts = new Map(corpus.documents.map((d) => [d.id, d.text]));
    const tagged = tagFindings(corpus.findings, texts, rs, seg, { headingEvidence: flags.headingEvidence });
    const categories = rs.categories.map((c) => ({ id: c.id, label: c.label }));
    const reports = buildReports({ documents: corpus.documents, findings: tagged, categories, rulesetHash: rs.hash, version: VERSION, segmenter: seg });
    const stamp = { xuncha_version: VERSION, ruleset_sha256: rs.hash };
    const out = new OutputSet(flags.out);
    out.add('documents.jsonl', toJsonl(corpus.documents.map((d) => ({ ...d, ...stamp }))));
    out.add('findings.jsonl', toJsonl(tagged.map((f) => ({ ...f, ...stamp }))));
    out.add('documents.csv', documentsCsv(corpus.documents, stamp));
    out.add('findings.csv', taggedFindingsCsv(tagged, rs.categories.map((c) => c.id), stamp));
    out.add('errors.csv', errorsCsv(corpus.diagnostics));
    out.add('ruleset.json', ruleSetManifest(rs, seg));
    for (const [name, content] of Object.entries(reports.files)) out.add(name, content);
    await out.commit();
    reportDiagnostics(corpus.diagnostics);
    if (!flags.quiet) {
      const n = tagged.filter((f) => f.record_kind === 'finding').length;
      process.stderr.write(
        `xuncha run: ${corpus.documents.length} documents, ${n} findings` +
          `${corpus.failed ? `, ${corpus.failed} inputs failed (see errors.csv)` : ''} → ${out.outDir}/report.html\n`,
      );
    }
    setExitCode(cmd, corpus.failed ? EXIT_SOME_FAILED : EXIT_OK);
  });
}
