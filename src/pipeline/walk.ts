/**
 * The input walker: turns the paths given on the command line into a deterministic list of input
 * files, and reads them. This is the only part of the ingest side that touches the file system.
 *
 * - Files are taken as given (any extension: ingest reports unsupported ones); folders are walked
 *   recursively, keeping files with a supported extension (others are reported as info).
 * - Hidden files and folders (dot-names), editor temp files (~$x.docx, x~, #x#) and README files
 *   inside folders are skipped (a file given directly is always taken). Symbolic links are followed; a link back to a folder being walked is reported (E_LOOP)
 *   and not followed; a folder reached twice is walked once; the same file reached twice is listed once.
 * - Order: roots in the order given; within a root, by relative path in code point order.
 * - id: the path relative to its root with forward slashes (a file given directly: its basename). When
 *   ids from different roots collide, the colliding ones are prefixed with their root's name
 *   ("2021/a.txt", "2022/a.txt"), made unique with "~N" if the roots' names collide too.
 */
import { createHash } from 'node:crypto';
// Synchronous file system calls: listing and reading thousands of small files one promise round
// trip at a time (stat, access, realpath; open, fstat, read, close) cost more than the work.
import {
  accessSync,
  closeSync,
  constants as fsConstants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  type Dirent,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { diag, type Diagnostic, type Result } from '../diagnostics/message.js';
import { SUPPORTED_EXTENSIONS, extensionOf } from '../ingest/index.js';

export interface WalkItem {
  /** The path as found: the argument itself, or the argument joined with the relative path. */
  path: string;
  /** Stable id: path relative to the root, forward slashes (see the module comment for collisions). */
  id: string;
  /** The root argument the item came from, as given. */
  root: string;
  /** Size in bytes when walked. */
  size: number;
}

export interface WalkOptions {
  /** Folders never walked into (the run's own output and cache folders), as paths; compared by realpath. */
  exclude?: readonly string[];
  /** Extensions (lower case, with the dot) kept when walking folders; null keeps every file. Default: the supported formats. */
  extensions?: readonly string[] | null;
}

export interface WalkResult {
  items: WalkItem[];
  diagnostics: Diagnostic[];
}

export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/** Compare strings by Unicode code point (not UTF-16 code unit), for a platform-independent order. */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(j)!;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

/** Names skipped inside folders: hidden (dot) names and editor/Office temp and backup files. */
export function isSkippedName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~$') || name.endsWith('~') || (name.startsWith('#') && name.endsWith('#'));
}

/** README.md, readme.txt…: a folder's description (corpora/README.md), not a report. */
export function isReadme(name: string): boolean {
  return /^readme(?:\.[a-z0-9]+)?$/i.test(name);
}

function errCode(e: unknown): string {
  return (e as NodeJS.ErrnoException)?.code ?? '';
}

function fsDiag(path: string, e: unknown, what: 'file' | 'folder' | 'path'): Diagnostic {
  const code = errCode(e);
  if (code === 'ENOENT' || code === 'ENOTDIR') return diag(path, 'E_NOT_FOUND', `no such ${what}`);
  if (code === 'EACCES' || code === 'EPERM') return diag(path, 'E_READ', `permission denied: cannot read this ${what}`, { note: code });
  if (code === 'ELOOP') return diag(path, 'E_LOOP', 'too many levels of symbolic links', { note: code });
  if (code === 'EISDIR') return diag(path, 'E_READ', 'this is a folder, not a file', { note: code });
  return diag(path, 'E_READ', `cannot read this ${what}`, { note: e instanceof Error ? e.message : String(e) });
}

interface Found {
  path: string;
  rel: string;
  real: string;
  size: number;
}

interface RootState {
  root: string;
  isFile: boolean;
  found: Found[];
}

