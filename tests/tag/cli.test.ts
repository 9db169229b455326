import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TaggedFinding } from '../../src/model/records.js';
import { register as registerTag } from '../../src/cli/tag.js';
import { register as registerExplain } from '../../src/cli/explain.js';
import { ROOT, copyRules, removeTmpDirs, runCommand, tmpDir } from '../rules/helpers.js';

const cli = (argv: string[]) => runCommand((p) => (registerTag(p), registerExplain(p)), argv);
const tmp = () => tmpDir('tag-');
afterAll(removeTmpDirs);

describe('xuncha tag', () => {
  it('writes tagged findings.jsonl / findings.csv and ruleset.json', async () => {
    const out = tmp();
    const r = await cli(['tag', join(ROOT, 'corpora'), '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(join(out, 'findings.jsonl'), 'utf8').trim().split('\n');
    const tagged = lines.map((l) => TaggedFinding.parse(JSON.parse(l)));
    expect(tagged.filter((t) => t.record_kind === 'finding')).toHaveLength(27);
    expect(tagged.every((t) => t.categories[0] === t.primary)).toBe(true);
    const csv = readFileSync(join(out, 'findings.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/,primary,categories,heading_decided,score_political,score_conduct,score_two_responsibility,score_party_building,score_finance,evidence/);
    const manifest = JSON.parse(readFileSync(join(out, 'ruleset.json'), 'utf8'));
    expect(manifest.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.categories.map((c: { id: string }) => c.id)).toEqual(['political', 'conduct', 'two_responsibility', 'party_building', 'finance']);
  });

  it('--no-heading-evidence leaves headings out', async () => {
    const out = tmp();
    const r = await cli(['tag', join(ROOT, 'corpora'), '--out', out, '--quiet', '--no-heading-evidence']);
    expect(r.code).toBe(0);
    const tagged = readFileSync(join(out, 'findings.jsonl'), 'utf8').trim().split('\n').map((l) => TaggedFinding.parse(JSON.parse(l)));
    expect(tagged.some((t) => t.evidence.some((e) => e.field === 'heading') || t.heading_decided)).toBe(false);
  });

  it('a broken rule set: diagnostics, exit 2, nothing written', async () => {
    const dir = copyRules(join(ROOT, 'rules'));
    writeFileSync(join(dir, '20-conduct.yaml'), readFileSync(join(dir, '20-conduct.yaml'), 'utf8').replace('weight: 2', 'wieght: 2'));
    const out = join(tmp(), 'never');
    const r = await cli(['tag', join(ROOT, 'corpora'), '--rules', dir, '--out', out, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/20-conduct\.yaml:\d+:\d+: R_UNKNOWN_KEY: unknown key "wieght"/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('xuncha explain', () => {
  it('marks the words with 【brackets】 off a terminal and says when a heading decided', async () => {
    const r = await cli(['explain', '000_a7e788a71b64a196.txt#13', join(ROOT, 'corpora'), '--no-color']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/【工作纪律】/);
    expect(r.stdout).toMatch(/heading decided: yes — without the section headings the primary would be conduct/);
    expect(r.stdout).toMatch(/party_building\.organisation\s+heading\s+基层党组织@\d+-\d+\s+\[2 × heading 2 = 4\]/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('uses ANSI bold colour with --color', async () => {
    const r = await cli(['explain', '000_a7e788a71b64a196.txt#4', join(ROOT, 'corpora'), '--color']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\x1b\[1;\d+m作风转变\x1b\[0m/);
  });

  it('an unknown finding id is a usage error', async () => {
    const r = await cli(['explain', 'nope.txt#9', join(ROOT, 'corpora')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no finding "nope\.txt#9"/);
  });
});
