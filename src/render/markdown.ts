/** report.md: the comparison report in Chinese Markdown. Every text from documents is escaped. */
import { kindLabel, PROGRESS_LABELS } from '../aggregate/labels.js';
import type { Association, Grouping, KeyWordGroup, Summary, UnitLinkage } from '../aggregate/schema.js';
import { escapeMd as md, pct, signed } from './escape.js';
import { CollapseBlankLines, renderWhole, withoutUnits, type ReportStream } from './stream.js';
import { describeTest, progressLine, statedKindLabel, statusLabel } from './text.js';

export interface MarkdownOptions {
  /** Report title (default 巡察发现问题对比分析报告). */
  title?: string;
}

function table(head: string[], rows: string[][], align: Array<'l' | 'r'> = []): string {
  const sep = head.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  return [head, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function countsTable(s: Summary, g: Grouping, firstHead: string): string {
  const head = [firstHead, '文件数', '问题数', ...s.categories.map((c) => md(c.label))];
  const rows = g.groups.map((gr) => [md(gr.label), String(gr.documents), String(gr.findings), ...gr.categories.map((c) => String(c.primary))]);
  const colTotals = s.categories.map((_, j) => g.groups.reduce((t, gr) => t + gr.categories[j].primary, 0));
  rows.push([
    '**合计**',
    String(g.groups.reduce((t, gr) => t + gr.documents, 0)),
    String(g.groups.reduce((t, gr) => t + gr.findings, 0)),
    ...colTotals.map(String),
  ]);
  return table(head, rows, ['l', 'r', 'r', ...s.categories.map(() => 'r' as const)]);
}

function sharesTable(s: Summary, g: Grouping): string {
  const head = ['单位', ...s.categories.map((c) => md(c.label))];
  const rows = g.groups
    .filter((gr) => gr.findings > 0)
    .map((gr) => [md(gr.label), ...gr.categories.map((c) => `${pct(c.primary_share)}（${pct(c.any_share)}）`)]);
  return table(head, rows, ['l', ...s.categories.map(() => 'r' as const)]);
}

function residualTable(s: Summary, g: Grouping, a: Association): string {
  const cols = a.columns;
  const label = (id: string) => md(s.categories.find((c) => c.id === id)?.label ?? id);
  const head = [md(g.label), ...cols.map(label)];
  const rows = a.rows.map((row) => [
    md(g.key === 'kind' ? kindLabel(row) : row),
    ...cols.map((col) => {
      const c = a.cells.find((x) => x.row === row && x.column === col)!;
      const arrow = c.significant ? (c.direction === 'over' ? ' ↑' : ' ↓') : '';
      return `${signed(c.residual)}${arrow}${c.small_expected ? ' †' : ''}`;
    }),
  ]);
  return table(head, rows, ['l', ...cols.map(() => 'r' as const)]);
}

function testParagraph(g: Grouping, a: Association): string {
  if (a.status !== 'ok') return `不作检验：${md(g.label)}少于两组有问题，或问题只落在一个类别，无法比较。`;
  const lines = [describeTest(a, md(g.label))];
  lines.push(
    '单元格为调整标准化残差（Haberman 1973）：≥ 1.96 表示该类别在该组中明显偏多（↑），≤ −1.96 表示明显偏少（↓），约相当于单元格 p < 0.05。',
  );
  lines.push(`标注 † 的单元格期望频数小于 5（共 ${a.small_expected_cells}/${a.cells_total} 格），残差只作参考，不判为显著。`);
  if (!a.approximation_ok) lines.push('注意：期望频数小于 5 的单元格超过 20%（或有小于 1 的），卡方近似不可靠，p 值仅供参考。');
  return lines.join('\n\n');
}

function keywordsTable(groups: KeyWordGroup[], head: string): string {
  if (!groups.length) return '（无）';
  const rows = groups.map((g) => [
    md(g.label),
    g.words.length
      ? g.words.map((w) => `${md(w.word)}（${w.count}${w.g2 !== null ? `，G²=${w.g2.toFixed(2)}${w.significant ? '*' : ''}` : ''}）`).join('、')
      : '（出现 2 次以上的相对高频词不足）',
  ]);
  return table([head, '特征词（组内次数，G²；* 为 p < 0.05）'], rows);
}

function linkageSection(u: UnitLinkage): string {
  const out: string[] = [`### ${md(u.unit)}（${statusLabel(u.status)}）`, ''];
  const docs = [...u.feedback_documents.map((d) => `反馈：${md(d)}`), ...u.rectification_documents.map((d) => `整改：${md(d)}`)];
  out.push(`- 文件：${docs.join('；')}`);
  if (u.status === 'both') {
    out.push(
      `- 反馈问题 ${u.problems_raised} 个，已找到对应整改条目 ${u.answered} 个（${pct(u.answered_share ?? 0)}），未见整改回应 ${u.unanswered.length} 个；整改通报中找不到对应反馈问题的条目 ${u.unmatched_answers.length} 个。`,
    );
  } else if (u.status === 'feedback-only') {
    out.push(`- 反馈问题 ${u.problems_raised} 个；未提供该单位的整改情况通报，无法判断各问题是否得到整改回应。`);
  } else {
    out.push(`- 整改条目 ${u.rectification_items} 个；未提供该单位的巡察反馈意见，无法核对是否逐条回应。`);
  }
  if (u.rectification_items !== null) out.push(`- 整改进度（文件逐条所述）：${progressLine(u.progress)}`);
  if (u.stated.length) {
    out.push(`- 文件所述完成情况：${u.stated.map((s) => `“${md(s.text)}”（${statedKindLabel(s.kind)}，${md(s.doc_id)}）`).join('；')}`);
  } else if (u.rectification_items !== null) {
    out.push('- 文件所述完成情况：整改通报未写明完成数量或完成率。');
  }
  out.push('');
  if (u.status === 'both' && u.links.length) {
    out.push(
      table(
        ['反馈问题', '整改条目', '相似度', '措施数', '进度'],
        u.links.map((l) => [
          `${md(l.feedback.number)} ${md(l.feedback.title)}`,
          `${md(l.rectification.number)} ${md(l.rectification.title)}`,
          l.score.toFixed(2),
          l.measures_count === null ? '—' : String(l.measures_count),
          l.progress ? PROGRESS_LABELS[l.progress] : '未说明',
        ]),
        ['l', 'l', 'r', 'r', 'l'],
      ),
      '',
    );
  }
  if (u.status === 'both') {
    out.push(`未见整改回应的反馈问题：${u.unanswered.length ? u.unanswered.map((f) => `${md(f.number)} ${md(f.title)}`).join('；') : '无'}`, '');
    out.push(`无对应反馈问题的整改条目：${u.unmatched_answers.length ? u.unmatched_answers.map((f) => `${md(f.number)} ${md(f.title)}`).join('；') : '无'}`, '');
  }
  if (u.status === 'rectification-only' && u.items.length) {
    out.push(
      table(
        ['整改条目', '措施数', '进度'],
        u.items.map((i) => [`${md(i.number)} ${md(i.title)}`, i.measures_count === null ? '—' : String(i.measures_count), i.progress ? PROGRESS_LABELS[i.progress] : '未说明']),
        ['l', 'r', 'l'],
      ),
      '',
    );
  }
  return out.join('\n');
}

export function renderMarkdown(s: Summary, opts: MarkdownOptions = {}): string {
  return renderWhole(markdownStream(withoutUnits(s), opts), s.linkage.units);
}

/**
 * report.md a unit at a time (see stream.ts): the same bytes as renderMarkdown. The document is
 * made as lines joined by "\n", then runs of blank lines collapse to one and the end is trimmed;
 * here each part is the join of its own lines, and the collapsing is done as the parts go.
 */
export function markdownStream(s: Summary, opts: MarkdownOptions = {}): ReportStream {
  const title = opts.title ?? '巡察发现问题对比分析报告';
  const units = s.groupings.find((g) => g.key === 'unit')!;
  const others = s.groupings.filter((g) => g.key !== 'unit');
  const out: string[] = [];
  out.push(`# ${md(title)}`, '');
  out.push(`> xuncha ${md(s.xuncha_version)} · 规则集哈希 \`${s.ruleset_hash.replace(/`/g, '')}\``, '');

  out.push('## 一、概览', '');
  const overview: string[][] = [['文件', String(s.totals.documents)]];
  for (const k of s.totals.documents_by_kind) overview.push([`其中：${k.label}`, String(k.count)]);
  overview.push(['单位', String(s.totals.units)]);
  overview.push(['问题（不含意见建议）', String(s.totals.findings)]);
  overview.push(['其中未归类', String(s.totals.uncategorized)]);
  if (s.totals.recommendations_excluded) overview.push(['意见建议（未计入）', String(s.totals.recommendations_excluded)]);
  out.push(table(['项目', '数量'], overview, ['l', 'r']), '');
  if (s.totals.documents_without_findings.length) {
    out.push(`未提取到问题的文件：${s.totals.documents_without_findings.map(md).join('；')}`, '');
  }
  out.push(`问题类别（按规则集顺序）：${s.categories.map((c, i) => `${i + 1}. ${md(c.label)}（${md(c.id)}）`).join('；')}`, '');

  out.push('## 二、单位 × 类别（按主类别计数）', '');
  out.push(countsTable(s, units, '单位'), '');

  out.push('## 三、各单位类别占比', '');
  out.push('每格为主类别占该单位问题数的比例，括号内为含次要类别的比例（一个问题可属多个类别，括号内各项之和可超过 100%）。', '');
  out.push(sharesTable(s, units), '');

  out.push('## 四、类别分布差异检验', '');
  out.push(testParagraph(units, units.association), '');
  if (units.association.status === 'ok') out.push(residualTable(s, units, units.association), '');

  if (others.length) {
    out.push('## 五、按其他维度分组', '');
    for (const g of others) {
      out.push(`### 按${md(g.label)}`, '');
      out.push(countsTable(s, g, md(g.label)), '');
      out.push(testParagraph(g, g.association), '');
      if (g.association.status === 'ok') out.push(residualTable(s, g, g.association), '');
    }
  }

  out.push(`## ${others.length ? '六' : '五'}、特征词`, '');
  out.push(`方法：对数似然比关键词分析（log-likelihood keyness，Dunning G²），每组与其余问题文本比较；分词后去除标点、数字、单字和常用虚词，组内至少出现 ${s.distinctive.min_count} 次，每组最多列 ${s.distinctive.top} 个。只有一组时无参照，按词频列出。`, '');
  out.push('### 按单位', '');
  out.push(keywordsTable(s.distinctive.by_unit, '单位'), '');
  out.push('### 按类别（主类别）', '');
  out.push(keywordsTable(s.distinctive.by_category, '类别'), '');

  out.push(`## ${others.length ? '七' : '六'}、反馈问题与整改回应`, '');
  out.push(
    `方法：对同一单位的反馈意见与整改通报，将每个问题分词后按 TF-IDF 加权计算余弦相似度，相似度不低于 ${s.linkage.threshold} 的按得分从高到低一一配对。进度与完成数以文件所写为准。`,
    '',
  );
  const head = out.join('\n');
  const footer = ['---', '', `xuncha ${md(s.xuncha_version)} · 规则集哈希 \`${s.ruleset_hash.replace(/`/g, '')}\` · summary 格式版本 ${s.schema_version}`, ''];
  const collapse = new CollapseBlankLines();
  return {
    head: () => collapse.push(head),
    unit: (u) => collapse.push(`\n${linkageSection(u)}\n`),
    tail: (count) => {
      const rest = [...(count ? [] : ['没有识别为反馈意见或整改通报的文件。', '']), ...footer];
      return `${collapse.push(`\n${rest.join('\n')}`)}${collapse.end()}\n`;
    },
  };
}
