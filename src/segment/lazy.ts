/**
 * A segmenter that loads its dictionary only when something is actually cut. A worker whose
 * documents all come from the segmentation cache, or a main thread that only needs the rule set's
 * manifest, never pays the dictionary load (about 2 s and 250 MB with nodejieba). Words added
 * before the load are queued and added right after it. The dictionary hash is computed without
 * loading: backend, domain dictionary content, added words.
 */
import { createHash } from 'node:crypto';
import type { Segmenter } from './segmenter.js';

export function lazySegmenter(name: string, baseKey: string, load: () => Segmenter): Segmenter {
  let inner: Segmenter | null = null;
  const queued: string[] = [];
  const added = new Set<string>();
  const real = (): Segmenter => {
    if (!inner) {
      inner = load();
      if (queued.length) inner.addWords(queued.splice(0));
    }
    return inner;
  };
  return {
    name,
    cut: (text) => real().cut(text),
    subwords: (word) => real().subwords(word),
    addWords(words) {
      const list = [...words];
      for (const w of list) added.add(w.trim());
      if (inner) inner.addWords(list);
      else queued.push(...list);
    },
    dictionaryHash() {
      return createHash('sha256')
        .update(`${name}\0${baseKey}\0`)
        .update([...added].filter(Boolean).sort().join('\n'))
        .digest('hex')
        .slice(0, 16);
    },
  };
}
