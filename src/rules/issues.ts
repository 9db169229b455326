/**
 * zod issues → diagnostics at the YAML node they concern, with stable codes:
 * unknown key → R_UNKNOWN_KEY (at the key, with a "did you mean"), empty list → R_EMPTY_LIST,
 * anything else → R_TYPE. A union (a word or a list of words) reports the branch whose type fits.
 */
import type { z } from 'zod';
import type { Diagnostic } from '../diagnostics/message.js';
import { formatPath, type YamlLocator, type YamlPath } from './positions.js';

/** zod issue → diagnostic at the right YAML node. */
export function issueDiagnostics(issue: z.core.$ZodIssue, at: YamlLocator, base: YamlPath = []): Diagnostic[] {
  const path = [...base, ...issue.path];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) =>
        at.keyError(path, k, 'R_UNKNOWN_KEY', `unknown key "${k}" in ${formatPath(path)}`, hintFor(k)),
      );
    case 'too_small':
      if (issue.origin === 'array') return [at.error(path, 'R_EMPTY_LIST', `${formatPath(path)}: ${issue.message}`)];
      return [at.error(path, 'R_TYPE', `${formatPath(path)}: ${issue.message}`)];
    case 'invalid_union': {
      // A union of a word and a list: report the branch that matches the value's type, if any.
      const branch = issue.errors.find((errs) => errs.every((e) => e.code !== 'invalid_type' || e.path.length > 0));
      if (branch && branch.length) return branch.flatMap((e) => issueDiagnostics(e, at, path));
      return [at.error(path, 'R_TYPE', `${formatPath(path)}: ${issue.message}`)];
    }
    default:
      return [at.error(path, 'R_TYPE', `${formatPath(path)}: ${issue.message}`)];
  }
}

const KNOWN_KEYS = ['ruleset', 'categories', 'rules', 'id', 'category', 'description', 'any', 'all', 'within', 'regex', 'unless', 'where', 'weight', 'examples', 'match', 'no_match', 'label', 'name', 'threshold', 'fields', 'dictionary', 'title', 'body', 'heading'];

function hintFor(key: string): string | null {
  let best: string | null = null;
  let bestD = 3;
  for (const k of KNOWN_KEYS) {
    const d = editDistance(key, k);
    if (d < bestD) { bestD = d; best = k; }
  }
  return best ? `did you mean "${best}"?` : null;
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = t;
    }
  }
  return dp[b.length];
}
