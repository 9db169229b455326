/**
 * The Summary: everything the comparison reports show, as data (summary.json). zod is the source of
 * truth; the key order of every object below is the key order of summary.json.
 */
import { z } from 'zod';
import { Progress, Span } from '../model/records.js';

export const SUMMARY_SCHEMA_VERSION = 1 as const;

const int = z.number().int().nonnegative();

export const CategoryRef = z.object({ id: z.string(), label: z.string() });
export type CategoryRef = z.infer<typeof CategoryRef>;

export const CategoryCount = z.object({
  id: z.string(),
  label: z.string(),
  /** Findings whose primary category is this one. */
  primary: int,
  /** Findings tagged with this category at all (primary or secondary). */
  any: int,
  /** primary / findings of the group (4 decimals; 0 when the group has no findings). */
  primary_share: z.number(),
  /** any / findings of the group; shares of `any` may sum to more than 1. */
  any_share: z.number(),
});
export type CategoryCount = z.infer<typeof CategoryCount>;

export const GroupStats = z.object({
  /** The grouping value: a unit name, a document kind, a metadata value; null = not stated. */
  value: z.string().nullable(),
  /** How to show it (Chinese label for kinds, （未填写） for null). */
  label: z.string(),
  documents: int,
  findings: int,
  document_ids: z.array(z.string()),
  categories: z.array(CategoryCount),
});
export type GroupStats = z.infer<typeof GroupStats>;

export const ResidualCell = z.object({
  row: z.string(),
  column: z.string(),
  observed: int,
  expected: z.number(),
  /** Adjusted standardized residual (Haberman 1973). */
  residual: z.number(),
  /** Expected count below 5: the residual is shown but never called significant. */
  small_expected: z.boolean(),
  direction: z.enum(['over', 'under', 'as-expected']),
  /** |residual| ≥ critical value and expected count ≥ 5. */
  significant: z.boolean(),
});
export type ResidualCell = z.infer<typeof ResidualCell>;

export const Association = z.object({
  status: z.enum(['ok', 'not-applicable']),
  method: z.string(),
  /** Why the test could not be run (fewer than 2 non-empty rows or columns). */
  reason: z.string().nullable(),
  /** Row values and column ids actually tested (empty rows/columns dropped). */
  rows: z.array(z.string()),
  columns: z.array(z.string()),
  n: int,
  statistic: z.number().nullable(),
  df: int.nullable(),
  p_value: z.number().nullable(),
  min_expected: z.number().nullable(),
  small_expected_cells: int,
  cells_total: int,
  /** Cochran's rule: no expected count < 1 and at most 20% below 5. */
  approximation_ok: z.boolean(),
  alpha: z.number(),
  critical_residual: z.number(),
  cells: z.array(ResidualCell),
});
export type Association = z.infer<typeof Association>;

export const Grouping = z.object({
  /** "unit", "kind", or "meta:<column>". */
  key: z.string(),
  label: z.string(),
  groups: z.array(GroupStats),
  /** Primary-category counts: rows = groups (in order, by `value`), columns = category ids. */
  matrix: z.object({ rows: z.array(z.string().nullable()), columns: z.array(z.string()), counts: z.array(z.array(int)) }),
  association: Association,
});
export type Grouping = z.infer<typeof Grouping>;

export const KeyWord = z.object({
  word: z.string(),
  /** Occurrences in the group's findings. */
  count: int,
  /** Occurrences in the rest of the corpus. */
  rest_count: int,
  /** How many of the group's findings contain the word. */
  findings: int,
  /** Log-likelihood G² (null when there is no reference corpus). */
  g2: z.number().nullable(),
  p_value: z.number().nullable(),
  /** G² ≥ 3.84 (p < 0.05, df = 1). */
  significant: z.boolean(),
});
export type KeyWord = z.infer<typeof KeyWord>;

export const KeyWordGroup = z.object({
  group: z.string(),
  label: z.string(),
  tokens: int,
  rest_tokens: int,
  words: z.array(KeyWord),
});
export type KeyWordGroup = z.infer<typeof KeyWordGroup>;

export const Distinctive = z.object({
  method: z.string(),
  min_count: int,
  top: int,
  by_unit: z.array(KeyWordGroup),
  by_category: z.array(KeyWordGroup),
});
export type Distinctive = z.infer<typeof Distinctive>;

export const FindingRef = z.object({ id: z.string(), number: z.string(), title: z.string() });
export type FindingRef = z.infer<typeof FindingRef>;

export const RectificationItem = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  /** Measures counted in the item's measures text (一是/二是…, (1)(2)…, else sentences); null when none stated. */
  measures_count: int.nullable(),
  progress: Progress.nullable(),
  progress_text: z.string().nullable(),
  /** The feedback finding this item answers, or null. */
  answers: z.string().nullable(),
  score: z.number().nullable(),
});
export type RectificationItem = z.infer<typeof RectificationItem>;

export const LinkPair = z.object({
  feedback: FindingRef,
  rectification: FindingRef,
  score: z.number(),
  measures_count: int.nullable(),
  progress: Progress.nullable(),
  progress_text: z.string().nullable(),
});
export type LinkPair = z.infer<typeof LinkPair>;

export const StatedCompletion = z.object({
  doc_id: z.string(),
  /** rate: a completion rate in %; total: problems to rectify; done / in-progress / long-term: counts; all-done: "全部完成". */
  kind: z.enum(['rate', 'total', 'done', 'in-progress', 'long-term', 'all-done']),
  value: z.number().nullable(),
  /** The words as they stand in the document. */
  text: z.string(),
  span: Span,
});
export type StatedCompletion = z.infer<typeof StatedCompletion>;

export const UnitLinkage = z.object({
  unit: z.string(),
  status: z.enum(['both', 'feedback-only', 'rectification-only']),
  feedback_documents: z.array(z.string()),
  rectification_documents: z.array(z.string()),
  /** Findings in the feedback documents (null without one). */
  problems_raised: int.nullable(),
  /** Items in the rectification documents (null without one). */
  rectification_items: int.nullable(),
  /** Feedback findings linked to a rectification item (null unless status is both). */
  answered: int.nullable(),
  /** answered / problems_raised, computed by xuncha (null unless status is both). */
  answered_share: z.number().nullable(),
  links: z.array(LinkPair),
  unanswered: z.array(FindingRef),
  unmatched_answers: z.array(FindingRef),
  items: z.array(RectificationItem),
  progress: z.object({ done: int, in_progress: int, long_term: int, unstated: int }),
  /** Completion figures as the rectification documents state them. */
  stated: z.array(StatedCompletion),
});
export type UnitLinkage = z.infer<typeof UnitLinkage>;

export const Linkage = z.object({
  method: z.string(),
  threshold: z.number(),
  units: z.array(UnitLinkage),
});
export type Linkage = z.infer<typeof Linkage>;

export const Summary = z.object({
  schema_version: z.literal(SUMMARY_SCHEMA_VERSION),
  xuncha_version: z.string(),
  ruleset_hash: z.string(),
  categories: z.array(CategoryRef),
  totals: z.object({
    documents: int,
    documents_by_kind: z.array(z.object({ kind: z.string(), label: z.string(), count: int })),
    findings: int,
    /** Records of kind "recommendation" left out of every count. */
    recommendations_excluded: int,
    /** Findings whose primary category is "none". */
    uncategorized: int,
    units: int,
    documents_without_findings: z.array(z.string()),
  }),
  groupings: z.array(Grouping),
  distinctive: Distinctive,
  linkage: Linkage,
});
export type Summary = z.infer<typeof Summary>;
