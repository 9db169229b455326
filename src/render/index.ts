/**
 * buildReports: the one entry point `xuncha run` calls. Pure: returns file contents; the caller
 * writes them (atomically) next to findings.csv / documents.csv / findings.jsonl.
 */
import type { CategoryRef, Summary } from '../aggregate/schema.js';
import { computeSummary, countedFindings } from '../aggregate/summary.js';
import type { DocumentRecord, TaggedFinding } from '../model/records.js';
import { getSegmenter } from '../segment/index.js';
import type { Segmenter } from '../segment/segmenter.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderSummaryJson } from './summary.js';

export { renderHtml, CSP, SCRIPT_HASH } from './html.js';
export { renderMarkdown } from './markdown.js';
export { renderSummaryJson } from './summary.js';
export { heatmapChart, barsChart } from './charts.js';

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
}

export interface BuiltReports {
  summary: Summary;
  /** file name → contents (UTF-8, no BOM): summary.json, report.md, report.html. */
  files: Record<string, string>;
}

export function buildReports(input: BuildReportsInput): BuiltReports {
  const summary = computeSummary({
    documents: input.documents,
    findings: input.findings,
    categories: input.categories,
    rulesetHash: input.rulesetHash,
    version: input.version,
    metaColumns: input.metaColumns,
    segmenter: input.segmenter ?? getSegmenter(),
  });
  const findings = countedFindings(input.documents, input.findings);
  return {
    summary,
    files: {
      'summary.json': renderSummaryJson(summary),
      'report.md': renderMarkdown(summary, { title: input.title }),
      'report.html': renderHtml({ summary, documents: input.documents, findings }, { title: input.title }),
    },
  };
}
