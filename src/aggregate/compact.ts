/**
 * Compact storage for the streaming report builder (builder.ts): owned string copies, interned
 * words, unsigned varints, and per-group word counters packed into bytes. Nothing here depends on
 * the order things were added in, except word ids, which never reach an output.
 */

/**
 * A copy of `s` that does not keep a larger string alive. V8 represents a substring of 13 or more
 * characters as a view into its parent (a "sliced string"), so a finding's title sliced from a
 * document's text would keep the whole text in memory as long as the title lives. Concatenating and
 * slicing again makes a string whose parent is just the new copy.
 */
export function own(s: string): string;
export function own(s: string | null): string | null;
export function own(s: string | null): string | null {
  return s === null || s.length < 13 ? s : (` ${s}`).slice(1);
}

/** Interned words: word ↔ dense integer id. Ids depend on the order words were first seen. */
export class Vocab {
  private readonly ids = new Map<string, number>();
  readonly words: string[] = [];

  id(word: string): number {
    let i = this.ids.get(word);
    if (i === undefined) {
      i = this.words.length;
      const w = own(word);
      this.ids.set(w, i);
      this.words.push(w);
    }
    return i;
  }

  /** The id of a word already seen. */
  lookup(word: string): number | undefined {
    return this.ids.get(word);
  }

  get size(): number {
    return this.words.length;
  }
}

/** A growable byte buffer of unsigned LEB128 varints. */
export class VarintWriter {
  private buf: Uint8Array;
  private n = 0;

  constructor(capacity = 64) {
    this.buf = new Uint8Array(capacity);
  }

  uint(v: number): void {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`not an unsigned integer: ${v}`);
    if (this.n + 8 > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.n + 16));
      next.set(this.buf.subarray(0, this.n));
      this.buf = next;
    }
    while (v >= 0x80) {
      this.buf[this.n++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.n++] = v;
  }

  get length(): number {
    return this.n;
  }

  /**
   * The bytes written, as a one-byte ("latin1") string: one byte per character, in the V8 heap,
   * without the per-object cost of a small ArrayBuffer (which lives outside it).
   */
  string(): string {
    return Buffer.from(this.buf.buffer, this.buf.byteOffset, this.n).toString('latin1');
  }

  /** The bytes written (a view, valid until the next write). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.n);
  }
}

/** Where a ByteArena put a record: chunk index and offset in it. */
export interface ArenaSlot {
  chunk: number;
  at: number;
}

/**
 * Bytes kept outside the V8 heap, appended into large chunks (1 MiB; a larger record gets a chunk
 * of its own) and never moved: the per-document linkage items and term vectors of the report
 * builder, written once while documents stream in and read back a unit at a time at the end.
 *
 * Why not strings in the heap: the collector lets the heap grow to a multiple of what is live
 * before it collects (up to about four times while a run allocates fast), so every megabyte kept
 * live in the heap costs several megabytes of memory; bytes in the arena cost what they take
 * (one chunk is partly empty at most, plus the tail of each chunk that a record did not fit in).
 */
export class ByteArena {
  static readonly CHUNK = 1 << 20;
  private readonly chunks: Buffer[] = [];
  /** the chunk small records go to, and how much of it is used */
  private current = -1;
  private used = 0;
  private stored = 0;

