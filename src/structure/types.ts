/** The contract of the structure stage: normalized text in, document metadata and findings out. No I/O. */
import type { DocumentKind, Progress, Span } from '../model/records.js';
import type { Diagnostic } from '../diagnostics/message.js';

export interface DocumentMeta {
  kind: DocumentKind;
  kind_cue: string | null;
  title: string | null;
  unit: string | null;
  inspected_org: string | null;
  inspector: string | null;
  inspection_type: string | null;
  period_start: string | null; // ISO yyyy-mm-dd
  period_end: string | null;
  feedback_date: string | null;
  published: string | null;
}

/** A finding (or recommendation) as the structure stage sees it. Spans are in the ORIGINAL text. */
export interface FindingDraft {
  record_kind: 'finding' | 'recommendation';
  number: string;
  number_path: string[];
  heading_path: string[];
  title: string;
  text: string;
  span: Span;
  title_span: Span;
  measures: string | null;
  measures_span: Span | null;
  progress: Progress | null;
  progress_text: string | null;
}

export interface StructureResult {
  meta: DocumentMeta;
  /** Findings first, in document order; recommendations (if kept) after them, in document order. */
  findings: FindingDraft[];
  /** e.g. a warning when a feedback document yields no findings. */
  diagnostics: Diagnostic[];
}
