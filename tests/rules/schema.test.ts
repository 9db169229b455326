import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { compileRuleSet, loadRuleSet, ruleSetHash } from '../../src/rules/index.js';
import { formatDiagnostic } from '../../src/diagnostics/message.js';
import { getSegmenter } from '../../src/segment/index.js';
import { register } from '../../src/cli/rules.js';
import { FIXTURES, copyRules, removeTmpDirs, runCommand } from './helpers.js';

afterAll(removeTmpDirs);

const seg = getSegmenter();
const diags = <T extends { code: string }>(r: { diagnostics?: T[] }): T[] => r.diagnostics ?? [];
const codes = (r: { diagnostics?: { code: string }[] }) => diags(r).map((d) => d.code);

function compileOne(text: string) {
  return compileRuleSet([{ name: 'x.yaml', text }], { dir: '.', segmenter: seg });
}

describe('rule file validation', () => {
  it('reports the three mistakes of a file at once, each at its file:line:column', () => {
    const res = loadRuleSet(join(FIXTURES, 'three-mistakes'));
    expect(res.ok).toBe(false);
    const lines = diags(res).map(formatDiagnostic).map((l) => l.replace(FIXTURES + '/', ''));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^three-mistakes\/demo\.yaml:8:5: R_UNKNOWN_KEY: unknown key "wieght"/);
    expect(lines[1]).toMatch(/^three-mistakes\/demo\.yaml:12:10: R_EMPTY_LIST: /);
    expect(lines[2]).toMatch(/^three-mistakes\/demo\.yaml:16:12: R_BAD_REGEX: /);
  });

  it('`rules check` prints them and exits 2', async () => {
    const r = await runCommand(register, ['rules', 'check', join(FIXTURES, 'three-mistakes')]);
    expect(r.code).toBe(2);
    expect(r.stdout.match(/demo\.yaml:\d+:\d+: R_[A-Z_]+:/g)).toHaveLength(3);
    expect(r.stdout).toMatch(/3 problems/);
  });

  it('reports problems across files: YAML syntax, type, unknown category, duplicate id, matcher, failing example', () => {
    const res = loadRuleSet(join(FIXTURES, 'many-mistakes'));
    expect(res.ok).toBe(false);
    expect(new Set(codes(res))).toEqual(new Set(['R_TYPE', 'R_UNKNOWN_CATEGORY', 'R_EXAMPLE_FAILED', 'R_YAML', 'R_DUPLICATE_ID', 'R_MATCHER']));
    const dup = diags(res).find((d) => d.code === 'R_DUPLICATE_ID')!;
    expect(dup.file).toMatch(/c\.yaml$/);
    expect(dup.loc).toEqual({ line: 2, column: 9 });
    expect(dup.note).toMatch(/a\.yaml:19/);
    expect(diags(res).find((d) => d.code === 'R_TYPE')!.loc).toEqual({ line: 7, column: 13 });
    expect(diags(res).find((d) => d.code === 'R_UNKNOWN_CATEGORY')!.loc).toEqual({ line: 11, column: 15 });
    expect(diags(res).find((d) => d.code === 'R_EXAMPLE_FAILED')!.loc).toEqual({ line: 18, column: 15 });
  });

  it('knows unknown keys at every level, and wrong types', () => {
    const res = compileOne(`ruleset:\n  treshold: 2\ncategories:\n  - id: a\n    label: 甲\n    colour: red\nrules:\n  - id: a.x\n    any: [甲]\n    where: [title, footer]\n    unless: {any: [乙], near: 3}\n    examples: {match: [甲]}\n`);
    expect(res.ok).toBe(false);
    const d = diags(res).map((x) => `${x.loc!.line}:${x.code}`);
    expect(d).toEqual(['2:R_UNKNOWN_KEY', '6:R_UNKNOWN_KEY', '10:R_TYPE', '11:R_UNKNOWN_KEY']);
    expect(diags(res)[0].note).toBe('did you mean "threshold"?');
  });

  it('rejects a second ruleset block, the reserved id none, and a missing dictionary', () => {
    const res = compileRuleSet(
      [
        { name: 'a.yaml', text: 'ruleset: {threshold: 1, dictionary: nope.txt}\ncategories: [{id: none, label: 无}, {id: a, label: 甲}]\nrules: [{id: r, any: [甲], examples: {match: [甲]}, category: a}]\n' },
        { name: 'b.yaml', text: 'ruleset: {threshold: 3}\n' },
      ],
      { dir: '.', segmenter: seg, readAux: () => null },
    );
    expect(res.ok).toBe(false);
    expect(codes(res).sort()).toEqual(['R_DICTIONARY', 'R_DUPLICATE_SETTINGS', 'R_RESERVED_ID']);
  });

  it('a rule without category in a file that declares none is an error; an empty folder is an error', () => {
    expect(codes(compileOne('rules: [{id: r, any: [甲], examples: {match: [甲]}}]\n'))).toContain('R_UNKNOWN_CATEGORY');
    expect(codes(compileRuleSet([], { dir: 'empty', segmenter: seg }))).toEqual(['R_EMPTY_SET']);
  });

  it('runs unsupported regex features through re2js and rejects them (no backreferences, no lookaround)', () => {
    for (const re of ['(a)\\1', '(?=a)b', '(?<!x)y']) {
      const res = compileOne(`categories: [{id: a, label: 甲}]\nrules: [{id: r, regex: '${re}', examples: {match: [a]}}]\n`);
      expect(codes(res)).toEqual(['R_BAD_REGEX']);
    }
  });

  it('the hash covers file names and contents, in sorted order', () => {
    const a = ruleSetHash([{ name: 'a.yaml', text: 'x' }, { name: 'b.yaml', text: 'y' }]);
    expect(ruleSetHash([{ name: 'dir/b.yaml', text: 'y' }, { name: 'dir/a.yaml', text: 'x' }])).toBe(a);
    expect(ruleSetHash([{ name: 'a.yaml', text: 'x' }, { name: 'b.yaml', text: 'z' }])).not.toBe(a);
    expect(ruleSetHash([{ name: 'a.yaml', text: 'x' }, { name: 'c.yaml', text: 'y' }])).not.toBe(a);
  });

  it('loads the small fixture set with its own dictionary', () => {
    const res = loadRuleSet(join(FIXTURES, 'small'));
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.value.name).toBe('small');
    expect(res.value.dictionaryWords).toEqual(['列支']);
    expect(res.value.categories.map((c) => c.id)).toEqual(['style', 'money']);
    expect(res.value.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the default rule set', () => {
  it('checks clean: five categories from taxonomy.md, every rule with examples', async () => {
    const res = loadRuleSet();
    expect(res.ok, (res.diagnostics ?? []).map(formatDiagnostic).join('\n')).toBe(true);
    if (!res.ok) return;
    expect(res.value.categories.map((c) => c.id)).toEqual(['political', 'conduct', 'two_responsibility', 'party_building', 'finance']);
    for (const r of res.value.rules) expect(r.examples.match.length).toBeGreaterThan(0);
    const cli = await runCommand(register, ['rules', 'check', 'rules']);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/^ok xuncha-default: \d+ files, 5 categories, \d+ rules/m);
  });

  it('`rules test` passes on rules/ and fails (exit 2) on a copy with a broken example', async () => {
    const ok = await runCommand(register, ['rules', 'test', 'rules']);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/^pass conduct\.style \(\d+\/\d+\)$/m);
    expect(ok.stdout).not.toMatch(/^FAIL/m);

    const dir = copyRules('rules');
    const file = join(dir, '20-conduct.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('- 工作作风不严不实', '- 工作风采展示活动'));
    const bad = await runCommand(register, ['rules', 'test', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/^FAIL conduct\.style /m);
    expect(bad.stdout).toMatch(/20-conduct\.yaml:\d+: should match "工作风采展示活动"/);
    expect(bad.stdout).toMatch(/^pass political\.theory/m);
    const check = await runCommand(register, ['rules', 'check', dir]);
    expect(check.code).toBe(2);
    expect(check.stdout).toMatch(/20-conduct\.yaml:\d+:\d+: R_EXAMPLE_FAILED: rule "conduct\.style" does not match/);
  });
});
