/**
 * Watching a rule folder: `watchRules(dir, onChange)` calls `onChange` with the changed files after
 * edits settle (debounced), never runs two callbacks at once (changes that arrive during a run are
 * collected into one more run), and resolves once the watcher is ready, so a change made after the
 * promise resolves is seen. Rule files (*.yaml, *.yml) and dictionaries (*.txt) directly inside the
 * folder count; other files are ignored. Used by `rules eval --watch`; `tag --watch` can use it too,
 * printing `formatPrimaryChanges(diffTagged(before, after))`.
 */
import { watch, type FSWatcher } from 'chokidar';
import { resolve } from 'node:path';

export interface RuleWatcher {
  /** Stop watching; waits for a running callback to finish. */
  close(): Promise<void>;
  /** The underlying chokidar watcher. */
  readonly watcher: FSWatcher;
}

export interface WatchOptions {
  /** Quiet time after the last change before the callback runs (ms, default 200). */
  debounceMs?: number;
  /** Use polling (network drives, some containers). */
  usePolling?: boolean;
  /** Called when the callback throws (default: print to stderr). */
  onError?: (e: unknown) => void;
}

const RELEVANT = /\.(ya?ml|txt)$/i;

export async function watchRules(dir: string, onChange: (changed: string[]) => void | Promise<void>, opts: WatchOptions = {}): Promise<RuleWatcher> {
  const root = resolve(dir);
  const debounceMs = opts.debounceMs ?? 200;
  const onError = opts.onError ?? ((e: unknown) => process.stderr.write(`xuncha: ${(e as Error)?.stack ?? e}\n`));
  const watcher = watch(root, {
    ignoreInitial: true,
    depth: 0,
    usePolling: opts.usePolling ?? false,
    interval: 100,
    ignored: (p, stats) => !!stats?.isFile() && !RELEVANT.test(p),
  });
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let closed = false;

  const run = async (): Promise<void> => {
    timer = null;
    if (running || closed || !pending.size) return;
    const changed = [...pending].sort();
    pending = new Set();
    running = (async () => {
      try {
        await onChange(changed);
      } catch (e) {
        onError(e);
      }
    })();
    await running;
    running = null;
    if (pending.size && !closed) schedule();
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(), debounceMs);
  };
  const onEvent = (path: string) => {
    if (!RELEVANT.test(path)) return;
    pending.add(path);
    if (!running) schedule();
  };
  watcher.on('add', onEvent).on('change', onEvent).on('unlink', onEvent);
  await new Promise<void>((res, rej) => {
    watcher.once('ready', () => res());
    watcher.once('error', (e) => rej(e));
  });
  return {
    watcher,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await watcher.close();
      if (running) await running;
    },
  };
}

/** Resolve when the user interrupts (Ctrl-C or SIGTERM), after closing the watcher. */
export function untilInterrupted(watcher: RuleWatcher): Promise<void> {
  return new Promise<void>((resolveStop) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void watcher.close().then(() => resolveStop());
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
