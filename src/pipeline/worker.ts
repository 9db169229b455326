/**
 * A worker thread of `xuncha run` (see pool.ts): one RunCore, loaded once; messages are handled
 * in the order they arrive (tasks a batch at a time, see BATCH).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkRuleExamples } from './process.js';
import { RunCore, type CoreConfig, type CoreResult } from './run-core.js';
import { ownsBuffer, type FromWorker, type ToWorker } from './pool.js';

const config = (workerData as { config: CoreConfig }).config;
let core: Promise<RunCore> | null = null;
let queue: Promise<void> = Promise.resolve();
const getCore = () => (core ??= RunCore.create(config));

/**
 * Tasks are handled in batches of up to BATCH (RunCore.handleBatch: their texts are segmented back
 * to back), with the same results as one at a time. Each task message queues a drain; a drain first
 * lets the port deliver every message already sent, then takes what is waiting.
 */
const BATCH = 8;
const waiting: Extract<ToWorker, { type: 'task' }>[] = [];

async function drain(): Promise<void> {
  await new Promise((r) => setImmediate(r));
  if (!waiting.length) return;
  const batch = waiting.splice(0, BATCH);
  let results: CoreResult[];
  try {
    results = await (await getCore()).handleBatch(batch.map((m) => ({ task: m.task, read: m.read })));
  } catch (e) {
    for (const m of batch) parentPort!.postMessage(failure(m.id, e));
    return;
  }
  // The output lines (UTF-8 bytes) move to the main thread without a copy.
  batch.forEach((m, i) => parentPort!.postMessage({ id: m.id, ok: true, value: results[i] } satisfies FromWorker, transferList(results[i])));
}

/** A result's output bytes, to transfer rather than copy (those that own their buffer: `utf8` makes such). */
function transferList(r: CoreResult): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const b of [r.docLines, r.findingLines, r.docCsv, r.findingCsv]) {
    if (b && b.byteLength && ownsBuffer(b) && !out.includes(b.buffer as ArrayBuffer)) out.push(b.buffer as ArrayBuffer);
  }
  return out;
}

function failure(id: number, e: unknown): FromWorker {
  const err = e as Error;
  return { id, ok: false, error: { message: err?.message ?? String(e), stack: err?.stack } };
}

async function handle(m: Exclude<ToWorker, { type: 'task' }>): Promise<unknown> {
  switch (m.type) {
    case 'examples':
      return checkRuleExamples(config);
    case 'finish':
      return (await getCore()).finish();
  }
}

parentPort!.on('message', (m: ToWorker) => {
  if (m.type === 'task') {
    waiting.push(m);
    queue = queue.then(drain);
    return;
  }
  queue = queue.then(async () => {
    let answer: FromWorker;
    let transfer: ArrayBuffer[] = [];
    try {
      const value = await handle(m);
      // The report builder's state: its byte chunks move to the main thread without a copy.
      if (m.type === 'finish' && value) transfer = (value as { chunks: ArrayBuffer[] }).chunks;
      answer = { id: m.id, ok: true, value };
    } catch (e) {
      answer = failure(m.id, e);
    }
    parentPort!.postMessage(answer, transfer);
  });
});
