/** Tagging: matching words against rules, scoring, evidence, the overlap policy. */
export { Tagger, tagFindings, type TagOptions, type DocTextSource, type FindingTokens, type DocumentTagResult } from './engine.js';
export { RuleMatcher, resolveOverlaps, sentenceIndex, type Occurrence, type RuleHit, type TextAnalysis } from './match.js';
export { scoreEvidence, type Scored } from './score.js';
export { findingPieces, findingRanges, type Piece, type PieceRange } from './fields.js';
