/**
 * Interoperability with dictionary-based text analysis (quanteda's `dictionary()`, LIWC-style
 * YAML): `rules export-dict` and `rules import-dict`.
 *
 * Export: one top-level key per category (rule-set order), its value the list of the words of the
 * category's `any` rules (normalized, first occurrence kept), its Chinese label as a YAML comment on
 * the key's line. What a word list cannot say is left out: regex rules, `all` rules (unless asked
 * for), `unless` words, weights, fields, and the not-a-finding cues (category `none`).
 *
 *     political: # 政治建设与决策部署落实
 *       - 习近平新时代中国特色社会主义思想
 *
 * Import: a YAML mapping of key → list of words; nested mappings are flattened with "." (quanteda's
 * nested dictionaries: `finance: {money: [...], assets: [...]}` → finance.money, finance.assets).
 * Each key becomes a rule file with one category and one `any` rule `<key>.words` holding all its
 * words (weight and fields configurable), with a match example the rule set passes (one of its own
 * words that no other key has), so the folder is valid for `rules check`. A comment on the key's
 * line becomes the category label. import(export(rules)) exported again gives the same text.
 */
import { parseDocument, stringify, isMap, isSeq, isScalar, LineCounter, type Node as YamlNode, type Pair } from 'yaml';
import { diag, type Diagnostic, type Result } from '../diagnostics/message.js';
import type { EvidenceField } from '../model/records.js';
import { compileRuleSet, normalizeTerm, type RuleSource } from '../rules/compile.js';
import { NONE, type RuleSet } from '../rules/types.js';
import type { Segmenter } from '../segment/index.js';

export interface DictionaryEntry {
  key: string;
  label: string | null;
  words: string[];
}

export const DICTIONARY_HEADER = [
  ' quanteda dictionary written by `xuncha rules export-dict`: the `any` words of each category.',
  ' Regex and `all` rules, `unless` words, weights, fields and not-a-finding cues are not part of it.',
];

/** The rule set's word lists, one entry per category. `withAll` adds the words of `all` rules. */
export function dictionaryEntries(rs: RuleSet, opts: { withAll?: boolean } = {}): DictionaryEntry[] {
  return rs.categories.map((c) => {
    const words: string[] = [];
    const seen = new Set<string>();
    for (const r of rs.rules) {
      if (r.category !== c.id) continue;
      const m = r.matcher;
      const list = m.kind === 'any' ? m.terms : m.kind === 'all' && opts.withAll ? m.groups.flat() : [];
      for (const w of list) if (!seen.has(w)) (seen.add(w), words.push(w));
    }
    return { key: c.id, label: c.label || null, words };
  });
}

const YAML11_BOOL = /^(y|yes|n|no|true|false|on|off|null|~)$/i;

function scalar(w: string): string {
  return YAML11_BOOL.test(w) ? JSON.stringify(w) : stringify(w).replace(/\n$/, '');
}

const commentText = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();

/** The dictionary as YAML text (deterministic: same entries, same bytes). */
export function formatDictionary(entries: readonly DictionaryEntry[]): string {
  const out = DICTIONARY_HEADER.map((l) => `#${l}`);
  out.push('');
  for (const e of entries) {
    const key = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(e.key) && !YAML11_BOOL.test(e.key) ? e.key : JSON.stringify(e.key);
    const comment = e.label ? ` # ${commentText(e.label)}` : '';
    if (!e.words.length) {
      out.push(`${key}: []${comment}`);
      continue;
    }
    out.push(`${key}:${comment}`);
    for (const w of e.words) out.push(`  - ${scalar(w)}`);
  }
  return out.join('\n') + '\n';
}

export function exportDictionary(rs: RuleSet, opts: { withAll?: boolean } = {}): string {
  return formatDictionary(dictionaryEntries(rs, opts));
}

/** Parse a quanteda-style YAML dictionary; nested keys are flattened with ".". */
export function parseDictionary(text: string, file: string): Result<DictionaryEntry[]> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (node: { range?: [number, number, number] | null } | null | undefined) => {
    const pos = node?.range?.[0];
    if (pos === undefined) return {};
    const lp = lines.linePos(pos);
    return { loc: { line: lp.line, column: lp.col } };
  };
  if (doc.errors.length) {
    return {
      ok: false,
      diagnostics: doc.errors.map((e) => {
        const lp = lines.linePos(e.pos[0]);
        return diag(file, 'D_YAML', e.message.split('\n')[0], { loc: { line: lp.line, column: lp.col } });
      }),
    };
  }
  if (!isMap(doc.contents)) return { ok: false, diagnostics: [diag(file, 'D_SHAPE', 'a dictionary is a mapping of keys to lists of words')] };
  const diagnostics: Diagnostic[] = [];
  const entries: DictionaryEntry[] = [];
  const walk = (pairs: Pair[], prefix: string) => {
    for (const p of pairs) {
      const keyNode = p.key as YamlNode | null;
      const k = isScalar(keyNode) ? String(keyNode.value) : null;
      if (k === null || !k.trim()) {
        diagnostics.push(diag(file, 'D_SHAPE', 'a key must be a word', { severity: 'warning', ...at(keyNode) }));
        continue;
      }
      const key = prefix + k.trim();
      const v = p.value as YamlNode | null;
      const label = (v && (v.commentBefore ?? v.comment)) ?? (keyNode as YamlNode).comment ?? null;
      if (isMap(v)) {
        walk(v.items as Pair[], `${key}.`);
        continue;
      }
      const words: string[] = [];
      if (isSeq(v)) {
        for (const item of v.items as YamlNode[]) {
          if (isScalar(item) && item.value !== null && String(item.value).trim()) words.push(String(item.value).trim());
          else diagnostics.push(diag(file, 'D_SHAPE', `key "${key}": a list item that is not a word (skipped)`, { severity: 'warning', ...at(item) }));
        }
      } else if (isScalar(v) && v.value !== null && String(v.value).trim()) {
        words.push(String(v.value).trim());
      } else if (v !== null && !(isScalar(v) && v.value === null)) {
        diagnostics.push(diag(file, 'D_SHAPE', `key "${key}": the value must be a list of words or a mapping`, { severity: 'warning', ...at(v) }));
      }
      entries.push({ key, label: label ? commentText(label) || null : null, words });
    }
  };
  walk(doc.contents.items as Pair[], '');
  if (!entries.length) return { ok: false, diagnostics: [...diagnostics, diag(file, 'D_EMPTY', 'the dictionary has no keys')] };
  return { ok: true, value: entries, diagnostics };
}

