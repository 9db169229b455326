import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDirs } from '../../src/pipeline/folders.js';

describe('makeDirs', () => {
  it('makes a folder and its missing parents, and accepts one that exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xuncha-dirs-'));
    makeDirs(join(dir, 'a', 'b', 'c'));
    expect(statSync(join(dir, 'a', 'b', 'c')).isDirectory()).toBe(true);
    makeDirs(join(dir, 'a', 'b', 'c'));
    makeDirs(dir);
  });

  it('names the file that is in the way', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xuncha-dirs-'));
    writeFileSync(join(dir, 'f'), 'x');
    for (const target of [join(dir, 'f'), join(dir, 'f', 'g', 'h')]) {
      expect(() => makeDirs(target)).toThrow(expect.objectContaining({ code: 'ENOTDIR', path: join(dir, 'f') }));
    }
  });

  // Node's mkdir(…, { recursive: true }) retries forever there; run in a child so that a hang fails the test instead of blocking it.
  it.skipIf(!existsSync('/proc/self'))('fails at once where a folder cannot be made although its parent exists (/proc)', () => {
    const mod = pathToFileURL(join(import.meta.dirname, '../../dist/pipeline/folders.js')).href;
    const code = `import { makeDirs } from ${JSON.stringify(mod)}; try { makeDirs('/proc/xuncha-no-such/a'); console.log('made'); } catch (e) { console.log(e.code); }`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 20_000 });
    expect(r.signal, 'makeDirs did not return').toBeNull();
    expect(r.stdout.trim()).toBe('ENOENT');
  });
});
