/**
 * Profile of the per-document CPU of the pure stages, against a bare nodejieba cut of the whole
 * document (the "Fast at scale" yardstick): normalize, parseStructure, cut(whole text), and tagging
 * every finding of the document (the per-finding path `Tagger.tag` and the whole-document path
 * `Tagger.tagDocument`).
 *
 *   npx tsx scripts/profile-tag.ts [rounds=50] [files…]   (default: the corpora/ documents)
 *
 * Prints ms per document (mean over rounds, after one warm-up round).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { normalize } from '../src/normalize/index.js';
import { parseStructure } from '../src/structure/index.js';
import { getSegmenter } from '../src/segment/index.js';
import { loadRuleSet } from '../src/rules/index.js';
import { Tagger } from '../src/tag/index.js';
import { extractText } from '../src/pipeline/document.js';
import type { FindingRecord } from '../src/model/records.js';

const rounds = Number(process.argv[2] ?? 50) || 50;
const files = process.argv.length > 3 ? process.argv.slice(3) : readdirSync('corpora').filter((f) => f.endsWith('.txt')).sort().map((f) => join('corpora', f));

const seg = getSegmenter();
const res = loadRuleSet();
if (!res.ok) throw new Error('default rules do not load');
const rs = res.value;
const tagger = new Tagger(rs, seg);
const opts = { headingEvidence: true };

const docs = files.map((path) => {
  const text = readFileSync(path, 'utf8');
  const ex = extractText({ id: path, path, sha256: '', bytes: text.length }, { type: 'text', format: 'txt', encoding: 'utf-8', text });
  return { path, text, findings: ex.findings as FindingRecord[] };
});

/** Per stage, the ms of each round (all documents): wall clock and process CPU time. */
const timers: Record<string, { wall: number[]; cpu: number[] }> = {};
let round = 0;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
function time<T>(name: string, fn: () => T): T {
  const c0 = cpuMs();
  const t0 = process.hrtime.bigint();
  const r = fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = cpuMs() - c0;
  const t = (timers[name] ??= { wall: [], cpu: [] });
  t.wall[round] = (t.wall[round] ?? 0) + wall;
  t.cpu[round] = (t.cpu[round] ?? 0) + cpu;
  return r;
}

const hasTagDocument = typeof (tagger as unknown as { tagDocument?: unknown }).tagDocument === 'function';
function runRound() {
  for (const d of docs) {
    const n = time('normalize', () => normalize(d.text));
    time('structure', () => parseStructure(n));
    time('bare cut (whole doc)', () => seg.cut(d.text));
    time('tag (per finding)', () => d.findings.map((f) => tagger.tag(f, d.text, opts)));
    if (hasTagDocument) time('tagDocument', () => tagger.tagDocument(d.text, d.findings, opts));
  }
}

// The first round is the cold one: converter tables, JIT, subword memo, regex DFAs.
runRound();
const cold = Object.fromEntries(Object.entries(timers).map(([k, v]) => [k, v.wall[0] / docs.length]));
for (const k of Object.keys(timers)) delete timers[k];
for (round = 0; round < rounds; round++) runRound();

// Other processes may share the machine: medians and minima over rounds, per document. CPU time
// (process.cpuUsage, microsecond resolution) is the steadier measure when the machine is busy.
const per = (v: number[], q: 'median' | 'min') => {
  const s = [...v].sort((a, b) => a - b);
  return (q === 'min' ? s[0] : s[s.length >> 1]) / docs.length;
};
const cut = per(timers['bare cut (whole doc)'].cpu, 'median');
console.log(`${docs.length} documents (${docs.map((d) => `${(d.text.length / 1000).toFixed(1)}k chars, ${d.findings.length} findings`).join('; ')}), ${rounds} rounds; ms per document`);
console.log(`${'stage'.padEnd(22)} ${'cpu med'.padStart(8)} ${'wall med'.padStart(8)} ${'wall min'.padStart(8)} ${'cold'.padStart(8)}   cpu median / bare cut`);
for (const [k, v] of Object.entries(timers)) {
  const c = per(v.cpu, 'median');
  console.log(
    `${k.padEnd(22)} ${c.toFixed(3).padStart(8)} ${per(v.wall, 'median').toFixed(3).padStart(8)} ${per(v.wall, 'min').toFixed(3).padStart(8)} ${cold[k].toFixed(3).padStart(8)}   ${(c / cut).toFixed(2)}×`,
  );
}
