/**
 * computeSummary: counts, shares, the groups × categories matrices with a chi-square test and
 * adjusted residuals, distinctive words, and the feedback ↔ rectification linkage.
 * Pure: no I/O, no clock; every list sorted explicitly; floats rounded to 4 decimals
 * (p-values to 4 significant digits). The work is done by the streaming ReportBuilder (builder.ts);
 * this is the same computation on arrays.
 */
import type { DocumentRecord, TaggedFinding } from '../model/records.js';
import { addDocuments, ReportBuilder, type BuilderOptions } from './builder.js';
import { columnsFor } from './groupings.js';
import type { CategoryRef, Summary } from './schema.js';
import { cmpStr } from './stats.js';

export { ALPHA, association, ASSOCIATION_METHOD, CRITICAL_RESIDUAL } from './groupings.js';

/** The documents and tagged findings, with the builder's options (drill-down and title aside). */
export interface SummaryInput extends Omit<BuilderOptions, 'drillDownLimit' | 'title'> {
  documents: DocumentRecord[];
  /** Tagged records; only record_kind "finding" is counted. Records of documents not given are left out. */
  findings: TaggedFinding[];
}

/** The category columns: the rule set's, then ids only seen in findings (sorted), then "none" if used. */
export function categoryColumns(categories: CategoryRef[], findings: TaggedFinding[]): CategoryRef[] {
  return columnsFor(categories, findings.flatMap((f) => [f.primary, ...f.categories]));
}

export function computeSummary(input: SummaryInput): Summary {
  const builder = new ReportBuilder({ ...input, drillDownLimit: 0 });
  return addDocuments(builder, input.documents, input.findings).summary();
}

/** The findings the summary counted (record_kind "finding" of known documents), in summary order. */
export function countedFindings(documents: DocumentRecord[], findings: TaggedFinding[]): TaggedFinding[] {
  const ids = new Set(documents.map((d) => d.id));
  return findings
    .filter((f) => f.record_kind === 'finding' && ids.has(f.doc_id))
    .sort((a, b) => cmpStr(a.doc_id, b.doc_id) || a.seq - b.seq || cmpStr(a.id, b.id));
}
