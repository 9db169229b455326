/**
 * Making folders, and file-system errors in words: shared by the outputs (outputs.ts) and the
 * segmentation cache (cache.ts), whose folders come from the user (--out, --cache-dir).
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p`: a folder and its missing parents. Not `mkdir(…, { recursive: true })`, which on
 * Node 20 never returns for a folder whose parent exists but refuses new entries with ENOENT
 * (anything under /proc, say): it retries forever. Here every missing folder is made once, from
 * the top down, and any failure is an error with its code (ENOTDIR when a file is in the way).
 * Another process making the same folder meanwhile is fine.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); ; ) {
    let isDir: boolean;
    try {
      isDir = statSync(d).isDirectory();
    } catch (e) {
      // ENOTDIR: a file further up is in the way (found and reported on the way up).
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
      missing.push(d);
      const up = dirname(d);
      if (up === d) break;
      d = up;
      continue;
    }
    if (!isDir) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${d}'`), { code: 'ENOTDIR', path: d });
    break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(d).isDirectory()) throw e;
    }
  }
}

/** A file-system error in words: what is wrong with which path. */
export function fsProblem(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const path = err.path ?? '';
  switch (err.code) {
    case 'ENOTDIR':
    case 'EEXIST':
      return `${path} is a file, not a folder`;
    case 'EACCES':
    case 'EPERM':
      return `no permission to write ${path}`;
    case 'EROFS':
      return `${path} is on a read-only file system`;
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENOENT':
      return `${path} cannot be created here`;
    default:
      return err.code ? `${err.code}: ${err.message}` : String(err?.message ?? e);
  }
}
