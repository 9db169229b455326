/**
 * Rule files (name + text) → a checked, compiled rule set, or every problem at once.
 *
 * No file I/O here: load.ts reads the folder. Order of checks, all collected before returning:
 *  1. YAML syntax (R_YAML); a file with syntax errors is not checked further;
 *  2. the zod schema (R_UNKNOWN_KEY, R_EMPTY_LIST, R_TYPE);
 *  3. across the set: one matcher per rule (R_MATCHER), ids unique (R_DUPLICATE_ID), categories
 *     declared (R_UNKNOWN_CATEGORY, R_RESERVED_ID), regexes valid for RE2 (R_BAD_REGEX), one
 *     `ruleset` block (R_DUPLICATE_SETTINGS), the dictionary present (R_DICTIONARY), something to
 *     tag with (R_EMPTY_SET);
 *  4. inline examples of every rule that compiled (R_EXAMPLE_FAILED).
 */
import { createHash } from 'node:crypto';
import { LineCounter, parseDocument } from 'yaml';
import { RE2JS } from 're2js';
import { diag, type Diagnostic, type Result } from '../diagnostics/message.js';
import type { EvidenceField } from '../model/records.js';
import { normalize } from '../normalize/index.js';
import type { Segmenter } from '../segment/index.js';
import { RuleFileSchema, RuleSchema, CategorySchema, SettingsSchema, type RuleInput } from './schema.js';
import { YamlLocator, type YamlPath } from './positions.js';
import { issueDiagnostics } from './issues.js';
import { DEFAULT_SETTINGS, NONE, type Category, type CompiledRule, type Matcher, type RuleSet } from './types.js';
import { checkExamples } from './examples.js';

export interface RuleSource {
  /** The file name as it should appear in messages, e.g. "rules/conduct.yaml". */
  name: string;
  text: string;
}

export interface CompileOptions {
  /** The folder, for messages about the set as a whole and for the result. */
  dir: string;
  /** Reads a file of the rule folder by its name relative to the folder (the extra dictionary); null when missing. */
  readAux?: (relName: string) => string | null;
  /** Segmenter used to run the inline examples (rule terms are added to it). */
  segmenter: Segmenter;
  /** Skip the inline examples (used by `rules test`, which runs them itself to print a report). */
  skipExamples?: boolean;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A rule term as the engine sees it (simplified, half-width). */
export function normalizeTerm(t: string): string {
  return normalize(t.trim()).text;
}

interface PendingRule {
  input: RuleInput;
  at: YamlLocator;
  path: YamlPath;
  category: string | null;
  ok: boolean;
}

/** sha256 over the sorted file names and contents. */
export function ruleSetHash(files: { name: string; text: string }[]): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    h.update(f.name.replace(/^.*[\\/]/, '')).update('\0').update(f.text).update('\0');
  }
  return h.digest('hex');
}

/**
 * A rule file's YAML document and line counter, parsed once per thread and text: a worker loads
 * the same rule set two or three times (its tagger, the inline examples), and parsing is most of
 * the cost. Compiling only reads the document (`toJS`, `getIn`), so sharing it is safe.
 */
const parsedYaml = new Map<string, { doc: ReturnType<typeof parseDocument>; lines: LineCounter }>();

function parseYaml(text: string): { doc: ReturnType<typeof parseDocument>; lines: LineCounter } {
  let p = parsedYaml.get(text);
  if (!p) {
    if (parsedYaml.size >= 64) parsedYaml.clear();
    const lines = new LineCounter();
    p = { doc: parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true }), lines };
    parsedYaml.set(text, p);
  }
  return p;
}

