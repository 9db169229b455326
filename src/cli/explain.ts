/**
 * `xuncha explain <finding-id> <paths...>`: one finding with its matched words marked (bold colour
 * on a terminal, 【brackets】 otherwise) and, per category, the rules that fired, the words, where
 * (title/body/heading) and the score; says when a section heading decided the primary category.
 */
import type { Command } from 'commander';
import { extractCorpus } from '../pipeline/extract.js';
import { getSegmenter } from '../segment/index.js';
import { Tagger } from '../tag/index.js';
import { explainFinding } from '../tag/explain.js';
import { reportDiagnostics } from './report-diagnostics.js';
import { addInputOptions, extractOptions, type InputFlags } from './extract.js';
import { loadRulesOrReport, ruleOptions, type RuleFlags } from './tag.js';
import { EXIT_OK, EXIT_USAGE, setExitCode } from './common.js';

export function register(program: Command): void {
  const cmd = program
    .command('explain')
    .description('show one finding with its matched words and, per category, the rules that fired and the score')
    .argument('<finding-id>', 'a finding id as in findings.csv, e.g. "000_a7e788a71b64a196.txt#4"')
    .argument('<paths...>', 'the files or folders the finding was extracted from')
    .option('--color', 'force colour marks')
    .option('--no-color', 'force 【bracket】 marks');
  ruleOptions(cmd);
  addInputOptions(cmd).action(async (id: string, paths: string[], flags: InputFlags & RuleFlags & { color?: boolean }) => {
    const seg = getSegmenter();
    const rs = loadRulesOrReport(flags, seg, 'explain');
    if (!rs) return setExitCode(cmd, EXIT_USAGE);
    const corpus = await extractCorpus(paths, extractOptions({ ...flags, quiet: true }));
    const finding = corpus.findings.find((f) => f.id === id) ?? uniqueSuffixMatch(corpus.findings, id);
    if (!finding) {
      reportDiagnostics(corpus.diagnostics.filter((d) => d.severity === 'error'));
      const near = corpus.findings.filter((f) => f.id.includes(id.split('#')[0])).slice(0, 5).map((f) => f.id);
      process.stderr.write(
        `xuncha explain: no finding "${id}" in ${paths.join(' ')} (${corpus.findings.length} findings)` +
          `${near.length ? `; ids look like ${near.join(', ')}` : ''}\n`,
      );
      return setExitCode(cmd, EXIT_USAGE);
    }
    const text = corpus.documents.find((d) => d.id === finding.doc_id)?.text;
    const tagged = new Tagger(rs, seg).tag(finding, text, { headingEvidence: flags.headingEvidence });
    const color = flags.color ?? (process.stdout.isTTY === true && !process.env.NO_COLOR);
    process.stdout.write(explainFinding(tagged, text ?? finding.text, rs, { color }));
    setExitCode(cmd, EXIT_OK);
  });
}

/** "000_a7e788a71b64a196.txt#4" also found as "000_a7e788a71b64a196#4" or by a unique id suffix. */
function uniqueSuffixMatch<T extends { id: string }>(findings: T[], id: string): T | undefined {
  const hits = findings.filter((f) => f.id.endsWith(id) || f.id.replace(/\.[a-z]+#/, '#') === id);
  return hits.length === 1 ? hits[0] : undefined;
}
