/**
 * The segmentation cache: on disk, one entry per input file (JSON, compressed; see `packEntry`), keyed by the file's
 * content hash (sha256) and everything else that changes what xuncha reads from it: xuncha's
 * version, a hash of its compiled code, the CSV column options, the segmenter backend and the
 * base dictionaries. An entry holds the decoded input (so .docx/.pdf need not be decoded again)
 * and every segmentation made while tagging the file (token lengths per text), so a re-run after a
 * rule edit skips decoding and segmenting unchanged documents. Tables not tied to an input (the
 * rule set's inline examples) are kept the same way under tables/.
 *
 * Rule terms are added to the segmenter's dictionary, so they change segmentation too. An entry
 * records the set of rule terms it was segmented with; when the current set differs, the entry is
 * still valid unless one of the added or removed terms occurs in one of its texts ("affected
 * entries" are exactly the documents that contain a changed term). Of an affected entry only the
 * blocks (between separators, see MemoSegmenter) that contain a changed term are segmented again.
 *
 * An entry also keeps the input's last tagging result (`CachedResult`: records and evidence). A
 * re-run whose rules would find the same evidence in it (`resultFits`: a weight or threshold edit,
 * or a term edit whose terms the document does not contain) re-scores the stored evidence instead
 * of extracting and tagging again.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants } from 'node:zlib';
import { join } from 'node:path';
import { homedir } from 'node:os';
import type { Diagnostic } from '../diagnostics/message.js';
import type { Ingested } from '../ingest/types.js';
import type { DocumentRecord, EvidenceField, FindingRecord, Span } from '../model/records.js';
import type { SegmentTable } from '../segment/memo.js';
import { pairTerm, type FindingTokens } from '../tag/engine.js';
import { fsProblem, makeDirs } from './folders.js';

export const CACHE_SCHEMA = 3;

export interface CacheEntry {
  schema: number;
  ingested: Ingested;
  /** The diagnostics of decoding the input (warnings; an input that failed is not cached). */
  ingestDiagnostics: Diagnostic[];
  seg: SegmentTable;
  /** Id of the rule-term set the segmentation was made with (see CacheStore.currentTermsId). */
  terms: string;
  /** The input's records as last tagged, for a re-run whose rules find the same evidence (`resultFits`). */
  result?: CachedResult;
}

/**
 * What tagging an input gave, minus everything a weight decides: its documents, its findings with
 * their evidence (weights included but recomputed on use), their words, and the extraction's
 * diagnostics. `key` holds the rule set's `structureKey` and the input's id, path, metadata and
 * options; `pairs` names the rule set's `termPairs` (see `CacheStore.resultFits`).
 */
export interface CachedResult {
  key: string;
  pairs: string;
  /** `text` is null when it is the ingested text (stored once, in `ingested`). */
  documents: (Omit<DocumentRecord, 'text'> & { text: string | null })[];
  findings: (FindingRecord & { evidence: PackedEvidence[] })[];
  tokens: Record<string, FindingTokens>;
  diagnostics: Diagnostic[];
}

/**
 * Evidence as stored: `[rule, field, terms, spans]`, plus its words when they are not the
 * document's text at the spans (they always are when the finding was tagged in its document). Its
 * category and weight come from the rule set on use (`Tagger.rescore`).
 */
export type PackedEvidence = [rule: string, field: EvidenceField, terms: string[], spans: Span[], words?: string[]];

export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'xuncha');
}

/**
 * Why a cache folder cannot be used (made if missing, then a file written into it and removed), or
 * null when it can. A run checks once before it starts: a cache that cannot be written only costs
 * time, so the run then goes on without one and says why.
 */
