/**
 * Runs items through the per-file processor on a pool of worker threads (piscina), each with its
 * own segmenter and rule set loaded once, and hands results back IN INPUT ORDER (a small reorder
 * buffer), so outputs are deterministic whatever the scheduling. At most `jobs × 16` items are in
 * flight, so memory does not grow with the corpus. With jobs = 1 everything runs in this thread.
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { Diagnostic } from '../diagnostics/message.js';
import { checkRuleExamples, createProcessor, type ItemResult, type ItemTask, type ProcessConfig } from './process.js';

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

const WORKER = new URL('./worker.js', import.meta.url);

/** The rule set failed its inline examples: everything the run staged must be discarded. */
export class RuleExamplesError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super('the rule set fails its inline examples');
  }
}

export async function runPool(
  tasks: ItemTask[],
  config: ProcessConfig,
  jobs: number,
  onResult: (index: number, result: ItemResult) => Promise<void> | void,
): Promise<void> {
  // Worker threads need the compiled worker (dist/); from sources (tests via tsx/vitest) run in-process.
  const canThread = jobs > 1 && WORKER.pathname.endsWith('.js') && existsSync(fileURLToPath(WORKER));
  if (!canThread) {
    const problems = await checkRuleExamples(config);
    if (problems.length) throw new RuleExamplesError(problems);
    const p = await createProcessor(config);
    for (let i = 0; i < tasks.length; i++) await onResult(i, await p.process(tasks[i]));
    await p.flush();
    return;
  }
  const pool = new Piscina({
    filename: WORKER.href,
    minThreads: jobs,
    maxThreads: jobs,
    workerData: { config },
    // Each worker holds a segmenter dictionary (~250 MB with nodejieba); keep them alive for the run.
    idleTimeout: 60_000,
  });
  // The examples are checked in a worker (which loads its dictionary anyway) while documents are processed.
  const examples = pool.run(null, { name: 'checkRules' }) as Promise<Diagnostic[]>;
  examples.catch(() => undefined);
  try {
    const ready = new Map<number, ItemResult>();
    let next = 0; // next index to hand over
    let launched = 0;
    const limit = jobs * 16;
    let failure: unknown = null;
    let draining = false;
    await new Promise<void>((resolve, reject) => {
      const pump = () => {
        while (!failure && launched < tasks.length && launched - next < limit) {
          const i = launched++;
          pool.run(tasks[i]).then(
            async (r: ItemResult) => {
              ready.set(i, r);
              if (draining) return; // the running drain will hand this one over
              draining = true;
              try {
                while (ready.has(next)) {
                  const res = ready.get(next)!;
                  ready.delete(next);
                  await onResult(next, res);
                  next++;
                }
              } catch (e) {
                failure = e;
                return reject(e);
              } finally {
                draining = false;
              }
              if (next === tasks.length) resolve();
              else pump();
            },
            (e: unknown) => {
              failure = e;
              reject(e);
            },
          );
        }
      };
      if (tasks.length === 0) resolve();
      else pump();
    });
    const problems = await examples;
    if (problems.length) throw new RuleExamplesError(problems);
    // Cache writes overlap the work; let every thread finish its own (one task per idle thread).
    await Promise.all(Array.from({ length: jobs }, () => pool.run(null, { name: 'flushCache' })));
  } finally {
    await pool.destroy();
  }
}
