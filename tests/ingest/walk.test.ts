import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCodePoints, readInput, walkInputs } from '../../src/pipeline/walk.js';

let tmp: string;
const isRoot = process.getuid?.() === 0;

function tree(base: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(base, rel, '..'), { recursive: true });
    writeFileSync(join(base, rel), content);
  }
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'xuncha-walk-'));
  tree(join(tmp, 'in'), {
    'b.txt': 'b',
    'a.txt': 'a',
    'sub/z.docx': 'z',
    'sub/deeper/c.pdf': 'c',
    'sub-a.txt': 'dash', // "-" sorts before "/": sub-a.txt comes before sub/…
    '报告.txt': 'cjk',
    'A.html': 'upper',
    '.hidden.txt': 'hidden',
    '.git/config.txt': 'hidden dir',
    '~$temp.docx': 'office lock file',
    'backup.txt~': 'editor backup',
    'notes.json': 'not an input format',
    'README.md': 'about this folder',
  });
});

afterAll(() => {
  if (!tmp) return;
  rmSync(tmp, { recursive: true, force: true });
});

describe('walkInputs', () => {
  it('recurses, skips hidden and temp files, keeps input formats, in code point order of the relative path', async () => {
    const root = join(tmp, 'in');
    const { items, diagnostics } = await walkInputs([root]);
    expect(items.map((i) => i.id)).toEqual(['A.html', 'a.txt', 'b.txt', 'sub-a.txt', 'sub/deeper/c.pdf', 'sub/z.docx', '报告.txt']);
    expect(items[4]).toEqual({ path: join(root, 'sub', 'deeper', 'c.pdf'), id: 'sub/deeper/c.pdf', root, size: 1 });
    expect(diagnostics.map((d) => [d.code, d.severity, d.file])).toEqual([
      ['I_SKIPPED', 'info', join(root, 'README.md')],
      ['I_SKIPPED', 'info', join(root, 'notes.json')],
    ]);
  });

  it('is deterministic', async () => {
    const a = await walkInputs([join(tmp, 'in')]);
    const b = await walkInputs([join(tmp, 'in')]);
    expect(a).toEqual(b);
  });

  it('extensions: null keeps every (non-hidden) file', async () => {
    const { items } = await walkInputs([join(tmp, 'in')], { extensions: null });
    expect(items.map((i) => i.id)).toContain('notes.json');
    expect(items.map((i) => i.id)).not.toContain('.hidden.txt');
  });

  it('a file given directly: its basename is the id, any extension, even hidden', async () => {
    const { items } = await walkInputs([join(tmp, 'in', 'sub', 'z.docx'), join(tmp, 'in', 'notes.json'), join(tmp, 'in', '.hidden.txt')]);
    expect(items.map((i) => [i.id, i.root])).toEqual([
      ['z.docx', join(tmp, 'in', 'sub', 'z.docx')],
      ['notes.json', join(tmp, 'in', 'notes.json')],
      ['.hidden.txt', join(tmp, 'in', '.hidden.txt')],
    ]);
  });

  it('colliding ids from two roots are prefixed with the root names; others stay', async () => {
    tree(join(tmp, 'c'), { '2021/a.txt': '1', '2022/a.txt': '2', '2022/only.txt': '3', 'x/2021/a.txt': '4' });
    const r = await walkInputs([join(tmp, 'c', '2021'), join(tmp, 'c', '2022'), join(tmp, 'c', 'x', '2021')]);
    expect(r.items.map((i) => i.id)).toEqual(['2021~1/a.txt', '2022/a.txt', 'only.txt', '2021~3/a.txt']);
    expect(new Set(r.items.map((i) => i.id)).size).toBe(r.items.length);
  });

  it('files given directly with the same basename are prefixed with their folder names', async () => {
    const r = await walkInputs([join(tmp, 'c', '2021', 'a.txt'), join(tmp, 'c', '2022', 'a.txt')]);
    expect(r.items.map((i) => i.id)).toEqual(['2021/a.txt', '2022/a.txt']);
  });

  it('the same file reached twice is listed once', async () => {
    const r = await walkInputs([join(tmp, 'in'), join(tmp, 'in', 'a.txt')]);
    expect(r.items.filter((i) => i.path.endsWith('a.txt') && !i.path.endsWith('sub-a.txt'))).toHaveLength(1);
    expect(r.diagnostics.map((d) => d.code)).toContain('I_DUPLICATE');
  });

  it('a symbolic link loop is reported (E_LOOP) and not followed; no hang', async () => {
    tree(join(tmp, 'loop'), { 'x/doc.txt': 'x' });
    symlinkSync(join(tmp, 'loop'), join(tmp, 'loop', 'x', 'back'), 'dir');
    symlinkSync('.', join(tmp, 'loop', 'self'), 'dir');
    const r = await walkInputs([join(tmp, 'loop')]);
    expect(r.items.map((i) => i.id)).toEqual(['x/doc.txt']);
    expect(r.diagnostics.filter((d) => d.code === 'E_LOOP').map((d) => d.file).sort()).toEqual([join(tmp, 'loop', 'self'), join(tmp, 'loop', 'x', 'back')]);
  });

  it('a symbolic link to a folder outside is followed', async () => {
    tree(join(tmp, 'linked'), { 'real/r.txt': 'r' });
    mkdirSync(join(tmp, 'linked', 'view'));
    symlinkSync(join(tmp, 'linked', 'real'), join(tmp, 'linked', 'view', 'alias'), 'dir');
    const r = await walkInputs([join(tmp, 'linked', 'view')]);
    expect(r.items.map((i) => i.id)).toEqual(['alias/r.txt']);
  });

  it('a nonexistent path is E_NOT_FOUND; a broken link inside a folder is a warning', async () => {
    tree(join(tmp, 'broken'), { 'ok.txt': 'ok' });
    symlinkSync(join(tmp, 'nowhere'), join(tmp, 'broken', 'dangling.txt'));
    const r = await walkInputs([join(tmp, 'does-not-exist'), join(tmp, 'broken')]);
    expect(r.items.map((i) => i.id)).toEqual(['ok.txt']);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['E_NOT_FOUND', 'error'],
      ['W_BROKEN_LINK', 'warning'],
    ]);
  });

  it('an unreadable file or folder is E_READ', async (ctx) => {
    // root reads whatever the mode bits say: chmod 000 cannot make anything unreadable for it.
    if (isRoot) ctx.skip('running as root: chmod 000 does not prevent reading');
    tree(join(tmp, 'perm'), { 'secret.txt': 's', 'open.txt': 'o', 'locked/inner.txt': 'i' });
    chmodSync(join(tmp, 'perm', 'secret.txt'), 0o000);
    chmodSync(join(tmp, 'perm', 'locked'), 0o000);
    try {
      const r = await walkInputs([join(tmp, 'perm')]);
      expect(r.items.map((i) => i.id)).toEqual(['open.txt']);
      expect(r.diagnostics.map((d) => [d.code, d.file]).sort()).toEqual([
        ['E_READ', join(tmp, 'perm', 'locked')],
        ['E_READ', join(tmp, 'perm', 'secret.txt')],
      ]);
      const read = await readInput({ path: join(tmp, 'perm', 'secret.txt') });
      expect(!read.ok && read.diagnostics[0].code).toBe('E_READ');
    } finally {
      chmodSync(join(tmp, 'perm', 'secret.txt'), 0o644);
      chmodSync(join(tmp, 'perm', 'locked'), 0o755);
    }
  });
});

