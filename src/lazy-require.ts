/**
 * A CommonJS module loaded on first use, once. For heavy libraries that most threads never need:
 * importing ECharts' ES modules cost ~0.7 s of start-up in every thread (worker threads draw no
 * chart), mammoth ~0.15 s and html-to-text ~0.1 s (needed only for .docx and .html inputs).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function lazyRequire<T>(id: string): () => T {
  let mod: T | undefined;
  return () => (mod ??= require(id) as T);
}
