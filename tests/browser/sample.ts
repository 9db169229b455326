/**
 * The reports the browser test opens: the real sample run (`sampleRun`), and hand-made hostile
 * records (`hostileInput`) whose every string must show as text.
 */
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Summary } from '../../src/aggregate/schema.js';
import { parse } from 'csv-parse/sync';
import type { DocumentRecord, TaggedFinding } from '../../src/model/records.js';
import { buildReports, type BuildReportsInput, type BuiltReports } from '../../src/render/index.js';
import { CATEGORIES, findingsFromText, makeDoc, naturePair, synthDoc } from '../aggregate/helpers.js';

const root = new URL('../../', import.meta.url);
const read = (u: URL) => readFileSync(u, 'utf8');

function goldCorpus(): { documents: DocumentRecord[]; findings: TaggedFinding[] } {
  const rows = parse(read(new URL('tests/fixtures/gold/seed-findings.csv', root)), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  const docs: Array<[string, DocumentRecord['kind'], string]> = [
    ['000_a7e788a71b64a196.txt', 'feedback', '县人民检察院'],
    ['001_8e4b7fe06461b8c1.txt', 'rectification', '深圳市人民检察院'],
  ];
  const documents: DocumentRecord[] = [];
  const findings: TaggedFinding[] = [];
  for (const [id, kind, unit] of docs) {
    const doc = makeDoc({ id, text: read(new URL(`corpora/${id}`, root)), kind, unit });
    const specs = rows.filter((r) => r.doc === id).map((r) => ({ title: r.title, number: r.number, primary: r.gold, also: r.also ? [r.also] : [] }));
    documents.push(doc);
    findings.push(...findingsFromText(doc, specs));
  }
  return { documents, findings };
}

/**
 * The sample run, as a user makes it: `xuncha run corpora <the linkage pair> --out …` with the
 * built CLI (dist/, built by `npm test`). The pair adds one unit with both a feedback and a
 * rectification report, so the linkage section has something to show.
 */
export interface SampleRun {
  html: string;
  summary: Summary;
  documents: DocumentRecord[];
  findings: TaggedFinding[];
}

export function sampleRun(outDir: string): SampleRun {
  const r = spawnSync(
    process.execPath,
    [fileURLToPath(new URL('bin/xuncha.js', root)), 'run', 'corpora', 'tests/aggregate/fixtures', '--out', outDir, '--quiet', '--no-cache'],
    { cwd: fileURLToPath(root), encoding: 'utf8', env: { ...process.env, CI: '1' } },
  );
  if (r.status !== 0) throw new Error(`xuncha run failed (${r.status}): ${r.stderr}`);
  const jsonl = <T>(f: string) => read(new URL(`file://${outDir}/${f}`)).split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
  return {
    html: read(new URL(`file://${outDir}/report.html`)),
    summary: JSON.parse(read(new URL(`file://${outDir}/summary.json`))) as Summary,
    documents: jsonl<DocumentRecord>('documents.jsonl'),
    findings: jsonl<TaggedFinding>('findings.jsonl'),
  };
}

/** The gold-labelled sample (hand-made records), for render tests that do not need the pipeline. */
export function goldSampleInput(): BuildReportsInput {
  const gold = goldCorpus();
  const pair = naturePair(read);
  return {
    documents: [...gold.documents, ...pair.documents],
    findings: [...gold.findings, ...pair.findings],
    categories: CATEGORIES,
    rulesetHash: 'sample-ruleset-0000',
    version: '0.1.0',
  };
}

export function buildGoldSampleReport(): BuiltReports {
  return buildReports(goldSampleInput());
}

/** A report whose documents and metadata are hostile: every string must show as text. */
export const HOSTILE = {
  unit: '<img src=x onerror=alert(1)>局',
  title: '<script>alert(1)</script>财务报销不规范',
  body: '点击<a href="javascript:alert(2)">javascript:alert(3)</a>查看，报销票据</script><script>alert(4)</script>',
  meta: '"><svg onload=alert(5)>',
};

export function hostileInput(): BuildReportsInput {
  const a = synthDoc({
    id: 'evil/<b>doc</b>.txt',
    unit: HOSTILE.unit,
    kind: 'feedback',
    meta: { 'region"><i>': HOSTILE.meta },
    items: [
      { title: HOSTILE.title, body: HOSTILE.body, primary: 'finance' },
      { title: '主体责任落实不到位', primary: 'two_responsibility' },
    ],
  });
  const b = synthDoc({
    id: 'plain.txt',
    unit: '县某局',
    kind: 'feedback',
    items: [
      { title: '作风建设存在短板', primary: 'conduct' },
      { title: '公务卡使用不规范', primary: 'finance' },
    ],
  });
  return {
    documents: [a.doc, b.doc],
    findings: [...a.findings, ...b.findings],
    categories: [...CATEGORIES.slice(0, 4), { id: 'finance', label: '财务<b>与</b>资产' }],
    rulesetHash: '<hash>"\'&',
    version: '0.1.0<script>',
  };
}
