/**
 * Hostile rule files, end to end through `xuncha run`:
 *  - a catastrophic regular expression, (a+)+$, which JavaScript's backtracking RegExp would run
 *    for ages on a line of 50,000 a's and a "!", finishes: rule regexes run on re2js, a linear-time
 *    RE2 port (docs/rules.md). The spawn has a 60 s timeout, a hang guard only: no timing is asserted.
 *  - a rule file with several mistakes: every one as file:line:col, exit 2, nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, readJsonl, snapshot, tmp, xuncha, xunchaAsync } from './helpers.js';

type Ev = { rule: string; field: string; spans: [number, number][] };
type T = { doc_id: string; seq: number; title: string; record_kind: string; evidence: Ev[] };

const EVIL_RULE = `# A catastrophic pattern for a backtracking engine.
rules:
  - id: conduct.evil
    category: conduct
    regex: '(a+)+$'
    where: [body]
    weight: 1
    examples:
      match: [aaa]
      no_match: ['aab!']
`;

const A = 'a'.repeat(50_000);

/** Finding 1 has a line of 50,000 a's and "!" (no match); finding 2 ends with 50,000 a's (a match). */
const REPORT = `关于巡察县某局党组的反馈意见

根据县委统一部署，县委第三巡察组对县某局党组开展了巡察。

一、巡察发现的主要问题

1.理论学习不深入。
${A}!
2.作风不实。
${A}

二、意见建议

（一）加强理论学习。
`;

describe('a catastrophic regex in a rule file (xuncha run)', () => {
  let work = '';
  beforeAll(() => {
    work = tmp('xuncha-regex-');
  });
  afterAll(() => work && rmSync(work, { recursive: true, force: true }));

  it('finishes, and (a+)+$ matches only where it should: the engine is linear-time RE2 (re2js)', async () => {
    const rules = join(work, 'rules');
    cpSync(join(ROOT, 'rules'), rules, { recursive: true });
    writeFileSync(join(rules, '60-evil.yaml'), EVIL_RULE);
    mkdirSync(join(work, 'in'));
    writeFileSync(join(work, 'in', 'aaaa.txt'), REPORT);
    const out = join(work, 'out');
    const r = await xunchaAsync(['run', join(work, 'in'), '--out', out, '--rules', rules, '--no-cache'], 60_000);
    expect(r.timedOut, 'xuncha run did not finish within 60 s: a backtracking regex engine?').toBe(false);
    expect(r.code, r.stderr).toBe(0);
    const findings = readJsonl<T>(join(out, 'findings.jsonl')).filter((f) => f.record_kind === 'finding');
    expect(findings.map((f) => f.title)).toEqual(['理论学习不深入', '作风不实']);
    const evil = findings.map((f) => f.evidence.filter((e) => e.rule === 'conduct.evil'));
    expect(evil[0]).toEqual([]); // "aaaa…a!" : no match
    expect(evil[1]).toHaveLength(1); // "…aaaa" at the end: a match, of the 50,000 a's
    expect(evil[1][0].spans[0][1] - evil[1][0].spans[0][0]).toBe(50_000);
  }, 90_000);

  it('a backreference, which only a backtracking engine can run, is refused as RE2 syntax (R_BAD_REGEX)', () => {
    const rules = join(work, 'rules-backref');
    cpSync(join(ROOT, 'rules'), rules, { recursive: true });
    writeFileSync(join(rules, '60-backref.yaml'), EVIL_RULE.replace("'(a+)+$'", () => "'(a+)\\1$'").replace('conduct.evil', 'conduct.backref'));
    const out = join(work, 'out-backref');
    const r = xuncha(['run', 'corpora', '--out', out, '--rules', rules, '--no-cache']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`${join(rules, '60-backref.yaml')}:5:12: R_BAD_REGEX:`);
    expect(existsSync(out)).toBe(false);
  });
});

/** A new rule file in a copy of rules/, with one mistake per rule (each rule otherwise valid). */
const MISTAKES = `# An analyst's new rule file, with several mistakes.
rules:
  - id: conduct.banquets
    category: conduct
    any: [公款宴请]
    weigth: 2
    examples: {match: [公款宴请问题突出]}
  - id: conduct.backref
    category: conduct
    regex: '(违规)\\1'
    examples: {match: [违规违规]}
  - id: conduct.nowhere
    category: morale
    any: [士气低落]
    examples: {match: [干部士气低落]}
  - id: political.theory
    category: political
    any: [理论学习]
    examples: {match: [理论学习不深入]}
  - id: conduct.empty
    category: conduct
    any: []
    examples: {match: [什么]}
`;

describe('a rule file with several mistakes (xuncha run)', () => {
  let work = '';
  let rules = '';
  let expected: string[] = [];
  beforeAll(() => {
    work = tmp('xuncha-mistakes-');
    rules = join(work, 'rules');
    cpSync(join(ROOT, 'rules'), rules, { recursive: true });
    const file = join(rules, '60-mistakes.yaml');
    writeFileSync(file, MISTAKES);
    expected = [
      `${file}:6:5: R_UNKNOWN_KEY:`,
      `${file}:10:12: R_BAD_REGEX:`,
      `${file}:13:15: R_UNKNOWN_CATEGORY:`,
      `${file}:16:9: R_DUPLICATE_ID:`,
      `${file}:22:10: R_EMPTY_LIST:`,
    ];
  });
  afterAll(() => work && rmSync(work, { recursive: true, force: true }));

  it('reports every mistake as file:line:col, exits 2, and does not create --out', () => {
    const out = join(work, 'out');
    const r = xuncha(['run', 'corpora', '--out', out, '--rules', rules, '--cache-dir', join(work, 'cache')]);
    expect(r.code, r.stderr).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => / R_[A-Z_]+: /.test(l));
    expect(lines.map((l) => /^(.+?:\d+:\d+: R_[A-Z_]+:)/.exec(l)?.[1]), r.stderr).toEqual(expected);
    expect(readdirSync(work).sort()).toEqual(['rules']);
  });

  it('and leaves an existing --out exactly as it was', () => {
    const out = join(work, 'previous');
    const prev = xuncha(['run', 'corpora', '--out', out, '--cache-dir', join(work, 'cache-prev')]);
    expect(prev.code, prev.stderr).toBe(0);
    const before = snapshot(out);
    const r = xuncha(['run', 'corpora', '--out', out, '--rules', rules, '--cache-dir', join(work, 'cache-prev')]);
    expect(r.code, r.stderr).toBe(2);
    expect(snapshot(out)).toEqual(before);
  });
});
