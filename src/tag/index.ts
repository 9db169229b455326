/** Tagging: matching words against rules, scoring, evidence, the overlap policy. */
export { Tagger, tagFindings, type TagOptions, type DocTextSource } from './engine.js';
export { RuleMatcher, resolveOverlaps, sentenceIndex, type Occurrence, type RuleHit } from './match.js';
export { scoreEvidence, type Scored } from './score.js';
export { findingPieces, type Piece } from './fields.js';
