/**
 * `xuncha run <paths...>`: the main job. Extract, tag, aggregate, render:
 * findings.csv, documents.csv (UTF-8 with BOM), findings.jsonl, documents.jsonl, summary.json,
 * report.md, report.html, errors.csv and ruleset.json, all written atomically into --out.
 * `xuncha merge <dirs...>` combines the outputs of `run --shard i/n`.
 */
import type { Command } from 'commander';
import { getLazySegmenter, SEGMENTERS, type SegmenterName } from '../segment/index.js';
import { defaultCacheDir } from '../pipeline/cache.js';
import { defaultJobs, RuleExamplesError } from '../pipeline/pool.js';
import { mergeShards, NoInputsError, parseShard, runCorpus, type RunResult } from '../pipeline/run.js';
import type { Diagnostic } from '../diagnostics/message.js';
import { reportDiagnostics } from './report-diagnostics.js';
import { createProgress } from './progress.js';
import { addInputOptions, type InputFlags } from './extract.js';
import { loadRulesOrReport, ruleOptions, ruleSetManifest, type RuleFlags } from './tag.js';
import { ruleDirArg } from './rules.js';
import { EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, intOption, setExitCode, UsageError } from './common.js';

export interface ScaleFlags {
  jobs?: number;
  cache: boolean;
  cacheDir?: string;
  segmenter: string;
  resume?: boolean;
}

/** Flags for parallel, cached, large runs (run, and the benchmark). */
export function addScaleOptions(cmd: Command): Command {
  return cmd
    .option('-j, --jobs <n>', `worker threads (default: all cores, here ${defaultJobs()})`, intOption('--jobs'))
    .option('--no-cache', 'do not read or write the cache (decoded inputs, segmentation, tagging results)')
    .option('--cache-dir <dir>', `cache folder (default ${defaultCacheDir()})`)
    .option('--segmenter <name>', `segmenter backend: ${SEGMENTERS.join(' or ')}`, 'nodejieba')
    .option('--resume', 'continue an interrupted run: documents it finished are taken from the cache (on by default) instead of being read and segmented again');
}

export function segmenterArg(name: string): SegmenterName {
  if (!(SEGMENTERS as readonly string[]).includes(name)) throw new UsageError(`--segmenter takes ${SEGMENTERS.join(' or ')}, not "${name}"`);
  return name as SegmenterName;
}

function summarize(command: string, r: RunResult, extra = ''): string {
  return (
    `xuncha ${command}: ${r.documents} documents, ${r.findings} findings` +
    `${r.failed ? `, ${r.failed} inputs failed (see errors.csv)` : ''}${extra} → ${r.outDir}`
  );
}

export function register(program: Command): void {
  const cmd = program
    .command('run')
    .description('the main job: extract, tag, aggregate and render comparison reports (report.html, report.md, summary.json, CSV, JSONL)')
    .argument('<paths...>', 'files and folders (folders are read recursively)')
    .option('-o, --out <dir>', 'output folder', 'reports')
    .option('--shard <i/n>', 'process part i of n of the sorted inputs and write partial results for `xuncha merge`');
  ruleOptions(cmd);
  addScaleOptions(cmd);
  addInputOptions(cmd).action(async (paths: string[], flags: InputFlags & RuleFlags & ScaleFlags & { out: string; shard?: string }) => {
    const backend = segmenterArg(flags.segmenter);
    const shard = flags.shard ? parseShard(flags.shard) : null;
    if (flags.shard && !shard) throw new UsageError(`--shard takes i/n with 1 ≤ i ≤ n, not "${flags.shard}"`);
    if (flags.resume && !flags.cache) throw new UsageError('--resume needs the cache: drop --no-cache');
    // Validate the rule files before anything is read or written; their inline examples are checked
    // in a worker during the run, and a failure discards everything (nothing is written).
    if (!loadRulesOrReport(flags, getLazySegmenter({ backend }), 'run', { skipExamples: true })) return setExitCode(cmd, EXIT_USAGE);
    const progress = createProgress({ quiet: flags.quiet, label: 'run' });
    let r: RunResult;
    try {
      r = await runCorpus({
      paths,
      outDir: flags.out,
      rulesDir: ruleDirArg(flags.rules),
      headingEvidence: flags.headingEvidence,
      csv: { text: flags.csvTextColumn, unit: flags.csvUnitColumn, id: flags.csvIdColumn },
      metaFile: flags.meta,
      jobs: flags.jobs ?? defaultJobs(),
      cacheDir: flags.cache ? (flags.cacheDir ?? defaultCacheDir()) : null,
      segmenter: backend,
      maxBytes: (flags.maxFileMb ?? 64) * 1024 * 1024,
      shard,
      onProgress: (d, t, f) => progress.update(d, t, f),
      ruleSetManifest: (rs) => ruleSetManifest(rs, getLazySegmenter({ backend })),
      });
    } catch (e) {
      progress.stop();
      if (e instanceof NoInputsError) {
        reportDiagnostics(e.diagnostics);
        process.stderr.write(`xuncha run: no input files in ${paths.join(', ')}; nothing was written\n`);
        return setExitCode(cmd, EXIT_USAGE);
      }
      if (!(e instanceof RuleExamplesError)) throw e;
      reportDiagnostics(e.diagnostics);
      process.stderr.write(`xuncha run: the rule set in ${ruleDirArg(flags.rules)} fails its inline examples (see above); nothing was written\n`);
      return setExitCode(cmd, EXIT_USAGE);
    }
    progress.stop();
    reportDiagnostics(r.diagnostics);
    if (!flags.quiet) {
      const resumed = flags.resume
        ? `; resumed: ${r.cached} documents taken from the interrupted run's cache`
        : r.cached
          ? `; from the cache: ${r.cached} documents, ${r.reused} of them only re-scored (the rules find the same evidence in them)` +
            (r.recut ? `, ${r.recut} segmented again in part (a changed dictionary word occurs in them)` : '')
          : '';
      const part = shard ? ` (shard ${shard.index}/${shard.count}; combine with xuncha merge)` : '';
      process.stderr.write(summarize('run', r, resumed + part) + (shard ? '' : '/report.html') + '\n');
    }
    setExitCode(cmd, r.failed ? EXIT_SOME_FAILED : EXIT_OK);
  });

  const merge = program
    .command('merge')
    .description('combine the outputs of `xuncha run --shard i/n` (one folder per shard) into the reports a single run gives')
    .argument('<dirs...>', 'the shard output folders')
    .option('-o, --out <dir>', 'output folder', 'reports')
    .option('--segmenter <name>', `segmenter backend used by the shards: ${SEGMENTERS.join(' or ')}`, 'nodejieba')
    .option('-q, --quiet', 'no summary line')
    .action(async (dirs: string[], flags: { out: string; segmenter: string; quiet?: boolean }) => {
      try {
        const r = await mergeShards({ dirs, outDir: flags.out, segmenter: segmenterArg(flags.segmenter) });
        reportDiagnostics(r.diagnostics);
        if (!flags.quiet) process.stderr.write(summarize('merge', r) + '/report.html\n');
        setExitCode(merge, r.failed ? EXIT_SOME_FAILED : EXIT_OK);
      } catch (e) {
        const d = (e as Error & { diagnostics?: Diagnostic[] }).diagnostics;
        if (!d) throw e;
        reportDiagnostics(d);
        process.stderr.write(`xuncha merge: ${(e as Error).message}; nothing was written\n`);
        setExitCode(merge, EXIT_USAGE);
      }
    });
}
