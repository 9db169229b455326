/**
 * buildReports: the one entry point `xuncha run` calls. Pure: returns file contents; the caller
 * writes them (atomically) next to findings.csv / documents.csv / findings.jsonl.
 */
import { addDocuments, ReportBuilder, type BuiltReports } from '../aggregate/builder.js';
import type { CategoryRef } from '../aggregate/schema.js';
import type { DocumentRecord, TaggedFinding } from '../model/records.js';
import { getSegmenter } from '../segment/index.js';
import type { Segmenter } from '../segment/segmenter.js';

export { renderHtml, CSP, SCRIPT_HASH, drillSource, type DrillSource, type HtmlInput } from './html.js';
export { renderMarkdown } from './markdown.js';
export { renderSummaryJson } from './summary.js';
export { heatmapChart, barsChart } from './charts.js';
export { ReportBuilder, DRILL_DOWN_LIMIT, type BuilderOptions, type BuiltReports, type ReportPartial } from '../aggregate/builder.js';

export interface BuildReportsInput {
  documents: DocumentRecord[];
  findings: TaggedFinding[];
  /** The rule set's categories, in order. */
  categories: CategoryRef[];
  rulesetHash: string;
  version: string;
  /** Metadata columns to group by; default every doc.meta key, sorted. */
  metaColumns?: string[];
  /** The segmenter to use for distinctive words and linkage; default the project's (domain dictionary). Pass the rule engine's so rule terms stay whole words. */
  segmenter?: Segmenter;
  /** Report title (default 巡察发现问题对比分析报告). */
  title?: string;
  /** Findings listed in report.html's drill-down (default DRILL_DOWN_LIMIT = 5000); the charts and tables count all. */
  drillDownLimit?: number;
}

/**
 * All three reports from arrays: a ReportBuilder fed every document with its records (records of
 * documents not given are left out). The same bytes as feeding the documents one at a time, in any
 * order, or in shards merged later.
 */
export function buildReports(input: BuildReportsInput): BuiltReports {
  const builder = new ReportBuilder({
    categories: input.categories,
    rulesetHash: input.rulesetHash,
    version: input.version,
    metaColumns: input.metaColumns,
    segmenter: input.segmenter ?? getSegmenter(),
    title: input.title,
    drillDownLimit: input.drillDownLimit,
  });
  return addDocuments(builder, input.documents, input.findings).finish();
}
