// The floor of the benchmark: bare segmentation of every document of a corpus folder in ONE
// process, nothing else (read the file, cut(text, true), count the tokens, drop them).
// Plain JavaScript run by plain `node` (no tsx loader), as a child of the bench so that its time
// and memory are its own.
//
//   node scripts/bench/segment-floor.mjs nodejieba|rs-jieba <corpus-dir>
//
// Prints one JSON line: { backend, files, bytes, tokens, loadMs, cutMs, readMs, totalMs }.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const [backend, dir] = process.argv.slice(2);
if (!backend || !dir) {
  process.stderr.write('usage: segment-floor.mjs nodejieba|rs-jieba <corpus-dir>\n');
  process.exit(2);
}

const t0 = performance.now();
let cut;
if (backend === 'nodejieba') {
  const nodejieba = require('nodejieba');
  nodejieba.load();
  cut = (text) => nodejieba.cut(text, true);
} else if (backend === 'rs-jieba') {
  const { Jieba } = require('@node-rs/jieba');
  const { dict } = require('@node-rs/jieba/dict.js');
  const jieba = Jieba.withDict(dict);
  cut = (text) => jieba.cut(text, true);
} else {
  process.stderr.write(`unknown backend: ${backend}\n`);
  process.exit(2);
}
const loadMs = performance.now() - t0;

const files = readdirSync(dir).filter((f) => /^doc-\d+\.txt$/.test(f)).sort();
let bytes = 0;
let tokens = 0;
let readMs = 0;
let cutMs = 0;
for (const f of files) {
  const r0 = performance.now();
  const text = readFileSync(join(dir, f), 'utf8');
  const r1 = performance.now();
  tokens += cut(text).length;
  cutMs += performance.now() - r1;
  readMs += r1 - r0;
  bytes += Buffer.byteLength(text, 'utf8');
}
const totalMs = performance.now() - t0;
process.stdout.write(JSON.stringify({ backend, files: files.length, bytes, tokens, loadMs, readMs, cutMs, totalMs }) + '\n');
