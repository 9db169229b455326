import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tmp } from './helpers.js';

/** Wait until `get()` contains `text` (or fail after `ms`). */
async function waitFor(get: () => string, text: string, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!get().includes(text)) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${JSON.stringify(text)}; got:\n${get()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('xuncha tag --watch', () => {
  it('re-tags when a rule file changes and lists the findings whose primary category changed', async () => {
    const rules = tmp();
    cpSync(join(ROOT, 'rules'), rules, { recursive: true });
    const out = tmp();
    const child = spawn(process.execPath, [join(ROOT, 'bin/xuncha.js'), 'tag', 'corpora', '--rules', rules, '--out', out, '--watch'], {
      cwd: ROOT,
      env: { ...process.env, CI: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    try {
      await waitFor(() => stderr, 'watching');
      // Remove the finance category's rule file: the two finance findings must move.
      rmSync(join(rules, '50-finance.yaml'));
      await waitFor(() => stdout, 'changed their primary category');
      expect(stdout).toContain('50-finance.yaml changed');
      expect(stdout).toMatch(/000_a7e788a71b64a196\.txt#14\s+finance →/);
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
