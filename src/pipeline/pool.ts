/**
 * The threads of `xuncha run`: one RunCore (segmenter, rule set, cache, report builder) per worker
 * thread, each loaded once. The main thread reads the inputs and hands each file's bytes to the
 * least busy thread (transferred, not copied); a thread takes its tasks one at a time and answers
 * with serialized output lines. At the end every thread is asked once for its report builder's
 * state. A thread must be addressed by name for that, which is why this is a small pool of our own
 * over node:worker_threads rather than a general-purpose one (piscina cannot send a message to
 * every thread). With jobs = 1 (or when running from sources, as in the tests) the same RunCore
 * runs in this thread.
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../diagnostics/message.js';
import type { ReportTransfer } from '../aggregate/builder.js';
import { checkRuleExamples, type ItemTask, type ReadInput } from './process.js';
import { RunCore, type CoreConfig, type CoreResult } from './run-core.js';

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

export interface RunThreads {
  /** How many threads process files. */
  readonly size: number;
  /** Process one input (its bytes are transferred to the thread: do not use them afterwards). */
  submit(task: ItemTask, read: ReadInput): Promise<CoreResult>;
  /** The rule set's inline examples: the problems found (checked once, by one thread). */
  examples(): Promise<Diagnostic[]>;
  /**
   * After the last submit has settled: each thread's builder state (null for a thread that saw
   * nothing), handed to `take` one thread at a time, so that only one state is in transit at once.
   */
  finish(take: (partial: ReportTransfer | null) => void): Promise<void>;
  close(): Promise<void>;
}

/** Worker threads when there is more than one job and the compiled worker exists; else this thread. */
export async function startThreads(config: CoreConfig, jobs: number): Promise<RunThreads> {
  const canThread = jobs > 1 && WORKER.pathname.endsWith('.js') && existsSync(fileURLToPath(WORKER));
  return canThread ? WorkerThreads.start(config, jobs) : LocalThread.start(config);
}

/** Messages to a worker thread (see worker.ts) and its answers. */
export type ToWorker =
  | { id: number; type: 'task'; task: ItemTask; read: ReadInput }
  | { id: number; type: 'examples' }
  | { id: number; type: 'finish' };
export type FromWorker = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { message: string; stack?: string } };

class LocalThread implements RunThreads {
  readonly size = 1;
  private constructor(
    private readonly config: CoreConfig,
    private readonly core: RunCore,
  ) {}

  static async start(config: CoreConfig): Promise<LocalThread> {
    return new LocalThread(config, await RunCore.create(config));
  }

  submit(task: ItemTask, read: ReadInput): Promise<CoreResult> {
    return this.core.handle(task, read);
  }

  examples(): Promise<Diagnostic[]> {
    return checkRuleExamples(this.config);
  }

  async finish(take: (partial: ReportTransfer | null) => void): Promise<void> {
    take(await this.core.finish());
  }

  async close(): Promise<void> {}
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  thread: Thread;
}

interface Thread {
  worker: Worker;
  busy: number;
}

class WorkerThreads implements RunThreads {
  private readonly threads: Thread[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private broken: Error | null = null;
  private closing = false;

  private constructor(private readonly config: CoreConfig) {}

  get size(): number {
    return this.threads.length;
  }

  static async start(config: CoreConfig, jobs: number): Promise<WorkerThreads> {
    const pool = new WorkerThreads(config);
    for (let i = 0; i < jobs; i++) pool.spawn();
    return pool;
  }

  private spawn(): void {
    // A larger young generation than V8's default: a thread's per-document garbage (and a batch of
    // documents held between their extraction and their tagging) then dies young instead of being
    // promoted and collected by the slower old-generation GC (~0.3 s less GC per thread at N=2000,
    // for ~40 MB more memory).
    const worker = new Worker(WORKER, { workerData: { config: this.config }, resourceLimits: { maxYoungGenerationSizeMb: 96 } });
    const thread: Thread = { worker, busy: 0 };
    worker.on('message', (m: FromWorker) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      p.thread.busy--;
      if (m.ok) p.resolve(m.value);
      else {
        const e = new Error(m.error.message);
        if (m.error.stack) e.stack = m.error.stack;
        p.reject(e);
      }
    });
    const fail = (e: Error) => {
      if (this.closing) return;
      this.broken ??= e;
      for (const [id, p] of this.pending) {
        if (p.thread !== thread) continue;
        this.pending.delete(id);
        p.reject(e);
      }
    };
    worker.on('error', (e) => fail(e));
    worker.on('exit', (code) => fail(new Error(`a worker thread stopped (exit code ${code})`)));
    this.threads.push(thread);
  }

  private send<T>(thread: Thread, msg: ToWorker extends infer T ? (T extends unknown ? Omit<T, 'id'> : never) : never, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, thread });
      thread.busy++;
      thread.worker.postMessage({ ...msg, id }, transfer);
    });
  }

  submit(task: ItemTask, read: ReadInput): Promise<CoreResult> {
    let best = this.threads[0];
    for (const t of this.threads) if (t.busy < best.busy) best = t;
    const bytes = ownBuffer(read.bytes);
    return this.send<CoreResult>(best, { type: 'task', task, read: { bytes, sha256: read.sha256 } }, [bytes.buffer as ArrayBuffer]);
  }

  examples(): Promise<Diagnostic[]> {
    // The first thread checks them before its first document (it loads its dictionary anyway).
    return this.send<Diagnostic[]>(this.threads[0], { type: 'examples' });
  }

  async finish(take: (partial: ReportTransfer | null) => void): Promise<void> {
    for (const t of this.threads) take(await this.send<ReportTransfer | null>(t, { type: 'finish' }));
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}

/** Whether `bytes` is its whole ArrayBuffer, which can then be transferred (small Buffers share a pool). */
export function ownsBuffer(bytes: Uint8Array): boolean {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
}

/** Bytes that own their whole ArrayBuffer (a copy when they do not), so it can be transferred. */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  return ownsBuffer(bytes) ? bytes : new Uint8Array(bytes);
}
