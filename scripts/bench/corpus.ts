/**
 * Synthetic benchmark corpus: N documents made from the two sample reports (corpora/) and the
 * three development reports (tests/fixtures/dev/docs/), with generated unit names, inspection
 * team numbers and dates, and findings dropped / shuffled (then renumbered) so that documents
 * differ. Deterministic: document i depends only on (seed, i) and the source texts.
 *
 * Written to <outRoot>/corpus-N/doc-000000.txt … with a manifest.json; an existing folder is
 * reused when its manifest has the same generator version, seed, N and source hash and the files
 * are all there with the recorded sizes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from './prng.js';

/** Bump when the generator changes what it writes (invalidates existing corpora). */
export const GENERATOR_VERSION = 2;

// ---------------------------------------------------------------------------------------------
// Vocabulary

const COUNTIES = [
  '青山', '白水', '临川', '安远', '平江', '永宁', '长丰', '兴安', '东源', '南溪', '西华', '石城', '云和', '宁乡',
  '泰和', '新丰', '柳城', '桃源', '凤台', '金寨', '龙门', '丰宁', '嘉禾', '灵石', '清河', '武宁', '宜丰', '汝阳',
  '通山', '双峰', '安化', '林西', '大安', '德兴', '广丰', '瑞安', '遂川', '崇义', '平利', '镇坪',
];
const CITIES = [
  '江州', '云州', '海州', '青州', '南平', '临江', '宁州', '丰城', '沧源', '汉阳', '洛川', '泉州', '衡州', '潮安',
  '梧州', '锦州', '邵州', '岳州', '荆门', '随州',
];
const VILLAGES = [
  '柳河', '杨庄', '李家湾', '石桥', '桃花坪', '红星', '新民', '王家岭', '大坪', '龙泉', '松林', '河口', '东湖', '前进',
  '高岭', '马家沟',
];

interface Org {
  full: string;
  short: string;
  bureau: boolean;
}

const ORGS: Org[] = [
  { full: '人民检察院', short: '检察院', bureau: false },
  { full: '人民法院', short: '法院', bureau: false },
  { full: '财政局', short: '财政局', bureau: true },
  { full: '教育局', short: '教育局', bureau: true },
  { full: '卫生健康委员会', short: '卫健委', bureau: false },
  { full: '市场监督管理局', short: '市场监管局', bureau: true },
  { full: '自然资源和规划局', short: '自然资源局', bureau: true },
  { full: '住房和城乡建设局', short: '住建局', bureau: true },
  { full: '农业农村局', short: '农业农村局', bureau: true },
  { full: '交通运输局', short: '交通运输局', bureau: true },
  { full: '公安局', short: '公安局', bureau: true },
  { full: '审计局', short: '审计局', bureau: true },
  { full: '水利局', short: '水利局', bureau: true },
  { full: '民政局', short: '民政局', bureau: true },
  { full: '生态环境局', short: '生态环境局', bureau: true },
  { full: '人力资源和社会保障局', short: '人社局', bureau: true },
  { full: '统计局', short: '统计局', bureau: true },
  { full: '医疗保障局', short: '医保局', bureau: true },
];

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

interface DocContext {
  county: string;
  city: string;
  village: string;
  org: Org;
  team: string;
  yearShift: number;
  monthShift: number;
  dayShift: number;
}

// ---------------------------------------------------------------------------------------------
// Templates

interface Template {
  id: string;
  /** Path relative to the repository root. */
  file: string;
  weight: number;
  bureauOnly?: boolean;
  /** Literal → replacement; applied in one pass, longest literal first. */
  units(c: DocContext): Record<string, string>;
}

