/** A reader that goes away early (`xuncha rules test | head -1`): no stack trace, the command still finishes. */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tmp } from './helpers.js';

/** Run the CLI with its stdout read end closed at once: every write to stdout fails with EPIPE. */
function closedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(ROOT, 'bin/xuncha.js'), ...args], { cwd: ROOT, env: { ...process.env, CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    p.stdout.destroy();
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 60_000);
    p.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('output to a closed pipe', () => {
  it('rules test: exits as it would have, without an EPIPE stack trace', async () => {
    const r = await closedStdout(['rules', 'test', 'rules']);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|at /);
    expect(r.code).toBe(0);
  });

  it('run: still writes its reports', async () => {
    const out = tmp();
    const r = await closedStdout(['run', 'corpora', '--out', out, '--no-cache']);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });
});
