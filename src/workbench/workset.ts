/**
 * The findings a workbench command works on: extracted from the given paths, plus the rows of a
 * text-mode gold file (which are findings themselves), with the gold labels attached. Only records
 * of kind "finding" are kept: recommendations are records too, but not findings.
 */
import { resolve } from 'node:path';
import type { Diagnostic, Result } from '../diagnostics/message.js';
import type { FindingRecord, TaggedFinding } from '../model/records.js';
import { extractCorpus, type ExtractOptions } from '../pipeline/extract.js';
import type { RuleSet } from '../rules/types.js';
import type { Segmenter } from '../segment/index.js';
import { tagFindings, type TagOptions } from '../tag/index.js';
import { attachGold, goldTextFindings, readGold, type GoldFile, type GoldLabels } from './gold.js';

export interface Workset {
  findings: FindingRecord[];
  /** Original text by document id (what evidence spans point into). */
  texts: Map<string, string>;
  /** Gold labels by finding id (empty without a gold file). */
  labels: GoldLabels;
  gold: GoldFile | null;
  documents: number;
  /** Inputs that failed to extract. */
  failed: number;
  diagnostics: Diagnostic[];
}

export interface WorksetOptions {
  /** A gold CSV (see gold.ts). */
  gold?: string;
  extract?: ExtractOptions;
}

/** Read the inputs and the gold file. Fails only when the gold file is unusable or there is nothing to work on. */
export async function loadWorkset(paths: string[], opts: WorksetOptions = {}): Promise<Result<Workset>> {
  const diagnostics: Diagnostic[] = [];
  let gold: GoldFile | null = null;
  if (opts.gold) {
    const g = readGold(opts.gold);
    if (!g.ok) return g;
    gold = g.value;
    diagnostics.push(...(g.diagnostics ?? []));
  }
  const findings: FindingRecord[] = [];
  const texts = new Map<string, string>();
  let documents = 0;
  let failed = 0;
  if (gold?.mode === 'text') {
    // The gold file's rows are findings already: reading it again as a CSV input would count them twice.
    const g = resolve(gold.file);
    paths = paths.filter((p) => resolve(p) !== g);
  }
  if (paths.length) {
    const corpus = await extractCorpus(paths, opts.extract);
    diagnostics.push(...corpus.diagnostics);
    failed = corpus.failed;
    documents = corpus.documents.length;
    for (const d of corpus.documents) texts.set(d.id, d.text);
    findings.push(...corpus.findings.filter((f) => f.record_kind === 'finding'));
  }
  if (gold?.mode === 'text') {
    const t = goldTextFindings(gold);
    for (const [k, v] of t.texts) texts.set(k, v);
    findings.push(...t.findings);
    documents += t.findings.length;
  }
  let labels: GoldLabels = new Map();
  if (gold) {
    const a = attachGold(gold, findings);
    labels = a.labels;
    diagnostics.push(...a.diagnostics);
  }
  return { ok: true, value: { findings, texts, labels, gold, documents, failed, diagnostics } };
}

/** Tag the workset's findings (sorted by document id, then seq). */
export function tagWorkset(ws: Pick<Workset, 'findings' | 'texts'>, rs: RuleSet, seg: Segmenter, opts: TagOptions = { headingEvidence: true }): TaggedFinding[] {
  return tagFindings(ws.findings, ws.texts, rs, seg, opts);
}