export function cacheDirProblem(dir: string): string | null {
  try {
    makeDirs(join(dir, 'terms'));
    const probe = join(dir, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
    return null;
  } catch (e) {
    return fsProblem(e);
  }
}

export class CacheStore {
  /** Sets of strings by id (the hash of their sorted list): rule-term sets and term-pair sets. */
  private readonly setsById = new Map<string, string[]>();
  private readonly diffs = new Map<string, string[]>();
  readonly currentTermsId: string;
  readonly currentPairsId: string;

  /**
   * @param dir the cache folder
   * @param key everything but content and rule terms that changes the result (version, code hash, options, dictionaries)
   * @param terms the current rule terms (the words they add to the segmenter)
   * @param pairs the current rule set's `termPairs` (which rule uses which term where)
   */
  constructor(
    readonly dir: string,
    private readonly key: string,
    terms: readonly string[],
    pairs: readonly string[] = [],
  ) {
    this.currentTermsId = this.register(terms);
    this.currentPairsId = this.register(pairs);
  }

  private register(list: readonly string[]): string {
    const sorted = [...new Set(list)].sort();
    const id = createHash('sha256').update(sorted.join('\n')).digest('hex').slice(0, 24);
    this.setsById.set(id, sorted);
    return id;
  }

  private entryPath(sha256: string): string {
    const k = createHash('sha256').update(`${this.key}\0${sha256}`).digest('hex');
    return join(this.dir, 'entries', k.slice(0, 2), `${k.slice(2)}${EXT}`);
  }

  /** Remember the current sets on disk (once per run) so later runs can compute differences. */
  async init(): Promise<void> {
    makeDirs(join(this.dir, 'terms'));
    for (const id of [this.currentTermsId, this.currentPairsId]) {
      const p = join(this.dir, 'terms', `${id}.json`);
      try {
        await readFile(p);
      } catch {
        atomicWrite(p, JSON.stringify(this.setsById.get(id)));
      }
    }
  }

  private async setOf(id: string): Promise<string[] | null> {
    const known = this.setsById.get(id);
    if (known) return known;
    try {
      const t = JSON.parse(await readFile(join(this.dir, 'terms', `${id}.json`), 'utf8')) as string[];
      this.setsById.set(id, t);
      return t;
    } catch {
      return null;
    }
  }

  /** The strings added or removed between set `id` and set `current` (null: `id` is unknown). */
  private async changed(id: string, current: string): Promise<string[] | null> {
    if (id === current) return [];
    const memo = this.diffs.get(`${id}>${current}`);
    if (memo) return memo;
    const old = await this.setOf(id);
    if (!old) return null;
    const a = new Set(old);
    const b = new Set(this.setsById.get(current));
    const diff = [...old.filter((t) => !b.has(t)), ...[...b].filter((t) => !a.has(t))];
    this.diffs.set(`${id}>${current}`, diff);
    return diff;
  }

  /** The terms added or removed between an entry's term set and the current one. */
  private changedTerms(id: string): Promise<string[] | null> {
    return this.changed(id, this.currentTermsId);
  }

  /**
   * Whether an entry's tagging result holds under the current rule set: its key matches (same
   * `structureKey`, same input), and every term whose place in the rules changed since
   * (`termPairs`) is absent from every text the input's tagging matched in, which are exactly the
   * texts it cut (`seg.cut`: matching segments first). So a weight edit keeps every result, and a
   * term edit keeps those of the documents that do not contain the term.
   */
  async resultFits(entry: CacheEntry, key: string): Promise<boolean> {
    const r = entry.result;
    if (!r || r.key !== key) return false;
    const changed = await this.changed(r.pairs, this.currentPairsId);
    if (changed === null) return false;
    if (!changed.length) return true;
    return !mayContain(entry, [...new Set(changed.map(pairTerm))]);
  }

  /**
   * The entry of an input, or null. When the dictionary words changed since it was made and one of
   * them may occur in its texts, the entry is returned with those words as `stale`: its
   * segmentation holds except in the blocks that contain one (MemoSegmenter cuts them again).
   */
  async get(sha256: string): Promise<CacheEntry | null> {
    const entry = readEntry(this.entryPath(sha256));
    if (!entry) return null;
    const changed = await this.changedTerms(entry.terms);
    if (changed === null) return null;
    if (changed.length) {
      const stale = changed.filter((t) => mayContain(entry, [t]));
      if (stale.length) STALE.set(entry, stale);
      entry.terms = this.currentTermsId;
    }
    return entry;
  }

  private tablePath(name: string): string {
    const k = createHash('sha256').update(`${this.key}\0table\0${name}`).digest('hex');
    return join(this.dir, 'tables', `${k}${TABLE_EXT}`);
  }

  /**
   * A segmentation table not tied to one input (the rule set's inline examples): like an entry,
   * but a change in the rule terms drops only the texts that contain a changed term.
   */
  async getTable(name: string): Promise<SegmentTable | null> {
    const entry = await readPacked<{ seg: SegmentTable; terms: string }>(this.tablePath(name));
    if (!entry?.seg?.cut || !entry.seg.sub) return null;
    const changed = await this.changedTerms(entry.terms);
    if (changed === null) return null;
    if (changed.length) {
      for (const part of [entry.seg.cut, entry.seg.sub]) {
        for (const text of Object.keys(part)) if (changed.some((t) => text.includes(t))) delete part[text];
      }
    }
    return entry.seg;
  }

  putTable(name: string, seg: SegmentTable): void {
    this.writeEntry(this.tablePath(name), pack({ schema: CACHE_SCHEMA, seg, terms: this.currentTermsId }));
  }

  /**
   * Store an entry. Synchronously: the caller (a worker thread) has nothing else to do meanwhile;
   * a write to the page cache takes ~0.3 ms, less than the promise machinery of an asynchronous
   * one, and nothing waits in memory for the disk. Written to a temporary file and renamed, so a
   * process killed in the middle leaves a temporary file, never a broken entry.
   */
  put(sha256: string, parts: Pick<CacheEntry, 'ingested' | 'ingestDiagnostics' | 'seg' | 'result'>, sameSegAs?: CacheEntry | null): void {
    const { seg, ...rest } = parts;
    const head: EntryHead = { schema: CACHE_SCHEMA, ...rest, terms: this.currentTermsId };
    // An unchanged segmentation (a document tagged again from its entry) keeps its stored bytes.
    const segBytes = (sameSegAs && SEG_BYTES.get(sameSegAs)) || packText(JSON.stringify(seg));
    this.writeEntry(this.entryPath(sha256), packEntry(packText(JSON.stringify(head)), segBytes));
  }

  /** Folders made (or found) already: one mkdir per folder, not one per entry. */
  private readonly madeDirs = new Set<string>();

  private writeEntry(p: string, data: Uint8Array): void {
    try {
      const dir = join(p, '..');
      if (!this.madeDirs.has(dir)) {
        makeDirs(dir);
        this.madeDirs.add(dir);
      }
      atomicWrite(p, data);
    } catch {
      // A cache that cannot be written only costs time.
    }
  }
}

/**
 * Cached JSON is stored as UTF-16LE and compressed with Brotli at quality 0 (an entry in two parts,
 * see `packEntry`; a table in one). UTF-16LE because
 * that is how V8 holds a string with Chinese in it: decoding ~40 KB of it takes ~0.015 ms, against
 * ~0.35 ms from UTF-8 (measured on the bench corpus), and encoding it is twice as fast too; the
 * compressed files come out ~4% larger. Brotli q0 takes half the time of gzip at level 1 for a
 * slightly smaller file. Filling and reading the cache are noticeable parts of a cold and of a warm run.
 */
const EXT = '.xce';
/** A table (see `getTable`) is one compressed part: its JSON. */
const TABLE_EXT = '.u16.br';
const BROTLI_FAST = { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 0 } };
const packText = (text: string): Buffer => brotliCompressSync(Buffer.from(text, 'utf16le'), BROTLI_FAST);
const pack = (v: unknown): Buffer => packText(JSON.stringify(v));
const unpackText = (p: string): string => brotliDecompressSync(readFileSync(p)).toString('utf16le');

