import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';

export const ROOT = resolve(import.meta.dirname, '../..');

/** Run the built CLI (dist/, built by `npm test` before vitest) as a user would. */
export function xuncha(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/xuncha.js'), ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: '1', ...opts.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tmp(prefix = 'xuncha-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function readJsonl<T = Record<string, unknown>>(file: string): T[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
}

export function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(file), { bom: true, columns: true }) as Record<string, string>[];
}