export interface ImportOptions {
  /** The rule set's name (ruleset.name). */
  name: string;
  /** Weight of each key's `any` rule (default 2). */
  weight?: number;
  /** Fields each rule looks at (default title, body, heading). */
  where?: EvidenceField[];
  /** The dictionary file, for comments and messages. */
  source?: string;
  segmenter: Segmenter;
}

const ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * Rule files (name relative to the output folder + text) for the dictionary's entries, checked by
 * compiling them exactly as `rules check` would. Keys that are not valid category ids (Chinese keys,
 * spaces…) get ids k1, k2… and keep the key as their label; the reserved key "none" is skipped.
 */
export function dictionaryToRuleFiles(entries: readonly DictionaryEntry[], opts: ImportOptions): Result<RuleSource[]> {
  const diagnostics: Diagnostic[] = [];
  const where = opts.where ?? ['title', 'body', 'heading'];
  const weight = opts.weight ?? 2;
  type Cat = { id: string; label: string; key: string; words: string[] };
  const cats: Cat[] = [];
  const used = new Set<string>();
  let n = 0;
  for (const e of entries) {
    if (e.key === NONE) {
      diagnostics.push(diag(opts.source ?? 'dictionary', 'D_RESERVED', `key "${NONE}" is reserved (not-a-finding cues need negative weights): skipped`, { severity: 'warning' }));
      continue;
    }
    let id = ID.test(e.key) ? e.key : '';
    while (!id || used.has(id)) id = `k${++n}`;
    used.add(id);
    const words: string[] = [];
    for (const w of e.words) {
      const t = normalizeTerm(w);
      if (t && !words.includes(t)) words.push(t);
    }
    cats.push({ id, label: e.label ?? e.key, key: e.key, words });
  }
  if (!cats.length) return { ok: false, diagnostics: [...diagnostics, diag(opts.source ?? 'dictionary', 'D_EMPTY', 'no key to import')] };
  // Example candidates: a key's own words that no other key has come first.
  const owners = new Map<string, number>();
  for (const c of cats) for (const w of c.words) owners.set(w, (owners.get(w) ?? 0) + 1);
  const candidates = cats.map((c) => [...c.words.filter((w) => owners.get(w) === 1), ...c.words.filter((w) => owners.get(w)! > 1)]);
  const choice = cats.map(() => 0);
  const width = Math.max(2, String(cats.length * 10).length);
  const build = (): RuleSource[] => {
    const files: RuleSource[] = [{ name: `${'0'.repeat(width)}-ruleset.yaml`, text: `# imported by xuncha rules import-dict${opts.source ? ` from ${opts.source}` : ''}\n${stringify({ ruleset: { name: opts.name } })}` }];
    cats.forEach((c, i) => {
      const body: Record<string, unknown> = { categories: [{ id: c.id, label: c.label }] };
      if (c.words.length) {
        body.rules = [{ id: `${c.id}.words`, any: c.words, where, weight, examples: { match: [candidates[i][choice[i]] ?? c.words[0]] } }];
      }
      const fileKey = c.id.replace(/[^A-Za-z0-9_.-]+/g, '_');
      files.push({
        name: `${String((i + 1) * 10).padStart(width, '0')}-${fileKey}.yaml`,
        text: `# dictionary key "${c.key}"${c.words.length ? '' : ' (no words: a category without rules)'}\n${stringify(body, { lineWidth: 0 })}`,
      });
    });
    return files;
  };
  for (let round = 0; ; round++) {
    const files = build();
    const res = compileRuleSet(files, { dir: '(import)', segmenter: opts.segmenter });
    if (res.ok) return { ok: true, value: files, diagnostics };
    const failing = new Set(res.diagnostics.filter((d) => d.code === 'R_EXAMPLE_FAILED').map((d) => /rule "([^"]+)\.words"/.exec(d.reason)?.[1]));
    const others = res.diagnostics.filter((d) => d.code !== 'R_EXAMPLE_FAILED');
    let moved = false;
    cats.forEach((c, i) => {
      if (failing.has(c.id) && choice[i] + 1 < candidates[i].length && round < 20) {
        choice[i]++;
        moved = true;
      }
    });
    if (others.length || !moved) return { ok: false, diagnostics: [...diagnostics, ...res.diagnostics] };
  }
}
