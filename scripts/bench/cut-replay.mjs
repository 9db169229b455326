// The segmentation inside the pipeline vs the same texts cut in a tight loop (docs/bench.md,
// "Where the time goes"). Usage: node scripts/bench/cut-replay.mjs <corpus-dir>  (after npm run build)
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
const require = createRequire(import.meta.url);
const jieba = require('nodejieba');
const orig = jieba.cut.bind(jieba);
const texts = [];
let ms = 0;
jieba.cut = (t, h) => { texts.push(t); const s = performance.now(); const r = orig(t, h); ms += performance.now() - s; return r; };
const { createProcessor } = await import('../../dist/pipeline/process.js');
const dir = process.argv[2];
const files = readdirSync(dir).filter(f => f.endsWith('.txt')).sort().slice(0, 300);
const p = await createProcessor({ rulesDir: new URL('../../rules', import.meta.url).pathname, headingEvidence: true, csv: {}, segmenter: 'nodejieba', cacheDir: null, cacheKey: '', maxBytes: 1e9 });
for (const f of files) await p.process({ item: { path: dir + '/' + f, id: f, root: dir, size: 0 }, meta: {} });
console.log('calls', texts.length, 'chars', texts.reduce((s, t) => s + t.length, 0), 'in-pipeline ms', ms.toFixed(0));
for (let rep = 0; rep < 3; rep++) { const t = performance.now(); for (const x of texts) orig(x, true); console.log('replay ms', (performance.now() - t).toFixed(0)); }
const joined = texts.join('\n'); const t = performance.now(); orig(joined, true); console.log('joined ms', (performance.now() - t).toFixed(0));
const lens = texts.map(t => t.length).sort((a, b) => a - b); console.log('len quantiles', lens[0], lens[lens.length >> 2], lens[lens.length >> 1], lens[(lens.length * 3) >> 2], lens[lens.length - 1]);
