/**
 * Reading a rule folder: every *.yaml / *.yml file directly inside it (sorted by name), plus the
 * extra dictionary a `ruleset` block may name. The only file I/O of the rules module.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { diag, type Result } from '../diagnostics/message.js';
import { getSegmenter, type Segmenter } from '../segment/index.js';
import { compileRuleSet, type RuleSource } from './compile.js';
import type { RuleSet } from './types.js';

/** The default rule set shipped with xuncha. */
export const DEFAULT_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

export function readRuleSources(dir: string): RuleSource[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort()
    .map((f) => ({ name: join(dir, f), text: readFileSync(join(dir, f), 'utf8') }));
}

export interface LoadOptions {
  segmenter?: Segmenter;
  skipExamples?: boolean;
}

/** Load and check a rule folder. Nothing runs on a broken rule set: `ok: false` carries every problem. */
export function loadRuleSet(dir: string = DEFAULT_RULES_DIR, opts: LoadOptions = {}): Result<RuleSet> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return { ok: false, diagnostics: [diag(dir, 'R_NO_DIR', 'rule folder not found')] };
  }
  const sources = readRuleSources(dir);
  return compileRuleSet(sources, {
    dir,
    segmenter: opts.segmenter ?? getSegmenter(),
    skipExamples: opts.skipExamples,
    readAux: (rel) => {
      const p = join(dir, rel);
      return existsSync(p) && statSync(p).isFile() ? readFileSync(p, 'utf8') : null;
    },
  });
}
