/**
 * The records that flow through the pipeline. zod schemas are the single source of truth:
 * TypeScript types are inferred from them, and the writers validate against them in tests.
 *
 * Offsets: every span is [start, end) in JavaScript string indices (UTF-16 code units) into the
 * document's ORIGINAL decoded text (`DocumentRecord.text`), never into the normalized text.
 */
import { z } from 'zod';

export const Span = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);
export type Span = z.infer<typeof Span>;

export const DocumentKind = z.enum(['feedback', 'rectification', 'feedback-news', 'unknown']);
export type DocumentKind = z.infer<typeof DocumentKind>;

export const InputFormat = z.enum(['txt', 'docx', 'html', 'pdf', 'csv']);
export type InputFormat = z.infer<typeof InputFormat>;

export const DocumentRecord = z.object({
  /** Stable id: the path relative to the input root it was found under, with forward slashes. */
  id: z.string(),
  path: z.string(),
  format: InputFormat,
  encoding: z.string().nullable(),
  sha256: z.string(),
  bytes: z.number().int(),
  chars: z.number().int(),
  kind: DocumentKind,
  /** The words that decided the kind, e.g. "整改情况的通报". */
  kind_cue: z.string().nullable(),
  title: z.string().nullable(),
  /** The inspected unit, normalized (县检察院, 县人民检察院党组 → 县人民检察院). */
  unit: z.string().nullable(),
  /** The inspected organization as written (…党组, …党委, …党支部). */
  inspected_org: z.string().nullable(),
  /** The inspection team, e.g. 县委第一巡察组. */
  inspector: z.string().nullable(),
  inspection_type: z.string().nullable(),
  period_start: z.string().nullable(),
  period_end: z.string().nullable(),
  feedback_date: z.string().nullable(),
  published: z.string().nullable(),
  finding_count: z.number().int(),
  /** Extra metadata: from --meta CSV, CSV columns, etc. Keys are column names. */
  meta: z.record(z.string(), z.string()),
  /** The original decoded text (what every span points into). */
  text: z.string(),
});
export type DocumentRecord = z.infer<typeof DocumentRecord>;

export const Progress = z.enum(['done', 'in-progress', 'long-term']);
export type Progress = z.infer<typeof Progress>;

export const FindingRecord = z.object({
  /** `${doc_id}#${seq}` */
  id: z.string(),
  doc_id: z.string(),
  /** 1-based order of the finding in its document. */
  seq: z.number().int().positive(),
  /** The number that identifies the finding within its document: "3", "(三)2", "一是"… (half-width brackets). */
  number: z.string(),
  /** Every numbering label from the outermost section down, e.g. ["二", "(三)", "2"]. */
  number_path: z.array(z.string()),
  /** Section headings above the finding, outermost first, as in the normalized text. */
  heading_path: z.array(z.string()),
  /** The short problem statement (normalized: simplified characters, half-width punctuation where parsing needs it). */
  title: z.string(),
  /** The full text of the finding (normalized), title included. */
  text: z.string(),
  span: Span,
  title_span: Span,
  /** Rectification reports: the measures answering this problem (normalized text), else null. */
  measures: z.string().nullable(),
  measures_span: Span.nullable(),
  /** Rectification reports: the stated progress, when the report states one. */
  progress: Progress.nullable(),
  progress_text: z.string().nullable(),
  /** "finding" for problems; "recommendation" for recommendations kept as a separate record kind. */
  record_kind: z.enum(['finding', 'recommendation']),
  unit: z.string().nullable(),
  doc_kind: DocumentKind,
  meta: z.record(z.string(), z.string()),
});
export type FindingRecord = z.infer<typeof FindingRecord>;

/** Where in a finding a piece of evidence was found. */
export const EvidenceField = z.enum(['title', 'body', 'heading']);
export type EvidenceField = z.infer<typeof EvidenceField>;

export const Evidence = z.object({
  category: z.string(),
  rule: z.string(),
  field: EvidenceField,
  weight: z.number(),
  /** The rule terms (normalized form) that matched. */
  terms: z.array(z.string()),
  /** The same words as they stand in the original text (each equals text.slice(span)). */
  words: z.array(z.string()),
  spans: z.array(Span),
});
export type Evidence = z.infer<typeof Evidence>;

export const TaggedFinding = FindingRecord.extend({
  /** Every category whose score passed the threshold, primary first; ["none"] when nothing did. */
  categories: z.array(z.string()),
  primary: z.string(),
  scores: z.record(z.string(), z.number()),
  evidence: z.array(Evidence),
  /** True when section-heading evidence changed the primary category. */
  heading_decided: z.boolean(),
});
export type TaggedFinding = z.infer<typeof TaggedFinding>;
