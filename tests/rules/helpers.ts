import { cpSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = join(ROOT, 'tests/fixtures/rules');

const made: string[] = [];

/** A fresh folder under tests/.tmp (git-ignored); `removeTmpDirs` deletes them (call it in afterAll). */
export function tmpDir(prefix: string): string {
  mkdirSync(join(ROOT, 'tests/.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'tests/.tmp', prefix));
  made.push(dir);
  return dir;
}

export function removeTmpDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A fresh copy of a rule folder. */
export function copyRules(from: string): string {
  const dir = tmpDir('rules-');
  cpSync(from, dir, { recursive: true });
  return dir;
}

/**
 * Runs commands registered by `register` the way src/cli/index.ts main() does (exit code from the
 * command, UsageError and commander errors → 2), capturing stdout and stderr.
 */
export async function runCommand(register: (p: Command) => void, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const ow = process.stdout.write.bind(process.stdout);
  const ew = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => (err.push(String(s)), true)) as typeof process.stderr.write;
  let code = 0;
  try {
    const program = new Command().exitOverride();
    program.configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
    program.hook('postAction', (_t, action) => {
      const c = (action as Command & { exitCode?: number }).exitCode;
      if (typeof c === 'number') code = c;
    });
    register(program);
    try {
      await program.parseAsync(argv, { from: 'user' });
    } catch {
      code = 2;
    }
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}
