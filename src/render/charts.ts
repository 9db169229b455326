/**
 * Charts for report.html, rendered on the server by ECharts to SVG strings (no browser, no canvas).
 *
 * Clickable chart cells: with `ssr: true`, ECharts stamps every data element of the SVG with
 * `ecmeta_series_index` and `ecmeta_data_index`. After rendering, xuncha maps each
 * (series, data index) back to its (unit, category) — it built the series, so it knows the order —
 * and adds `data-xc-cell="<unit index>,<category index>"` (plus tabindex/role for the keyboard) to
 * exactly those elements. The page's script listens for clicks on `[data-xc-cell]`, in the SVG and
 * in the HTML tables alike. Cell labels get `pointer-events: none` (CSS) so clicks on the number
 * reach the cell.
 *
 * The SVG is post-processed for determinism and safety: zrender's process-global ids
 * (zr0-cls-3, zr1-c0…) are renamed in order of appearance with a per-chart prefix, the xmlns
 * declarations are dropped (inline SVG in HTML needs none, and the page then holds no URL at all),
 * and the result is checked to contain no script, event handler, link or foreign object.
 */
import type * as Echarts from 'echarts';
import { escapeHtml } from './escape.js';
import { lazyRequire } from '../lazy-require.js';

// ECharts is loaded on the first chart, through its CommonJS bundle (~0.15 s, against ~0.7 s for its ES modules).
const echarts = lazyRequire<typeof Echarts>('echarts');

/** Load ECharts now, e.g. while the main thread waits for the worker threads, not when the reports are due. */
export function preloadCharts(): void {
  echarts();
}

export const FONT_STACK =
  "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'Hiragino Sans GB', 'WenQuanYi Micro Hei', SimHei, sans-serif";

/** Category colours by column index (Tableau 10); "none" (未归类) is drawn grey. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#86bcb6'];
export const NONE_COLOR = '#bab0ac';

export function categoryColor(index: number, id: string): string {
  return id === 'none' ? NONE_COLOR : PALETTE[index % PALETTE.length];
}

export interface ChartSvg {
  svg: string;
  width: number;
  height: number;
}

type CellOf = (seriesIndex: number, dataIndex: number) => [number, number] | null;

/** Display width of a label in px at 12px (CJK = 12, other = 7). */
function labelWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\uffff]/.test(ch) ? 12 : 7;
  return w;
}

function truncate(s: string, max: number): string {
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : s;
}

/** Renders an option to SVG and post-processes it (ids, xmlns, cells, safety check). */
export function renderChart(name: string, option: Record<string, unknown>, width: number, height: number, cellOf: CellOf, ariaLabel: string): ChartSvg {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  let raw: string;
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT_STACK }, aria: { enabled: false }, ...option });
    raw = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  return { svg: postProcess(name, raw, cellOf, ariaLabel), width, height };
}

export function postProcess(name: string, raw: string, cellOf: CellOf, ariaLabel: string): string {
  const ids = new Map<string, string>();
  let svg = raw.replace(/\bzr\d+-([a-z]+)-?(\d+)\b/g, (m) => {
    let v = ids.get(m);
    if (!v) {
      v = `xc-${name}-${ids.size}`;
      ids.set(m, v);
    }
    return v;
  });
  svg = svg
    .replace(/\s+xmlns(?::xlink)?="[^"]*"/g, '')
    .replace(/^<svg /, `<svg class="xc-chart-svg" data-chart="${escapeHtml(name)}" role="img" aria-label="${escapeHtml(ariaLabel)}" `)
    // Only data elements (ssr_type "chart"); legend items carry the same attributes with "legend".
    .replace(/ecmeta_series_index="(\d+)" ecmeta_data_index="(\d+)" ecmeta_ssr_type="chart"/g, (m, si: string, di: string) => {
      const cell = cellOf(Number(si), Number(di));
      return cell ? `${m} data-xc-cell="${cell[0]},${cell[1]}" tabindex="0" role="button"` : m;
    });
  assertSafeSvg(svg);
  return svg;
}

