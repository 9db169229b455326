/**
 * A worker thread of `xuncha run` (see pool.ts): one RunCore, loaded once; messages are handled
 * one at a time, in the order they arrive.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkRuleExamples } from './process.js';
import { RunCore, type CoreConfig } from './run-core.js';
import type { FromWorker, ToWorker } from './pool.js';

const config = (workerData as { config: CoreConfig }).config;
let core: Promise<RunCore> | null = null;
let queue: Promise<void> = Promise.resolve();

async function handle(m: ToWorker): Promise<unknown> {
  switch (m.type) {
    case 'examples':
      return checkRuleExamples(config);
    case 'task':
      return (await (core ??= RunCore.create(config))).handle(m.task, m.read);
    case 'finish':
      return (await (core ??= RunCore.create(config))).finish();
  }
}

parentPort!.on('message', (m: ToWorker) => {
  queue = queue.then(async () => {
    let answer: FromWorker;
    let transfer: ArrayBuffer[] = [];
    try {
      const value = await handle(m);
      // The report builder's state: its byte chunks move to the main thread without a copy.
      if (m.type === 'finish' && value) transfer = (value as { chunks: ArrayBuffer[] }).chunks;
      answer = { id: m.id, ok: true, value };
    } catch (e) {
      const err = e as Error;
      answer = { id: m.id, ok: false, error: { message: err?.message ?? String(e), stack: err?.stack } };
    }
    parentPort!.postMessage(answer, transfer);
  });
});
