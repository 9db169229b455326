/**
 * The two pieces of `natural` the workbench uses, loaded by deep path. NEVER `import 'natural'`: its
 * index loads database clients (for its storage backends), reads .env and prints dotenv lines.
 * Both are given TOKEN ARRAYS (our segmenter's words), never strings: natural's own tokenizers and
 * stemmers are for English.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface NaturalTfIdf {
  documents: Record<string, number>[];
  addDocument(tokens: string[], key?: string): void;
  idf(term: string): number;
  tfidf(terms: string[], d: number): number;
}

export interface NaturalClassification {
  label: string;
  value: number;
}

export interface NaturalBayes {
  addDocument(tokens: string[], label: string): void;
  train(): void;
  classify(tokens: string[]): string;
  getClassifications(tokens: string[]): NaturalClassification[];
}

const tfidfModule = require('natural/lib/natural/tfidf/index.js') as { TfIdf: new () => NaturalTfIdf };
const BayesClassifier = require('natural/lib/natural/classifiers/bayes_classifier.js') as new (stemmer?: unknown, smoothing?: number) => NaturalBayes;

export function newTfIdf(): NaturalTfIdf {
  return new tfidfModule.TfIdf();
}

export function newBayes(smoothing?: number): NaturalBayes {
  return new BayesClassifier(undefined, smoothing);
}
