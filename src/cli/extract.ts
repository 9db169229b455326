import type { Command } from 'commander';
import { extractCorpus } from '../pipeline/extract.js';
import { OutputSet } from '../pipeline/outputs.js';
import { toJsonl } from '../render/jsonl.js';
import { documentsCsv, findingsCsv } from '../render/tables.js';
import { errorsCsv } from '../render/errors.js';
import { reportDiagnostics } from './report-diagnostics.js';
import { createProgress } from './progress.js';
import { EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, intOption, setExitCode } from './common.js';

export interface InputFlags {
  maxFileMb?: number;
  meta?: string;
  csvTextColumn?: string;
  csvUnitColumn?: string;
  csvIdColumn?: string;
  quiet?: boolean;
}

/** The input flags shared by extract, tag and run. */
export function addInputOptions(cmd: Command): Command {
  return cmd
    .option('--meta <file>', 'metadata CSV keyed by file path (a "path" or "file" column); adds or overrides unit, region, level, year or any column')
    .option('--csv-text-column <name>', 'CSV inputs: the column holding the finding text (default: text/内容/问题)')
    .option('--csv-unit-column <name>', 'CSV inputs: the column holding the unit')
    .option('--csv-id-column <name>', 'CSV inputs: the column holding a finding id')
    .option('--max-file-mb <n>', 'refuse input files larger than this many MiB (E_TOO_LARGE)', intOption('--max-file-mb'), 64)
    .option('-q, --quiet', 'no progress bar and no summary line');
}

export function extractOptions(flags: InputFlags & { out?: string }, onProgress?: (d: number, t: number, f: number) => void) {
  return {
    exclude: flags.out ? [flags.out] : [],
    maxBytes: (flags.maxFileMb ?? 64) * 1024 * 1024,
    metaFile: flags.meta,
    csv: { text: flags.csvTextColumn, unit: flags.csvUnitColumn, id: flags.csvIdColumn },
    onProgress,
  };
}

export function register(program: Command): void {
  const cmd = program
    .command('extract')
    .description('read reports (.txt in UTF-8/GB18030/UTF-16, .md, .docx, .html, .pdf, or a CSV of findings) and write documents and findings')
    .argument('<paths...>', 'files and folders (folders are read recursively)')
    .option('-o, --out <dir>', 'output folder', 'out');
  addInputOptions(cmd).action(async (paths: string[], flags: InputFlags & { out: string }) => {
    const progress = createProgress({ quiet: flags.quiet, label: 'extract' });
    const corpus = await extractCorpus(paths, extractOptions(flags, (d, t, f) => progress.update(d, t, f)));
    progress.stop();
    if (corpus.inputs === 0) {
      reportDiagnostics(corpus.diagnostics);
      process.stderr.write(`xuncha extract: no input files in ${paths.join(', ')}; nothing was written\n`);
      return setExitCode(cmd, EXIT_USAGE);
    }
    const out = new OutputSet(flags.out);
    out.add('documents.jsonl', toJsonl(corpus.documents));
    out.add('findings.jsonl', toJsonl(corpus.findings));
    out.add('documents.csv', documentsCsv(corpus.documents));
    out.add('findings.csv', findingsCsv(corpus.findings));
    out.add('errors.csv', errorsCsv(corpus.diagnostics));
    await out.commit();
    reportDiagnostics(corpus.diagnostics);
    if (!flags.quiet) {
      process.stderr.write(
        `xuncha extract: ${corpus.documents.length} documents, ${corpus.findings.filter((f) => f.record_kind === 'finding').length} findings` +
          `${corpus.failed ? `, ${corpus.failed} inputs failed (see errors.csv)` : ''} → ${out.outDir}\n`,
      );
    }
    setExitCode(cmd, corpus.failed ? EXIT_SOME_FAILED : EXIT_OK);
  });
}
