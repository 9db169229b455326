/**
 * A compiled rule set: what the loader hands to the tagging engine. Terms are already normalized
 * (simplified characters, half-width symbols) and regexes already compiled with re2js.
 */
import type { RE2JS } from 're2js';
import type { EvidenceField } from '../model/records.js';

/** "sentence" = inside one sentence; a number = inside a window of that many characters. */
export type Scope = 'sentence' | number;

export interface Category {
  id: string;
  label: string;
  description: string;
  /** 0-based position in the rule set (files by name, then declaration order): the last tie-breaker. */
  order: number;
  file: string;
}

export type Matcher =
  | { kind: 'any'; terms: string[] }
  /** Every group must occur (one of its alternatives), inside `within`. */
  | { kind: 'all'; groups: string[][]; within: Scope }
  | { kind: 'regex'; source: string; re: RE2JS };

export interface CompiledRule {
  id: string;
  /** A declared category id, or "none" for a not-a-finding cue (subtracted from every category). */
  category: string;
  description: string | null;
  matcher: Matcher;
  unless: { terms: string[]; within: Scope } | null;
  where: EvidenceField[];
  weight: number;
  examples: { match: string[]; no_match: string[] };
  /** 1-based line of each example, for messages. */
  exampleLines: { match: number[]; no_match: number[] };
  /** Where the rule is written, for messages. */
  file: string;
  line: number;
}

export interface RuleSetSettings {
  name: string;
  /** A category passes when its score is at least this. */
  threshold: number;
  /** Score factor per field: a rule firing in a field adds weight × factor. */
  fields: Record<EvidenceField, number>;
}

export interface RuleSet extends RuleSetSettings {
  /** The folder the rule set was loaded from (as given). */
  dir: string;
  /** sha256 over the sorted file names and contents (rule files and the extra dictionary). */
  hash: string;
  files: string[];
  categories: Category[];
  rules: CompiledRule[];
  /** Every term the rules use (positive and `unless`), normalized: added to the segmenter. */
  terms: string[];
  /** Words of the rule set's own dictionary file, if it ships one. */
  dictionaryWords: string[];
}

/** The pseudo-category of not-a-finding cues, and the primary of a finding nothing matched. */
export const NONE = 'none';

export const DEFAULT_SETTINGS: RuleSetSettings = {
  name: 'rules',
  threshold: 2,
  fields: { title: 3, body: 1, heading: 2 },
};
