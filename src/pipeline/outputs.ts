/**
 * Writing outputs without ever leaving partial files behind: every file of a run is first written
 * into a staging folder inside --out, then each is renamed into place (rename is atomic on one file
 * system). A run killed before the commit leaves the previous outputs untouched; only the staging
 * folder (named .xuncha-staging-*) remains, and the next run removes stale ones.
 */
import { mkdir, rename, rm, writeFile, readdir } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';

export class OutputSet {
  readonly outDir: string;
  private readonly files = new Map<string, string | Uint8Array>();

  constructor(outDir: string) {
    this.outDir = resolve(outDir);
  }

  /** Queue a file. `name` is a relative path; it may not leave the output folder. */
  add(name: string, content: string | Uint8Array): void {
    this.files.set(safeRelative(name), content);
  }

  names(): string[] {
    return [...this.files.keys()].sort();
  }

  /** Write everything to staging, then rename into place. Returns the written paths. */
  async commit(): Promise<string[]> {
    await mkdir(this.outDir, { recursive: true });
    await removeStaleStaging(this.outDir);
    const staging = join(this.outDir, `.xuncha-staging-${process.pid}-${Date.now().toString(36)}`);
    await mkdir(staging, { recursive: true });
    try {
      for (const [name, content] of this.files) {
        const p = join(staging, name);
        await mkdir(join(p, '..'), { recursive: true });
        await writeFile(p, content);
      }
      const written: string[] = [];
      for (const name of this.names()) {
        const dest = join(this.outDir, name);
        await mkdir(join(dest, '..'), { recursive: true });
        await rename(join(staging, name), dest);
        written.push(dest);
      }
      return written;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
}

async function removeStaleStaging(outDir: string): Promise<void> {
  let entries: string[] = [];
  try {
    entries = await readdir(outDir);
  } catch {
    return;
  }
  for (const e of entries) {
    const m = /^\.xuncha-staging-(\d+)-/.exec(e);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && !isAlive(pid)) await rm(join(outDir, e), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A relative output path that cannot leave the output folder: separators in names derived from
 * metadata are the caller's business; here "..", absolute paths and NUL are refused outright.
 */
export function safeRelative(name: string): string {
  const parts = name.split(/[\\/]+/).filter((p) => p && p !== '.');
  if (!parts.length || parts.some((p) => p === '..' || p.includes('\0')) || /^[a-zA-Z]:/.test(name) || name.startsWith('/')) {
    throw new Error(`unsafe output file name: ${JSON.stringify(name)}`);
  }
  return parts.join(sep);
}

/** A file-name-safe form of a label derived from metadata (unit names etc.). */
export function sanitizeFileName(label: string): string {
  const s = label
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '_')
    .replace(/^\.+/, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  return s || '_';
}