export async function walkInputs(paths: string[], opts: WalkOptions = {}): Promise<WalkResult> {
  const extensions = opts.extensions === undefined ? SUPPORTED_EXTENSIONS : opts.extensions;
  const keep = (name: string) => extensions === null || extensions.includes(extensionOf(name));
  const diagnostics: Diagnostic[] = [];
  const roots: RootState[] = [];
  const visitedDirs = new Map<string, string>(); // realpath → path as found
  const excluded = new Set<string>();
  for (const x of opts.exclude ?? []) {
    try {
      excluded.add(realpathSync.native(x));
    } catch {
      excluded.add(resolve(x)); // not created yet
    }
  }

  const walkDir = async (dir: string, rel: string, ancestors: Set<string>, state: RootState): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      diagnostics.push(fsDiag(dir, e, 'folder'));
      return;
    }
    entries.sort((a, b) => compareCodePoints(a.name, b.name)); // deterministic diagnostics, too
    for (const entry of entries) {
      const name = entry.name;
      if (isSkippedName(name)) continue;
      const path = join(dir, name);
      const relPath = rel ? `${rel}/${name}` : name;
      let st: Stats;
      try {
        st = statSync(path); // follows symbolic links
      } catch (e) {
        if (entry.isSymbolicLink() && (errCode(e) === 'ENOENT' || errCode(e) === 'ENOTDIR')) {
          diagnostics.push(diag(path, 'W_BROKEN_LINK', 'symbolic link to a missing target; skipped', { severity: 'warning' }));
        } else {
          diagnostics.push(fsDiag(path, e, 'path'));
        }
        continue;
      }
      if (st.isDirectory()) {
        let real: string;
        try {
          real = realpathSync.native(path);
        } catch (e) {
          diagnostics.push(fsDiag(path, e, 'folder'));
          continue;
        }
        if (excluded.has(real)) {
          diagnostics.push(diag(path, 'I_SKIPPED', "xuncha's own output or cache folder; skipped", { severity: 'info' }));
          continue;
        }
        if (ancestors.has(real)) {
          diagnostics.push(diag(path, 'E_LOOP', 'symbolic link loop: this folder contains itself; not followed', { note: `it leads back to ${real}` }));
          continue;
        }
        const seen = visitedDirs.get(real);
        if (seen !== undefined) {
          diagnostics.push(diag(path, 'I_DUPLICATE', `same folder as ${seen}; walked once`, { severity: 'info' }));
          continue;
        }
        visitedDirs.set(real, path);
        await walkDir(path, relPath, new Set([...ancestors, real]), state);
      } else if (st.isFile()) {
        if (isReadme(name)) {
          diagnostics.push(diag(path, 'I_SKIPPED', 'a README, not an input document; skipped (give it directly to read it)', { severity: 'info' }));
          continue;
        }
        if (!keep(name)) {
          diagnostics.push(diag(path, 'I_SKIPPED', `not an input format (${SUPPORTED_EXTENSIONS.join(' ')}); skipped`, { severity: 'info' }));
          continue;
        }
        try {
          accessSync(path, fsConstants.R_OK);
        } catch (e) {
          diagnostics.push(fsDiag(path, e, 'file'));
          continue;
        }
        let real = path;
        try {
          real = realpathSync.native(path);
        } catch {
          /* keep the path */
        }
        state.found.push({ path, rel: relPath, real, size: st.size });
      } else {
        diagnostics.push(diag(path, 'I_SKIPPED', 'not a regular file (a device, socket or pipe); skipped', { severity: 'info' }));
      }
    }
  };

  for (const root of paths) {
    let st: Stats;
    try {
      st = statSync(root);
    } catch (e) {
      const dangling = errCode(e) === 'ENOENT' && lstatExists(root);
      diagnostics.push(dangling ? diag(root, 'E_NOT_FOUND', 'symbolic link to a missing target') : fsDiag(root, e, 'path'));
      continue;
    }
    if (st.isDirectory()) {
      const state: RootState = { root, isFile: false, found: [] };
      let real: string;
      try {
        real = realpathSync.native(root);
      } catch (e) {
        diagnostics.push(fsDiag(root, e, 'folder'));
        continue;
      }
      if (visitedDirs.has(real)) {
        diagnostics.push(diag(root, 'I_DUPLICATE', `same folder as ${visitedDirs.get(real)}; walked once`, { severity: 'info' }));
        continue;
      }
      visitedDirs.set(real, root);
      roots.push(state);
      await walkDir(root, '', new Set([real]), state);
    } else if (st.isFile()) {
      try {
        accessSync(root, fsConstants.R_OK);
      } catch (e) {
        diagnostics.push(fsDiag(root, e, 'file'));
        continue;
      }
      let real = resolve(root);
      try {
        real = realpathSync.native(root);
      } catch {
        /* keep */
      }
      roots.push({ root, isFile: true, found: [{ path: root, rel: basename(root), real, size: st.size }] });
    } else {
      diagnostics.push(diag(root, 'E_READ', 'not a regular file or folder (a device, socket or pipe)'));
    }
  }

  // Order within each root, then drop files reached twice (first occurrence wins).
  const seenFiles = new Map<string, string>();
  const kept: Array<{ state: RootState; f: Found; rootIndex: number }> = [];
  roots.forEach((state, rootIndex) => {
    state.found.sort((a, b) => compareCodePoints(a.rel, b.rel));
    for (const f of state.found) {
      const first = seenFiles.get(f.real);
      if (first !== undefined) {
        diagnostics.push(diag(f.path, 'I_DUPLICATE', `same file as ${first}; listed once`, { severity: 'info' }));
        continue;
      }
      seenFiles.set(f.real, f.path);
      kept.push({ state, f, rootIndex });
    }
  });

  // Ids, made unique across roots.
  const ids = kept.map((k) => k.f.rel);
  const count = (list: string[]) => list.reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map<string, number>());
  const counts = count(ids);
  const labelOf = (s: RootState) => basename(s.isFile ? dirname(resolve(s.root)) : resolve(s.root)) || 'root';
  const colliding = kept.map((_, i) => (counts.get(ids[i]) ?? 0) > 1);
  const involved = [...new Set(kept.filter((_, i) => colliding[i]).map((k) => k.rootIndex))];
  const labelCounts = count(involved.map((r) => labelOf(roots[r])));
  kept.forEach((k, i) => {
    if (!colliding[i]) return;
    const label = labelOf(k.state);
    ids[i] = `${(labelCounts.get(label) ?? 0) > 1 ? `${label}~${k.rootIndex + 1}` : label}/${k.f.rel}`;
  });
  // Last resort (a prefixed id equal to another root's plain id): number the later ones.
  const taken = new Set<string>();
  ids.forEach((id, i) => {
    let unique = id;
    for (let n = 2; taken.has(unique); n++) unique = `${id}~${n}`;
    ids[i] = unique;
    taken.add(unique);
  });

  const items = kept.map((k, i) => ({ path: k.f.path, id: ids[i], root: k.state.root, size: k.f.size }));
  return { items, diagnostics };
}