const TEMPLATES: Template[] = [
  {
    id: 'county-feedback',
    file: 'corpora/000_a7e788a71b64a196.txt',
    weight: 47,
    units: (c) => ({
      漯河市人民检察院: `${c.city}市${c.org.full}`,
      县人民检察院: `${c.county}县${c.org.full}`,
      县检察院: `${c.county}县${c.org.short}`,
      检察院: c.org.short,
      漯河: c.city,
    }),
  },
  {
    id: 'city-rectification',
    file: 'corpora/001_8e4b7fe06461b8c1.txt',
    weight: 47,
    units: (c) => ({
      深圳市人民检察院: `${c.city}市${c.org.full}`,
      市检察院: `市${c.org.short}`,
      // Other units named in the text stay as they are (listed so that nothing shorter matches inside them).
      前海检察院: '前海检察院',
      省检察院: '省检察院',
      基层检察院: '基层检察院',
      深圳: c.city,
    }),
  },
  {
    id: 'bureau-rectification-list',
    file: 'tests/fixtures/dev/docs/bureau-rectification-list.txt',
    weight: 2,
    bureauOnly: true,
    units: (c) => ({
      某县市场监督管理局: `${c.county}县${c.org.full}`,
      县市场监督管理局: `${c.county}县${c.org.full}`,
    }),
  },
  {
    id: 'university-feedback-traditional',
    file: 'tests/fixtures/dev/docs/university-feedback-traditional.txt',
    weight: 2,
    units: (c) => ({ 某理工大學: `${c.city}理工大學` }),
  },
  {
    id: 'village-feedback-news',
    file: 'tests/fixtures/dev/docs/village-feedback-news.txt',
    weight: 2,
    units: (c) => ({ 柳河村: `${c.village}村` }),
  },
];

// ---------------------------------------------------------------------------------------------
// Transformations

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function replaceLiterals(text: string, map: Record<string, string>): string {
  const keys = Object.keys(map).sort((a, b) => b.length - a.length);
  if (keys.length === 0) return text;
  const re = new RegExp(keys.map(escapeRe).join('|'), 'g');
  return text.replace(re, (m) => map[m] ?? m);
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

function shiftYear(y: string, c: DocContext): string {
  const n = Number(y);
  return n >= 1990 && n <= 2035 ? String(n + c.yearShift) : y;
}
const shiftMonth = (m: string, c: DocContext): number => clamp(Number(m) + c.monthShift, 1, 12);
const shiftDay = (d: string, c: DocContext): number => clamp(Number(d) + c.dayShift, 1, 28);

function shiftDates(text: string, c: DocContext): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  text = text.replace(/(\d{4})-(\d{2})-(\d{2})/g, (m, y: string, mo: string, d: string) =>
    shiftYear(y, c) === y ? m : `${shiftYear(y, c)}-${pad(shiftMonth(mo, c))}-${pad(shiftDay(d, c))}`,
  );
  return text.replace(
    /(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日)?|(\d{4})年/g,
    (_m, y: string | undefined, mo: string | undefined, d: string | undefined, yOnly: string | undefined) => {
      if (yOnly !== undefined) return `${shiftYear(yOnly, c)}年`;
      let s = y !== undefined ? `${shiftYear(y, c)}年` : '';
      s += `${shiftMonth(mo as string, c)}月`;
      if (d !== undefined) s += `${shiftDay(d, c)}日`;
      return s;
    },
  );
}

function shiftTeams(text: string, c: DocContext): string {
  return text.replace(/第([一二三四五六七八九十]+)(巡[察视視][组組])/g, (_m, _n: string, suffix: string) => `第${c.team}${suffix}`);
}

const ITEM_RE = /^(\s*)(\d+)([.．、])/;
const PROBLEM_ITEM_RE = /^(\s*问题)(\d+)([:：])/;
const CONTINUATION_RE = /^\s*(整改(情况|措施|进度|结果)|$)/;

interface Block {
  lines: string[];
  num: number;
}

/**
 * Finds runs of numbered findings (a numbered line plus following blank lines and 整改… lines),
 * drops some, shuffles some runs, and renumbers them (continuously, or per run when the source
 * restarts its numbering in each section).
 */