describe('readInput', () => {
  it('reads the bytes and their sha256', async () => {
    const r = await readInput({ path: join(tmp, 'in', '报告.txt') });
    if (!r.ok) throw new Error('expected ok');
    expect(Buffer.from(r.value.bytes).toString()).toBe('cjk');
    expect(r.value.sha256).toBe(createHash('sha256').update('cjk').digest('hex'));
  });

  it('a folder is E_READ (EISDIR), a missing file E_NOT_FOUND', async () => {
    const dir = await readInput({ path: join(tmp, 'in', 'sub') });
    expect(!dir.ok && [dir.diagnostics[0].code, dir.diagnostics[0].note]).toEqual(['E_READ', 'EISDIR']);
    const missing = await readInput({ path: join(tmp, 'in', 'gone.txt') });
    expect(!missing.ok && missing.diagnostics[0].code).toBe('E_NOT_FOUND');
  });

  it('a file over the limit is E_TOO_LARGE and not read', async () => {
    writeFileSync(join(tmp, 'big.txt'), Buffer.alloc(2048, 0x61));
    const r = await readInput({ path: join(tmp, 'big.txt') }, { maxBytes: 1024 });
    expect(!r.ok && r.diagnostics.map((d) => d.code)).toEqual(['E_TOO_LARGE']);
    expect((await readInput({ path: join(tmp, 'big.txt') }, { maxBytes: 4096 })).ok).toBe(true);
  });
});

describe('compareCodePoints', () => {
  it('orders by code point, not UTF-16 code unit', () => {
    // U+FF01 (！) is one code unit 0xFF01; U+20000 (𠀀) is 0xD840 0xDC00: code units would put it first.
    expect(['𠀀', '！', 'a', 'B'].sort(compareCodePoints)).toEqual(['B', 'a', '！', '𠀀']);
  });
});
