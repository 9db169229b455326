import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { LineWriter, OutputFolderError, OutputSet, safeRelative, sanitizeFileName, utf8 } from '../../src/pipeline/outputs.js';

describe('OutputSet', () => {
  it('reports an output folder that cannot be made as an OutputFolderError naming the file in the way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xuncha-out-'));
    writeFileSync(join(dir, 'file'), 'x');
    const out = new OutputSet(join(dir, 'file', 'out'));
    await expect(out.stream('a.jsonl')).rejects.toThrow(OutputFolderError);
    await expect(new OutputSet(join(dir, 'file')).stream('a.jsonl')).rejects.toThrow(`${join(dir, 'file')} is a file, not a folder`);
  });

  it('writes all files and leaves no staging folder behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xuncha-out-'));
    writeFileSync(join(dir, 'a.txt'), 'old');
    const out = new OutputSet(dir);
    out.add('a.txt', 'new');
    out.add('sub/b.txt', 'b');
    await out.commit();
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('new');
    expect(readFileSync(join(dir, 'sub/b.txt'), 'utf8')).toBe('b');
    expect(readdirSync(dir).filter((f) => f.startsWith('.xuncha-staging'))).toEqual([]);
  });

  // In a child process (the compiled module), which the signal ends.
  const OUTPUTS = pathToFileURL(join(import.meta.dirname, '../../dist/pipeline/outputs.js')).href;
  function child(code: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const p = spawn(process.execPath, ['--input-type=module', '-e', `import { OutputSet } from ${JSON.stringify(OUTPUTS)};\n${code}`]);
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('staged\n')) p.kill('SIGINT');
      });
      p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => p.kill('SIGKILL'), 20_000);
      p.on('exit', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr });
      });
    });
  }

  it('removes its staging folder when the run is stopped by a signal, and ends as the signal would', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xuncha-out-'));
    writeFileSync(join(dir, 'a.txt'), 'old');
    const r = await child(`
      const out = new OutputSet(${JSON.stringify(dir)});
      const w = await out.stream('a.txt');
      await w.write('new, half written');
      console.log('staged');
      setTimeout(() => console.log('not stopped'), 10_000);`);
    expect(r.signal, r.stderr).toBe('SIGINT');
    expect(r.stdout).not.toContain('not stopped');
    expect(readdirSync(dir)).toEqual(['a.txt']);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('old');
  });

  it('finishes a commit that a signal interrupts, so the folder never holds a mix of two runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xuncha-out-'));
    for (let i = 0; i < 50; i++) writeFileSync(join(dir, `f${i}.txt`), 'old');
    // The signal is raised right after the commit starts, between its renames.
    const r = await child(`
      const out = new OutputSet(${JSON.stringify(dir)});
      for (let i = 0; i < 50; i++) out.add('f' + i + '.txt', 'new');
      const commit = out.commit();
      setImmediate(() => process.kill(process.pid, 'SIGINT'));
      await commit;
      console.log('committed');
      await new Promise((r) => setTimeout(r, 10_000));`);
    expect(r.signal, r.stderr).toBe('SIGINT');
    const files = readdirSync(dir).sort();
    expect(files.filter((f) => f.startsWith('.xuncha-staging'))).toEqual([]);
    expect(files).toHaveLength(50);
    expect(new Set(files.map((f) => readFileSync(join(dir, f), 'utf8')))).toEqual(new Set(['new']));
  });

  it('refuses names that would leave the output folder', () => {
    for (const bad of ['../x', '../../etc/passwd', '/abs', 'a/../../b', 'C:\\x', 'nul\0byte']) expect(() => safeRelative(bad)).toThrow();
    expect(safeRelative('a/b.txt')).toBe(join('a', 'b.txt'));
  });

  it('sanitizes metadata-derived file names', () => {
    expect(sanitizeFileName('../../x')).not.toContain('/');
    expect(sanitizeFileName('../../x').startsWith('.')).toBe(false);
    expect(sanitizeFileName('县人民检察院')).toBe('县人民检察院');
    expect(sanitizeFileName('')).toBe('_');
  });
});

describe('utf8', () => {
  it('gives the bytes Buffer.from gives, for any string, lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => utf8(s).equals(Buffer.from(s, 'utf8'))), { numRuns: 5000 });
    fc.assert(fc.property(fc.string({ unit: fc.integer({ min: 0xd700, max: 0xe000 }).map((c) => String.fromCharCode(c)) }), (s) => utf8(s).equals(Buffer.from(s, 'utf8'))), { numRuns: 2000 });
    for (const s of ['a\ud800b', '\udc00', '巡察\ud83d', '😀中', '']) expect(utf8(s).equals(Buffer.from(s, 'utf8'))).toBe(true);
  });
});

describe('LineWriter', () => {
  it('writes strings and UTF-8 bytes in the order given, whatever their sizes, as one UTF-8 file', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.string({ unit: 'grapheme', maxLength: 50 }).map((s) => ({ s })),
            fc.string({ unit: 'grapheme', maxLength: 50 }).map((s) => ({ b: s })),
            // Big pieces, so that the 64K-character and 1 MB thresholds are crossed.
            fc.integer({ min: 0, max: 700_000 }).map((n) => ({ b: '整改'.repeat(n >> 1) })),
            fc.integer({ min: 0, max: 70_000 }).map((n) => ({ s: '问题'.repeat(n >> 1) + '\n' })),
          ),
          { maxLength: 12 },
        ),
        async (pieces) => {
          const p = join(mkdtempSync(join(tmpdir(), 'xuncha-lw-')), 'out.txt');
          const w = new LineWriter(p);
          let expected = '';
          for (const x of pieces) {
            if ('s' in x) await w.write(x.s);
            else await w.write(Buffer.from(x.b, 'utf8'));
            expected += 's' in x ? x.s : x.b;
          }
          await w.close();
          expect(readFileSync(p, 'utf8')).toBe(expected);
        },
      ),
      { numRuns: 40 },
    );
  });
});