/** Defence in depth: ECharts escapes text nodes, but we never ship an SVG with active content. */
export function assertSafeSvg(svg: string): void {
  const bad = /<script|<foreignObject|<iframe|<image|\son[a-z]+\s*=|\s(?:xlink:)?href\s*=|url\(\s*['"]?(?!#)|javascript:/i.exec(svg);
  if (bad) throw new Error(`unsafe chart SVG: ${bad[0]}`);
}

export interface MatrixChartInput {
  rows: string[];
  columns: Array<{ id: string; label: string }>;
  /** counts[row][column] */
  counts: number[][];
  /** The unit index of each chart row, when the chart shows a subset of the units (default: row i is unit i). */
  rowIndex?: number[];
}

/**
 * Units × categories heatmap. Data index d = row * columns + column, so
 * data-xc-cell is "row,column".
 */
export function heatmapChart(input: MatrixChartInput): ChartSvg {
  const { rows, columns, counts } = input;
  const rowLabels = rows.map((r) => truncate(r, 16));
  const left = Math.min(220, Math.max(60, ...rowLabels.map(labelWidth))) + 16;
  const cellW = 112;
  const cellH = 40;
  const top = 12;
  const bottom = 64;
  const width = left + cellW * columns.length + 16;
  const height = top + cellH * Math.max(1, rows.length) + bottom;
  const max = Math.max(1, ...counts.flat());
  const data: Array<[number, number, number]> = [];
  rows.forEach((_, r) => columns.forEach((_, c) => data.push([c, r, counts[r][c] ?? 0])));
  const option = {
    grid: { left, right: 16, top, bottom },
    xAxis: {
      type: 'category',
      data: columns.map((c) => c.label),
      position: 'bottom',
      axisTick: { show: false },
      axisLabel: { interval: 0, width: cellW - 8, overflow: 'break', lineHeight: 14, color: '#333' },
      splitArea: { show: false },
    },
    yAxis: {
      type: 'category',
      data: rowLabels,
      inverse: true,
      axisTick: { show: false },
      axisLabel: { color: '#333' },
    },
    visualMap: { show: false, min: 0, max, inRange: { color: ['#f3f7fc', '#9ecae1', '#2166ac'] } },
    series: [
      {
        type: 'heatmap',
        data,
        label: { show: true, color: '#111', fontSize: 14 },
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
        emphasis: { itemStyle: { borderColor: '#d62728', borderWidth: 2 } },
      },
    ],
  };
  const nc = columns.length;
  const unit = (r: number) => input.rowIndex?.[r] ?? r;
  return renderChart('heatmap', option, width, height, (si, di) => (si === 0 && di < rows.length * nc ? [unit(Math.floor(di / nc)), di % nc] : null), '单位 × 类别热力图（主类别问题数）');
}

/**
 * Per-unit category bars: one horizontal stacked bar per unit, one series per category.
 * Series index = column, data index = row, so data-xc-cell is "row,column".
 */
export function barsChart(input: MatrixChartInput): ChartSvg {
  const { rows, columns, counts } = input;
  const rowLabels = rows.map((r) => truncate(r, 16));
  const left = Math.min(220, Math.max(60, ...rowLabels.map(labelWidth))) + 16;
  const legendRows = Math.ceil(columns.length / 3);
  const top = 16 + legendRows * 22;
  const barH = 30;
  const width = Math.max(640, left + 520);
  const height = top + barH * Math.max(1, rows.length) + 40;
  const option = {
    color: columns.map((c, i) => categoryColor(i, c.id)),
    legend: { top: 4, left: 8, right: 8, selectedMode: false, itemWidth: 14, itemHeight: 10, textStyle: { color: '#333' } },
    grid: { left, right: 24, top, bottom: 32 },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#555' } },
    yAxis: { type: 'category', data: rowLabels, inverse: true, axisTick: { show: false }, axisLabel: { color: '#333' } },
    series: columns.map((c, j) => ({
      name: c.label,
      type: 'bar',
      stack: 'total',
      barMaxWidth: 22,
      label: { show: true, position: 'inside', color: '#fff', fontSize: 11, formatter: (p: { value: number }) => (p.value ? String(p.value) : '') },
      emphasis: { focus: 'none' },
      data: rows.map((_, r) => counts[r][j] ?? 0),
    })),
  };
  const unit = (r: number) => input.rowIndex?.[r] ?? r;
  return renderChart('bars', option, width, height, (si, di) => (si < columns.length && di < rows.length ? [unit(di), si] : null), '各单位问题类别分布条形图');
}