  /** Reserve `n` bytes and return where they are; fill them through `chunk(slot.chunk)`. */
  alloc(n: number): ArenaSlot {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a byte count: ${n}`);
    this.stored += n;
    if (n > ByteArena.CHUNK / 4) {
      // A large record: a chunk of its own (the current one stays open for small records).
      this.chunks.push(Buffer.allocUnsafeSlow(n));
      return { chunk: this.chunks.length - 1, at: 0 };
    }
    if (this.current < 0 || this.used + n > ByteArena.CHUNK) {
      this.chunks.push(Buffer.allocUnsafeSlow(ByteArena.CHUNK));
      this.current = this.chunks.length - 1;
      this.used = 0;
    }
    const slot = { chunk: this.current, at: this.used };
    this.used += n;
    return slot;
  }

  chunk(i: number): Buffer {
    return this.chunks[i];
  }

  /**
   * Take another arena's chunks (e.g. handed over by another thread) as they are: they are never
   * written to again. Returns the index the first one gets here.
   */
  adopt(chunks: readonly Buffer[]): number {
    const base = this.chunks.length;
    for (const c of chunks) {
      this.chunks.push(c);
      this.stored += c.length;
    }
    return base;
  }

  /** Every chunk's memory (ArrayBuffers of their own, whole: postMessage can transfer them). */
  buffers(): ArrayBuffer[] {
    return this.chunks.map((c) =>
      c.byteOffset === 0 && c.byteLength === c.buffer.byteLength && c.buffer instanceof ArrayBuffer ? c.buffer : (new Uint8Array(c).buffer as ArrayBuffer),
    );
  }

  /** Bytes stored (chunks taken from elsewhere count whole). */
  get size(): number {
    return this.stored;
  }

  /** Bytes held (every chunk, used or not). */
  get bytes(): number {
    let n = 0;
    for (const c of this.chunks) n += c.length;
    return n;
  }
}

/** Reads unsigned LEB128 varints from a string made by VarintWriter.string(). */
export class VarintReader {
  private pos = 0;

  constructor(private readonly buf: string) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  uint(): number {
    let v = 0;
    let scale = 1;
    for (;;) {
      if (this.pos >= this.buf.length) throw new RangeError('truncated varint');
      const b = this.buf.charCodeAt(this.pos++);
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 0x80;
    }
  }
}

const NO_TRIPLES = new Uint32Array(0);

/**
 * Word counts of one group (a unit, a category) for keyness: for each word id its number of
 * occurrences and the number of the group's findings that contain it, plus the group's token total.
 *
 * Entries are kept sorted by id and delta-encoded as varints (id gap, count, count − findings),
 * in a one-byte string: typically 3–4 bytes per (group, word). Batches wait, as plain triples, until they are half as
 * many as the settled entries; then they are sorted and merged in. So adding stays amortized
 * linear however large the group grows, and waiting triples never take more than about 1.5 times
 * the packed entries (12 bytes per triple).
 */
export class WordCounter {
  tokens = 0;
  private packed = '';
  private entries = 0;
  private pending = NO_TRIPLES;
  private pendingLength = 0;

  /** Add counts: for k < n, word ids[k] occurs counts[k] times, in findings[k] findings (≤ counts[k]). */
  addBatch(ids: ArrayLike<number>, counts: ArrayLike<number>, findings: ArrayLike<number>, n = ids.length): void {
    if (n === 0) return;
    const need = this.pendingLength + 3 * n;
    if (need > this.pending.length) {
      const next = new Uint32Array(Math.max(need, this.pending.length * 2, 48));
      next.set(this.pending.subarray(0, this.pendingLength));
      this.pending = next;
    }
    const p = this.pending;
    let at = this.pendingLength;
    for (let k = 0; k < n; k++) {
      p[at++] = ids[k];
      p[at++] = counts[k];
      p[at++] = findings[k];
    }
    this.pendingLength = at;
    if (this.pendingLength / 3 >= this.entries / 2) this.settle();
  }

  /** Merge the waiting triples into the packed entries. */
  private settle(): void {
    const n = this.pendingLength / 3;
    if (n === 0) return;
    // Sort the triples by id: keys id · 2^21 + index sort as plain numbers (exact below 2^53);
    // an index array with a comparator past 2^21 triples.
    const p = this.pending;
    let order: ArrayLike<number>;
    if (n < 2097152) {
      const keys = new Float64Array(n);
      for (let k = 0; k < n; k++) keys[k] = p[3 * k] * 2097152 + k;
      keys.sort();
      for (let k = 0; k < n; k++) keys[k] %= 2097152;
      order = keys;
    } else {
      order = Array.from({ length: n }, (_, k) => k).sort((a, b) => p[3 * a] - p[3 * b] || a - b);
    }
    const ids: number[] = [];
    const counts: number[] = [];
    const finds: number[] = [];
    for (let k = 0; k < n; k++) {
      const i = order[k];
      const id = p[3 * i];
      if (ids.length && ids[ids.length - 1] === id) {
        counts[counts.length - 1] += p[3 * i + 1];
        finds[finds.length - 1] += p[3 * i + 2];
      } else {
        ids.push(id);
        counts.push(p[3 * i + 1]);
        finds.push(p[3 * i + 2]);
      }
    }
    const out = new VarintWriter(this.packed.length + ids.length * 4 + 16);
    let last = 0;
    let entries = 0;
    const put = (id: number, count: number, f: number) => {
      out.uint(id - last);
      out.uint(count);
      out.uint(count - f);
      last = id;
      entries++;
    };
    const old = new VarintReader(this.packed);
    let oid = 0;
    let k = 0;
    for (let e = 0; e < this.entries; e++) {
      oid += old.uint();
      let count = old.uint();
      let f = count - old.uint();
      for (; k < ids.length && ids[k] < oid; k++) put(ids[k], counts[k], finds[k]);
      if (k < ids.length && ids[k] === oid) {
        count += counts[k];
        f += finds[k];
        k++;
      }
      put(oid, count, f);
    }
    for (; k < ids.length; k++) put(ids[k], counts[k], finds[k]);
    this.packed = out.string();
    this.entries = entries;
    this.pendingLength = 0;
    this.pending = NO_TRIPLES;
  }

  /** Every (id, count, findings), in id order. */
  each(): Generator<[number, number, number]> {
    this.settle();
    return WordCounter.decode(this.packed);
  }

  /** The entries as varints (id gap, count, count − findings), in a one-byte string. */
  packedString(): string {
    this.settle();
    return this.packed;
  }

  /** The entries of a packedString(). */
  static *decode(packed: string): Generator<[number, number, number]> {
    const r = new VarintReader(packed);
    let id = 0;
    while (!r.done) {
      id += r.uint();
      const count = r.uint();
      yield [id, count, count - r.uint()];
    }
  }

  /** Bytes held (packed entries and waiting triples). */
  get bytes(): number {
    return this.packed.length + this.pending.byteLength;
  }
}

/**
 * Collects the word counts of some findings (one document's, or one document's in one category)
 * in scratch arrays indexed by word id, then adds them to a WordCounter as one sorted batch.
 * Reused for every batch: nothing is allocated per word.
 */
export class WordBatch {
  private count = new Uint32Array(1024);
  private findings = new Uint32Array(1024);
  private stamp = new Float64Array(1024);
  private touched: number[] = [];
  private tokens = 0;
  private finding = 0;

  /** One finding's content words (word ids, with repetitions). */
  addFinding(ids: readonly number[]): void {
    const f = ++this.finding;
    this.tokens += ids.length;
    for (const id of ids) {
      if (id >= this.count.length) this.grow(id + 1);
      if (this.count[id] === 0) this.touched.push(id);
      this.count[id]++;
      if (this.stamp[id] !== f) {
        this.stamp[id] = f;
        this.findings[id]++;
      }
    }
  }

  /** Add everything collected to `counter`, and start afresh. */
  flushInto(counter: WordCounter): void {
    const ids = Uint32Array.from(this.touched); // in any order: the counter sorts
    const counts = new Uint32Array(ids.length);
    const findings = new Uint32Array(ids.length);
    for (let k = 0; k < ids.length; k++) {
      counts[k] = this.count[ids[k]];
      findings[k] = this.findings[ids[k]];
      this.count[ids[k]] = 0;
      this.findings[ids[k]] = 0;
    }
    counter.addBatch(ids, counts, findings);
    counter.tokens += this.tokens;
    this.touched = [];
    this.tokens = 0;
  }

  private grow(size: number): void {
    const cap = Math.max(size, this.count.length * 2);
    const count = new Uint32Array(cap);
    const findings = new Uint32Array(cap);
    const stamp = new Float64Array(cap);
    count.set(this.count);
    findings.set(this.findings);
    stamp.set(this.stamp);
    this.count = count;
    this.findings = findings;
    this.stamp = stamp;
  }
}
