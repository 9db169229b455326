/**
 * A progress bar on stderr (files, findings, rate, time left) when stderr is a terminal;
 * silent when piped, in CI, or with --quiet.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number, findings: number): void;
  stop(): void;
}

export function createProgress(opts: { quiet?: boolean; label?: string } = {}): Progress {
  const enabled = !opts.quiet && process.stderr.isTTY === true && !process.env.CI;
  if (!enabled) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${opts.label ?? 'xuncha'} [{bar}] {value}/{total} files | {findings} findings | {rate} files/s | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const t0 = Date.now();
  return {
    update(done, total, findings) {
      const rate = (done / Math.max(0.001, (Date.now() - t0) / 1000)).toFixed(1);
      if (!started) {
        bar.start(total, done, { findings, rate });
        started = true;
      } else bar.update(done, { findings, rate });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