export interface ReadOptions {
  /** Files larger than this are not read (E_TOO_LARGE). Default 256 MB. */
  maxBytes?: number;
}

/** Read an input's bytes and their sha256. Never throws. */
export async function readInput(item: { path: string }, opts: ReadOptions = {}): Promise<Result<{ bytes: Uint8Array; sha256: string }>> {
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const path = item.path;
  const tooLarge = (size: number) =>
    diag(path, 'E_TOO_LARGE', `the file is ${formatSize(size)}, more than the ${formatSize(max)} limit; not read`, { note: 'raise the limit to read it' });
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    return { ok: false, diagnostics: [fsDiag(path, e, 'file')] };
  }
  if (st.isDirectory()) return { ok: false, diagnostics: [diag(path, 'E_READ', 'this is a folder, not a file', { note: 'EISDIR' })] };
  if (!st.isFile()) return { ok: false, diagnostics: [diag(path, 'E_READ', 'not a regular file (a device, socket or pipe)')] };
  if (st.size > max) return { ok: false, diagnostics: [tooLarge(st.size)] };
  let buf: Buffer;
  try {
    // O_NONBLOCK: a file replaced by a FIFO after the check above must not block the open.
    const fd = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
    try {
      const size = fstatSync(fd).size;
      if (size > max) return { ok: false, diagnostics: [tooLarge(size)] };
      buf = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    return { ok: false, diagnostics: [fsDiag(path, e, 'file')] };
  }
  if (buf.length > max) return { ok: false, diagnostics: [tooLarge(buf.length)] };
  const sha256 = createHash('sha256').update(buf).digest('hex');
  return { ok: true, value: { bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), sha256 } };
}

function lstatExists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function formatSize(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KB`;
  return `${n} bytes`;
}
