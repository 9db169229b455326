/** The worker-thread entry of the pool: one processor (segmenter + rule set) per thread. */
import { workerData } from 'node:worker_threads';
import type { Diagnostic } from '../diagnostics/message.js';
import { checkRuleExamples, createProcessor, type ItemResult, type ItemTask, type ProcessConfig, type Processor } from './process.js';

let processor: Promise<Processor> | null = null;

export default async function run(task: ItemTask): Promise<ItemResult> {
  processor ??= createProcessor((workerData as { config: ProcessConfig }).config);
  return (await processor).process(task);
}

/** The rule set's inline examples (see checkRuleExamples). */
export async function checkRules(): Promise<Diagnostic[]> {
  return checkRuleExamples((workerData as { config: ProcessConfig }).config);
}

/** Wait for this thread's cache writes (one such task reaches each thread before the pool ends). */
export async function flushCache(): Promise<void> {
  if (processor) await (await processor).flush();
}
