/**
 * vitest globalSetup: every temporary file and folder of a test run (the tests', and those of the
 * xuncha processes they start) goes into one folder, removed when the run ends. Without it each
 * `npm test` left some hundreds of folders in the system's temp folder. Set
 * XUNCHA_KEEP_TEST_TMP=1 to keep it (its path is printed) when looking into a failure.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'xuncha-tests-'));
  // Readable and traversable by every user: the robustness tests run xuncha as `nobody`.
  chmodSync(dir, 0o755);
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    if (process.env.XUNCHA_KEEP_TEST_TMP === '1') console.log(`[tests] temporary files kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
}