/** An entry as stored: everything but the segmentation, which follows it in the file. */
type EntryHead = Omit<CacheEntry, 'seg'>;

/**
 * An entry file holds two compressed parts: the length of the first (4 bytes, little-endian), the
 * head's JSON (everything but the segmentation), then the segmentation's JSON. The second part is
 * decompressed and parsed only when it is used: a re-run that re-scores the stored result never
 * needs it, and a document tagged again with the same segmentation stores the same bytes again.
 */
const packEntry = (head: Buffer, seg: Buffer): Buffer => {
  const n = Buffer.alloc(4);
  n.writeUInt32LE(head.length, 0);
  return Buffer.concat([n, head, seg]);
};

/**
 * The dictionary words added or removed since an entry was segmented that may occur in its texts
 * (set by `CacheStore.get`; none when absent).
 */
const STALE = new WeakMap<CacheEntry, string[]>();
export const staleWords = (entry: CacheEntry): readonly string[] => STALE.get(entry) ?? [];

/** An entry's segmentation part as stored (compressed), and as text once decompressed. */
const SEG_BYTES = new WeakMap<CacheEntry, Buffer>();
const SEG_JSON = new WeakMap<CacheEntry, string | null>();

/**
 * The segmentation part's JSON: undefined for an entry not read from a file, null when the part
 * cannot be decompressed (a damaged file: the entry then counts as containing every term, and its
 * segmentation as empty, so the document is segmented again rather than failing).
 */
