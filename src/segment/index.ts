import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { createNodejiebaSegmenter } from './nodejieba.js';
import { createRsJiebaSegmenter } from './rsjieba.js';
import type { Segmenter } from './segmenter.js';
import { lazySegmenter } from './lazy.js';

export * from './segmenter.js';

/** The domain dictionary shipped with xuncha (terms such as 三重一大, 两个责任, 一岗双责). */
export const DOMAIN_DICT = fileURLToPath(new URL('../../dict/domain.txt', import.meta.url));

export type SegmenterName = 'nodejieba' | 'rs-jieba';
export const SEGMENTERS: readonly SegmenterName[] = ['nodejieba', 'rs-jieba'];

export interface SegmenterOptions {
  backend?: SegmenterName;
  /** Extra user dictionaries (jieba format: `word [freq] [tag]` per line). */
  userDicts?: string[];
  /** Words to add (rule terms), so that each segments as one word. */
  words?: Iterable<string>;
}

const cache = new Map<string, Segmenter>();

/** One segmenter per process and backend; dictionaries load once. */
export function getSegmenter(opts: SegmenterOptions = {}): Segmenter {
  const backend = opts.backend ?? 'nodejieba';
  const dicts = [DOMAIN_DICT, ...(opts.userDicts ?? [])];
  let seg = cache.get(backend);
  if (!seg) {
    if (backend === 'nodejieba') seg = createNodejiebaSegmenter(dicts);
    else if (backend === 'rs-jieba') seg = createRsJiebaSegmenter(dicts);
    else throw new Error(`unknown segmenter backend: ${backend as string}`);
    cache.set(backend, seg);
  }
  if (opts.words) seg.addWords(opts.words);
  return seg;
}

export function domainDictionaryHash(): string {
  return createHash('sha256').update(readFileSync(DOMAIN_DICT)).digest('hex').slice(0, 16);
}

const lazyCache = new Map<string, Segmenter>();

/**
 * The same segmenter as getSegmenter, loaded on first use (see lazy.ts). One per process and
 * backend; its words reach the real segmenter when it loads.
 */
export function getLazySegmenter(opts: { backend?: SegmenterName } = {}): Segmenter {
  const backend = opts.backend ?? 'nodejieba';
  let seg = lazyCache.get(backend);
  if (!seg) {
    seg = lazySegmenter(backend, domainDictionaryHash(), () => getSegmenter({ backend }));
    lazyCache.set(backend, seg);
  }
  return seg;
}
