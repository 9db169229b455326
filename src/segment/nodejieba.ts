/**
 * nodejieba backend. nodejieba keeps ONE global dictionary per process: `load()` may be called
 * once (a second load replaces the first and every inserted word), so this module loads it
 * lazily, once, and later word additions go through insertWord.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Segmenter } from './segmenter.js';

const require = createRequire(import.meta.url);
const IDF_STUB = fileURLToPath(new URL('../../dict/nodejieba/idf-stub.utf8', import.meta.url));
const STOP_WORDS_STUB = fileURLToPath(new URL('../../dict/nodejieba/stop-words-stub.utf8', import.meta.url));

type NodeJieba = {
  load(opts?: { userDict?: string; idfDict?: string; stopWordDict?: string }): void;
  cut(s: string, hmm?: boolean): string[];
  cutSmall(s: string, n: number): string[];
  insertWord(w: string, tag?: string): boolean;
};

let loaded: { jieba: NodeJieba; userDicts: string[] } | null = null;
const added = new Set<string>();

/**
 * `subwords` answers, process-wide: compound words repeat across documents, and each answer is a
 * native call. Cleared whenever a word is inserted (the dictionary changed); emptied when full.
 */
const SUBWORDS_CAP = 50_000;
const subCache = new Map<string, string[]>();

export function createNodejiebaSegmenter(userDicts: string[]): Segmenter {
  if (!loaded) {
    for (const f of userDicts) {
      // A missing user dictionary aborts the whole process inside nodejieba: check first.
      if (!existsSync(f)) throw new Error(`user dictionary not found: ${f}`);
    }
    for (const f of [IDF_STUB, STOP_WORDS_STUB]) if (!existsSync(f)) throw new Error(`xuncha's installation is incomplete: ${f} is missing`);
    const jieba = require('nodejieba') as NodeJieba;
    // The IDF table and stop words serve only nodejieba's keyword extraction, which xuncha never
    // calls; one-line stand-ins (cppjieba refuses empty ones) save ~0.3 s and ~18 MB per thread.
    jieba.load({ ...(userDicts.length ? { userDict: userDicts.join('|') } : {}), idfDict: IDF_STUB, stopWordDict: STOP_WORDS_STUB });
    loaded = { jieba, userDicts: [...userDicts] };
  } else if (userDicts.join('|') !== loaded.userDicts.join('|')) {
    // Reloading would drop every inserted word; add the new dictionaries' words instead.
    throw new Error('nodejieba is already loaded with other user dictionaries in this process');
  }
  const { jieba } = loaded;
  const base = createHash('sha256').update('nodejieba\0').update(loaded.userDicts.join('\0'));
  return {
    name: 'nodejieba',
    cut: (text) => jieba.cut(text, true),
    subwords(word) {
      let r = subCache.get(word);
      if (r === undefined) {
        r = jieba.cutSmall(word, 2);
        if (subCache.size >= SUBWORDS_CAP) subCache.clear();
        subCache.set(word, r);
      }
      return r;
    },
    addWords(words) {
      for (const w of words) {
        const t = w.trim();
        if (t && !added.has(t) && !/\s/.test(t)) {
          added.add(t);
          // A word the dictionary already has as one word is left alone: insertWord would replace its
          // frequency with the default user weight and change how text around it is cut
          // (资金 re-inserted turns 账外资金 into 账|外资|金).
          const asIs = jieba.cut(t, false);
          if (asIs.length === 1 && asIs[0] === t) continue;
          jieba.insertWord(t);
          subCache.clear();
        }
      }
    },
    dictionaryHash() {
      return base.copy().update([...added].sort().join('\n')).digest('hex').slice(0, 16);
    },
  };
}
