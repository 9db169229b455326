import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { TaggedFinding } from '../../src/model/records.js';
import { ROOT, tmpDir } from '../rules/helpers.js';

export { ROOT };
export const GOLD_SEED = join(ROOT, 'tests/fixtures/gold/seed-findings.csv');
export const GOLD_DEV = join(ROOT, 'tests/fixtures/dev/findings.csv');
export const CORPORA = join(ROOT, 'corpora');
export const RULES = join(ROOT, 'rules');
export const FIXTURES = join(ROOT, 'tests/fixtures/workbench');

/** A minimal tagged finding for pure-function tests. */
export function tf(id: string, primary: string, opts: Partial<TaggedFinding> = {}): TaggedFinding {
  return {
    id,
    doc_id: id.split('#')[0],
    seq: 1,
    number: id,
    number_path: [],
    heading_path: [],
    title: `title of ${id}`,
    text: `text of ${id}`,
    span: [0, 1],
    title_span: [0, 1],
    measures: null,
    measures_span: null,
    progress: null,
    progress_text: null,
    record_kind: 'finding',
    unit: null,
    doc_kind: 'feedback',
    meta: {},
    categories: [primary],
    primary,
    scores: {},
    evidence: [],
    heading_decided: false,
    ...opts,
  };
}

/** A copy of the default rules without `file` (e.g. "50-finance.yaml"). */
export function rulesWithout(file: string): string {
  const dir = tmpDir('rules-');
  cpSync(RULES, dir, { recursive: true });
  rmSync(join(dir, file));
  return dir;
}

/** The `any` words of a rule file, read straight from its YAML (no rule loading, no dictionary change). */
export function anyWordsOf(file: string): string[] {
  const y = parse(readFileSync(file, 'utf8')) as { rules?: { any?: string[] }[] };
  return (y.rules ?? []).flatMap((r) => r.any ?? []);
}

let wired: boolean | null = null;

/**
 * Run the CLI as a user would: `node bin/xuncha.js …` once the lead has wired registerWorkbench
 * into src/cli/index.ts; until then, the built workbench commands through tests/workbench/launch.mjs
 * (dist/cli/rules.js + dist/cli/workbench.js, exit codes as main() sets them). Needs `npm run build`.
 */
export function xuncha(args: string[]): { code: number; stdout: string; stderr: string; via: string } {
  const run = (argv: string[]) => {
    const r = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: '1', NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const entry = xunchaEntry();
  return { ...run([entry, ...args]), via: entry.replace(ROOT, '') };
}

/** bin/xuncha.js when it has the workbench commands, else tests/workbench/launch.mjs. */
export function xunchaEntry(): string {
  if (wired === null) {
    const help = spawnSync(process.execPath, [join(ROOT, 'bin/xuncha.js'), 'rules', '--help'], { cwd: ROOT, encoding: 'utf8' });
    wired = help.status === 0 && /^\s+eval\b/m.test(help.stdout);
  }
  return wired ? join(ROOT, 'bin/xuncha.js') : join(ROOT, 'tests/workbench/launch.mjs');
}