function segJsonOf(entry: CacheEntry): string | null | undefined {
  let json = SEG_JSON.get(entry);
  if (json === undefined) {
    const bytes = SEG_BYTES.get(entry);
    if (bytes === undefined) return undefined;
    try {
      json = brotliDecompressSync(bytes).toString('utf16le');
    } catch {
      json = null;
    }
    SEG_JSON.set(entry, json);
  }
  return json;
}

function parseSeg(json: string | null | undefined): SegmentTable {
  try {
    const seg = JSON.parse(json ?? '') as SegmentTable;
    if (seg && typeof seg.cut === 'object' && seg.cut && typeof seg.sub === 'object' && seg.sub) return seg;
  } catch {
    // damaged: as if nothing had been segmented
  }
  return { cut: {}, sub: {} };
}

/** A cache entry of this schema, or null (missing, unreadable, or another schema). */
function readEntry(p: string): CacheEntry | null {
  try {
    const file = readFileSync(p);
    const n = file.readUInt32LE(0);
    if (4 + n > file.length) return null;
    const head = JSON.parse(brotliDecompressSync(file.subarray(4, 4 + n)).toString('utf16le')) as EntryHead;
    if (head?.schema !== CACHE_SCHEMA) return null;
    let seg: SegmentTable | undefined;
    const entry = Object.defineProperty(head, 'seg', {
      get: () => (seg ??= parseSeg(segJsonOf(entry))),
      enumerable: true,
    }) as CacheEntry;
    SEG_BYTES.set(entry, file.subarray(4 + n));
    return entry;
  } catch {
    return null;
  }
}

/**
 * Whether any of these terms may occur in a text the entry's input cut (`seg.cut`). False only
 * when none does. Read from the segmentation's JSON text, unparsed: every cut text is a key of it,
 * and a string occurs in a text only if its JSON escape occurs in the text's (escaping goes
 * character by character). Other parts of that JSON (token lengths, sub-word keys, punctuation)
 * can only add false alarms, which cost a re-tagging, never a wrong result.
 */
function mayContain(entry: CacheEntry, terms: readonly string[]): boolean {
  if (!terms.length) return false;
  const json = segJsonOf(entry);
  if (json === null) return true;
  if (json === undefined) {
    const texts = Object.keys(entry.seg.cut);
    return terms.some((t) => texts.some((x) => x.includes(t)));
  }
  return terms.some((t) => json.includes(JSON.stringify(t).slice(1, -1)));
}

/** A packed JSON file of this cache's schema (a table), or null (missing, unreadable, or another schema). */
async function readPacked<T>(p: string): Promise<(T & { schema: number }) | null> {
  try {
    // Read synchronously: the caller (a worker thread, mostly) has nothing else to do meanwhile, and
    // a promise round trip per small file costs more than the read.
    const v = JSON.parse(unpackText(p)) as T & { schema: number };
    return v?.schema === CACHE_SCHEMA ? v : null;
  } catch {
    return null;
  }
}

function atomicWrite(p: string, data: string | Uint8Array): void {
  const tmp = `${p}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, p);
}

/** A hash of xuncha's own compiled code, so a cache never outlives a code change. */
export async function codeHash(distDir: string): Promise<string> {
  const h = createHash('sha256');
  async function walk(d: string): Promise<void> {
    const names = (await readdir(d, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of names) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (/\.(js|ts)$/.test(e.name)) h.update(e.name).update(await readFile(p));
    }
  }
  try {
    await walk(distDir);
  } catch {
    h.update('unknown');
  }
  return h.digest('hex').slice(0, 16);
}