function varyFindings(text: string, rng: Rng, dropP: number, shuffleP: number): string {
  const lines = text.split('\n');
  type Piece = { kind: 'line'; line: string } | { kind: 'run'; blocks: Block[] };
  const pieces: Piece[] = [];
  let run: Block[] | null = null;
  for (const line of lines) {
    const m = ITEM_RE.exec(line) ?? PROBLEM_ITEM_RE.exec(line);
    if (m) {
      if (!run) {
        run = [];
        pieces.push({ kind: 'run', blocks: run });
      }
      run.push({ lines: [line], num: Number(m[2]) });
    } else if (run && CONTINUATION_RE.test(line)) {
      (run[run.length - 1] as Block).lines.push(line);
    } else {
      run = null;
      pieces.push({ kind: 'line', line });
    }
  }
  const runs = pieces.filter((p): p is { kind: 'run'; blocks: Block[] } => p.kind === 'run');
  const restart = runs.slice(1).some((r) => r.blocks[0]?.num === 1);
  let next = 1;
  const out: string[] = [];
  for (const p of pieces) {
    if (p.kind === 'line') {
      out.push(p.line);
      continue;
    }
    let blocks = p.blocks.filter(() => !rng.chance(dropP));
    if (blocks.length === 0) blocks = [rng.pick(p.blocks)];
    if (rng.chance(shuffleP)) rng.shuffle(blocks);
    if (restart) next = 1;
    for (const b of blocks) {
      const [first, ...rest] = b.lines as [string, ...string[]];
      const renumbered = first.replace(ITEM_RE, (_m, ws: string, _n: string, dot: string) => `${ws}${next}${dot}`)
        .replace(PROBLEM_ITEM_RE, (_m, pre: string, _n: string, colon: string) => `${pre}${next}${colon}`);
      next++;
      out.push(renumbered, ...rest);
    }
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Generation

export interface CorpusOptions {
  repoRoot: string;
  outRoot: string;
  n: number;
  seed: number;
  log?: (s: string) => void;
}

export interface CorpusInfo {
  dir: string;
  n: number;
  seed: number;
  files: string[];
  bytes: number;
  contentHash: string;
  reused: boolean;
  templates: Record<string, number>;
  generateMs: number;
}

interface Manifest {
  generator: number;
  seed: number;
  n: number;
  sourceHash: string;
  bytes: number;
  contentHash: string;
  sizes: number[];
  templates: Record<string, number>;
  createdAt: string;
}

export function docName(i: number): string {
  return `doc-${String(i).padStart(6, '0')}.txt`;
}

function loadSources(repoRoot: string): { texts: Map<string, string>; sourceHash: string } {
  const h = createHash('sha256');
  const texts = new Map<string, string>();
  for (const t of TEMPLATES) {
    const text = readFileSync(join(repoRoot, t.file), 'utf8');
    texts.set(t.id, text);
    h.update(t.id).update('\0').update(text).update('\0');
  }
  return { texts, sourceHash: h.digest('hex').slice(0, 16) };
}

/**
 * Generates document i, draw `attempt` (pure function of seed, i, attempt and the source texts).
 * The small templates have few variants, so a draw can repeat an earlier document: ensureCorpus
 * then draws again (xuncha skips duplicate documents, which would make the corpus smaller).
 */
export function generateDoc(texts: Map<string, string>, seed: number, i: number, attempt = 0): { template: string; text: string } {
  const rng = new Rng(attempt === 0 ? `xuncha-bench:${seed}:${i}` : `xuncha-bench:${seed}:${i}:${attempt}`);
  const t = rng.weighted(TEMPLATES, TEMPLATES.map((x) => x.weight));
  const orgs = t.bureauOnly ? ORGS.filter((o) => o.bureau) : ORGS;
  const c: DocContext = {
    county: rng.pick(COUNTIES),
    city: rng.pick(CITIES),
    village: rng.pick(VILLAGES),
    org: rng.pick(orgs),
    team: rng.pick(NUMERALS),
    yearShift: rng.int(-4, 3),
    monthShift: rng.int(-2, 3),
    dayShift: rng.int(-3, 6),
  };
  let text = texts.get(t.id) as string;
  text = varyFindings(text, rng, 0.08, 0.5);
  text = replaceLiterals(text, t.units(c));
  text = shiftTeams(text, c);
  text = shiftDates(text, c);
  return { template: t.id, text };
}

function readManifest(dir: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

export function ensureCorpus(opts: CorpusOptions): CorpusInfo {
  const { repoRoot, outRoot, n, seed } = opts;
  const log = opts.log ?? (() => {});
  const dir = join(outRoot, `corpus-${n}`);
  const files = Array.from({ length: n }, (_, i) => join(dir, docName(i)));
  const { texts, sourceHash } = loadSources(repoRoot);
  const t0 = performance.now();

  const m = existsSync(dir) ? readManifest(dir) : null;
  if (m && m.generator === GENERATOR_VERSION && m.seed === seed && m.n === n && m.sourceHash === sourceHash) {
    let ok = m.sizes.length === n;
    for (let i = 0; ok && i < n; i++) {
      try {
        ok = statSync(files[i] as string).size === m.sizes[i];
      } catch {
        ok = false;
      }
    }
    if (ok) {
      log(`corpus: reusing ${dir} (N=${n}, seed ${seed}, ${(m.bytes / 1e6).toFixed(1)} MB, hash ${m.contentHash})`);
      return { dir, n, seed, files, bytes: m.bytes, contentHash: m.contentHash, reused: true, templates: m.templates, generateMs: 0 };
    }
    log(`corpus: ${dir} does not match its manifest; regenerating`);
  } else if (existsSync(dir)) {
    log(`corpus: ${dir} was made with other settings; regenerating`);
  }

  mkdirSync(outRoot, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const h = createHash('sha256');
  const sizes: number[] = [];
  const templates: Record<string, number> = {};
  let bytes = 0;
  const seen = new Set<string>();
  let redrawn = 0;
  for (let i = 0; i < n; i++) {
    let doc = generateDoc(texts, seed, i);
    let digest = createHash('sha1').update(doc.text).digest('hex');
    for (let attempt = 1; seen.has(digest); attempt++) {
      if (attempt > 1000) throw new Error(`corpus: cannot make document ${i} different from the earlier ones`);
      doc = generateDoc(texts, seed, i, attempt);
      digest = createHash('sha1').update(doc.text).digest('hex');
      redrawn++;
    }
    seen.add(digest);
    const { template, text } = doc;
    const buf = Buffer.from(text, 'utf8');
    writeFileSync(join(tmp, docName(i)), buf);
    h.update(docName(i)).update('\0').update(buf);
    sizes.push(buf.length);
    bytes += buf.length;
    templates[template] = (templates[template] ?? 0) + 1;
    if (n >= 5000 && (i + 1) % 5000 === 0) log(`corpus: ${i + 1}/${n} documents`);
  }
  const contentHash = h.digest('hex').slice(0, 16);
  const manifest: Manifest = {
    generator: GENERATOR_VERSION, seed, n, sourceHash, bytes, contentHash, sizes, templates, createdAt: new Date().toISOString(),
  };
  writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest) + '\n');
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  const generateMs = performance.now() - t0;
  log(`corpus: wrote ${n} documents to ${dir} (${(bytes / 1e6).toFixed(1)} MB, hash ${contentHash}; ${redrawn} duplicate draws redrawn) in ${(generateMs / 1000).toFixed(1)} s`);
  return { dir, n, seed, files, bytes, contentHash, reused: false, templates, generateMs };
}

/** Lists the document files of a corpus folder (for sanity checks). */
export function listDocs(dir: string): string[] {
  return readdirSync(dir).filter((f) => /^doc-\d+\.txt$/.test(f)).sort();
}