export function compileRuleSet(sources: RuleSource[], opts: CompileOptions): Result<RuleSet> {
  const diagnostics: Diagnostic[] = [];
  const files = [...sources].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const categories: Category[] = [];
  const categoryAt = new Map<string, string>();
  const ruleAt = new Map<string, string>();
  const pending: PendingRule[] = [];
  let settings = { ...DEFAULT_SETTINGS, fields: { ...DEFAULT_SETTINGS.fields } };
  let settingsFrom: string | null = null;
  let dictionary: { name: string; at: YamlLocator; path: YamlPath } | null = null;

  for (const file of files) {
    const { doc, lines } = parseYaml(file.text);
    const at = new YamlLocator(file.name, doc, lines);
    if (doc.errors.length) {
      for (const e of doc.errors) {
        const lp = lines.linePos(e.pos[0]);
        diagnostics.push(diag(file.name, 'R_YAML', e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''), { range: [e.pos[0], e.pos[1]], loc: { line: lp.line, column: lp.col } }));
      }
      continue;
    }
    const value: unknown = doc.toJS() ?? {};
    const parsed = RuleFileSchema.safeParse(value);
    if (!parsed.success) for (const issue of parsed.error.issues) diagnostics.push(...issueDiagnostics(issue, at));
    if (!isObj(value)) continue;

    // ruleset settings
    if (value.ruleset !== undefined) {
      if (settingsFrom) diagnostics.push(at.keyError([], 'ruleset', 'R_DUPLICATE_SETTINGS', `a second ruleset block (the first is in ${settingsFrom})`));
      else {
        settingsFrom = file.name;
        const s = SettingsSchema.safeParse(value.ruleset);
        if (s.success) {
          settings = {
            name: s.data.name ?? settings.name,
            threshold: s.data.threshold ?? settings.threshold,
            fields: { ...settings.fields, ...stripUndefined(s.data.fields ?? {}) },
          };
          if (s.data.dictionary) dictionary = { name: s.data.dictionary, at, path: ['ruleset', 'dictionary'] };
        }
      }
    }

    // categories declared in this file
    const declaredHere: string[] = [];
    if (Array.isArray(value.categories)) {
      value.categories.forEach((raw, i) => {
        // Declared as soon as it has an id, so that a mistake in its label does not cascade into
        // "unknown category" errors for every rule (the mistake itself is reported by the schema).
        if (!isObj(raw) || typeof raw.id !== 'string') return;
        const c = CategorySchema.safeParse(raw);
        const data = c.success ? c.data : { id: raw.id, label: typeof raw.label === 'string' ? raw.label : raw.id, description: undefined };
        const path = ['categories', i, 'id'];
        if (data.id === NONE) {
          diagnostics.push(at.error(path, 'R_RESERVED_ID', `"${NONE}" is reserved (it is the category of findings nothing matched, and of not-a-finding cues)`));
          return;
        }
        const first = categoryAt.get(data.id);
        if (first) {
          diagnostics.push(at.error(path, 'R_DUPLICATE_ID', `category "${data.id}" is declared twice`, `first declared at ${first}`));
          return;
        }
        categoryAt.set(data.id, `${file.name}:${at.lineOf(path)}`);
        declaredHere.push(data.id);
        categories.push({ id: data.id, label: data.label, description: data.description ?? '', order: categories.length, file: file.name });
      });
    }

    // rules
    if (Array.isArray(value.rules)) {
      value.rules.forEach((raw, i) => {
        const path: YamlPath = ['rules', i];
        if (!isObj(raw)) return;
        let ok = true;
        const matchers = (['any', 'all', 'regex'] as const).filter((k) => raw[k] !== undefined);
        if (matchers.length !== 1) {
          ok = false;
          diagnostics.push(
            matchers.length === 0
              ? at.error(path, 'R_MATCHER', `rule ${typeof raw.id === 'string' ? `"${raw.id}" ` : ''}needs one of any, all, regex`)
              : at.keyError(path, matchers[1], 'R_MATCHER', `a rule takes exactly one of any, all, regex (this one has ${matchers.join(' and ')})`, 'split it into two rules'),
          );
        }
        if (raw.within !== undefined && raw.all === undefined) {
          ok = false;
          diagnostics.push(at.keyError(path, 'within', 'R_MATCHER', 'within applies to all (for unless, write it inside unless)'));
        }
        if (typeof raw.id === 'string') {
          const first = ruleAt.get(raw.id);
          if (first) {
            ok = false;
            diagnostics.push(at.error([...path, 'id'], 'R_DUPLICATE_ID', `rule id "${raw.id}" is used twice`, `first used at ${first}`));
          } else ruleAt.set(raw.id, `${file.name}:${at.lineOf([...path, 'id'])}`);
        }
        if (typeof raw.regex === 'string' && raw.regex) {
          try {
            RE2JS.compile(raw.regex);
          } catch (e) {
            ok = false;
            diagnostics.push(at.error([...path, 'regex'], 'R_BAD_REGEX', `invalid or unsupported regex: ${(e as Error).message}`, 'rules use RE2 syntax: no backreferences or lookaround'));
          }
        }
        const r = RuleSchema.safeParse(raw);
        if (!r.success) ok = false;
        // terms that normalize to nothing
        if (r.success) {
          const termPaths: [YamlPath, string][] = [];
          r.data.any?.forEach((t, j) => termPaths.push([[...path, 'any', j], t]));
          r.data.all?.forEach((g, j) => (Array.isArray(g) ? g.forEach((t, k) => termPaths.push([[...path, 'all', j, k], t])) : termPaths.push([[...path, 'all', j], g])));
          r.data.unless?.any.forEach((t, j) => termPaths.push([[...path, 'unless', 'any', j], t]));
          for (const [p, t] of termPaths) {
            if (!normalizeTerm(t)) {
              ok = false;
              diagnostics.push(at.error(p, 'R_TYPE', `term "${t}" is empty after normalization`));
            }
          }
        }
        const category = typeof raw.category === 'string' ? raw.category : declaredHere.length === 1 ? declaredHere[0] : null;
        if (raw.category === undefined && category === null) {
          ok = false;
          diagnostics.push(
            at.error([...path, 'id'], 'R_UNKNOWN_CATEGORY', `rule has no category and the file declares ${declaredHere.length === 0 ? 'none' : 'several'}`, 'add category: <id>'),
          );
        }
        if (r.success) pending.push({ input: r.data, at, path, category, ok });
        else if (typeof raw.category === 'string') pending.push({ input: raw as RuleInput, at, path, category, ok: false });
      });
    }
  }

  // categories referenced by rules
  for (const p of pending) {
    if (p.category !== null && p.category !== NONE && !categoryAt.has(p.category)) {
      p.ok = false;
      const known = [...categoryAt.keys()];
      diagnostics.push(p.at.error([...p.path, 'category'], 'R_UNKNOWN_CATEGORY', `unknown category "${p.category}"`, known.length ? `declared: ${known.join(', ')}, or ${NONE} for not-a-finding cues` : 'no category is declared'));
    }
  }
  if (files.length === 0) diagnostics.push(diag(opts.dir, 'R_EMPTY_SET', 'no rule files (*.yaml, *.yml) in this folder'));
  else if (categories.length === 0 && !diagnostics.length) diagnostics.push(diag(opts.dir, 'R_EMPTY_SET', 'the rule set declares no category'));
  else if (pending.length === 0 && !diagnostics.length) diagnostics.push(diag(opts.dir, 'R_EMPTY_SET', 'the rule set has no rules'));

  // extra dictionary
  let dictionaryWords: string[] = [];
  const hashed = files.map((f) => ({ name: f.name, text: f.text }));
  if (dictionary) {
    const text = opts.readAux?.(dictionary.name) ?? null;
    if (text === null) diagnostics.push(dictionary.at.error(dictionary.path, 'R_DICTIONARY', `dictionary file "${dictionary.name}" not found next to the rule files`));
    else {
      hashed.push({ name: dictionary.name, text });
      dictionaryWords = text
        .split(/\r?\n/)
        .map((l) => l.trim().split(/\s+/)[0] ?? '')
        .filter((w) => w && !w.startsWith('#'))
        .map(normalizeTerm)
        .filter(Boolean);
    }
  }

  const order = new Map(categories.map((c) => [c.id, c.order]));
  const rules: CompiledRule[] = pending
    .filter((p) => p.ok)
    .map((p) => compileRule(p))
    .sort((a, b) => (order.get(a.category) ?? Infinity) - (order.get(b.category) ?? Infinity));
  // stable sort keeps file/declaration order inside a category; "none" cues come last.
  const terms = [...new Set(rules.flatMap(ruleTerms))].sort();
  const ruleSet: RuleSet = { ...settings, dir: opts.dir, hash: ruleSetHash(hashed), files: files.map((f) => f.name), categories, rules, terms, dictionaryWords };

  if (!opts.skipExamples && rules.length) {
    for (const f of checkExamples(ruleSet, opts.segmenter)) {
      if (f.passed) continue;
      const p = pending.find((x) => x.input.id === f.rule.id)!;
      diagnostics.push(
        p.at.error([...p.path, 'examples', f.kind, f.index], 'R_EXAMPLE_FAILED', `rule "${f.rule.id}" ${f.kind === 'match' ? 'does not match' : 'matches'} its ${f.kind} example "${f.text}"`, f.detail),
      );
    }
  }
  diagnostics.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.loc?.line ?? 0) - (b.loc?.line ?? 0) || (a.loc?.column ?? 0) - (b.loc?.column ?? 0)));
  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
  return { ok: true, value: ruleSet, diagnostics };
}

function stripUndefined<T extends object>(o: T): Partial<Record<keyof T, number>> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<Record<keyof T, number>>;
}

function compileRule(p: PendingRule): CompiledRule {
  const r = p.input;
  let matcher: Matcher;
  if (r.any) matcher = { kind: 'any', terms: uniq(r.any.map(normalizeTerm)) };
  else if (r.all) matcher = { kind: 'all', groups: r.all.map((g) => uniq((Array.isArray(g) ? g : [g]).map(normalizeTerm))), within: r.within ?? 'sentence' };
  else matcher = { kind: 'regex', source: r.regex!, re: RE2JS.compile(r.regex!) };
  return {
    id: r.id,
    category: p.category!,
    description: r.description ?? null,
    matcher,
    unless: r.unless ? { terms: uniq(r.unless.any.map(normalizeTerm)), within: r.unless.within ?? 'sentence' } : null,
    where: uniq(r.where ?? (['title', 'body'] as EvidenceField[])),
    weight: r.weight ?? 1,
    examples: { match: r.examples.match, no_match: r.examples.no_match ?? [] },
    exampleLines: {
      match: r.examples.match.map((_, i) => p.at.lineOf([...p.path, 'examples', 'match', i])),
      no_match: (r.examples.no_match ?? []).map((_, i) => p.at.lineOf([...p.path, 'examples', 'no_match', i])),
    },
    file: p.at.file,
    line: p.at.lineOf(p.path),
  };
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

export function ruleTerms(r: CompiledRule): string[] {
  const m = r.matcher;
  const pos = m.kind === 'any' ? m.terms : m.kind === 'all' ? m.groups.flat() : [];
  return [...pos, ...(r.unless?.terms ?? [])];
}
