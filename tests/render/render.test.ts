import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Summary } from '../../src/aggregate/schema.js';
import { escapeHtml, escapeMd, jsonForScript } from '../../src/render/escape.js';
import { assertSafeSvg, heatmapChart } from '../../src/render/charts.js';
import { buildReports, CSP, renderHtml, renderMarkdown, renderSummaryJson, SCRIPT_HASH } from '../../src/render/index.js';
import { CLIENT_SCRIPT } from '../../src/render/client.js';
import { createHash } from 'node:crypto';
import { CATEGORIES, sampleReportInput } from '../aggregate/helpers.js';
import { HOSTILE, hostileInput } from '../browser/sample.js';

const read = (u: URL) => readFileSync(u, 'utf8');

const input = () => sampleReportInput(read, 'rs-0123456789abcdef');

const built = buildReports(input());
const md = built.files['report.md'];
const html = built.files['report.html'];
const json = built.files['summary.json'];

describe('buildReports', () => {
  it('returns summary.json, report.md and report.html', () => {
    expect(Object.keys(built.files).sort()).toEqual(['report.html', 'report.md', 'summary.json']);
    expect(() => Summary.parse(JSON.parse(json))).not.toThrow();
  });

  it('is deterministic: same inputs, byte-identical outputs (also with inputs in another order)', () => {
    const again = buildReports(input());
    for (const k of Object.keys(built.files)) expect(again.files[k]).toBe(built.files[k]);
    const i = input();
    const shuffled = buildReports({ ...i, documents: [...i.documents].reverse(), findings: [...i.findings].reverse() });
    for (const k of Object.keys(built.files)) expect(shuffled.files[k]).toBe(built.files[k]);
  });

  it('records the rule-set hash and the xuncha version in every output', () => {
    for (const f of Object.values(built.files)) {
      expect(f).toContain('rs-0123456789abcdef');
      expect(f).toContain('0.1.0');
    }
  });
});

describe('summary.json', () => {
  it('is pretty, ends with one newline, keys in schema order', () => {
    expect(json.endsWith('}\n')).toBe(true);
    expect(json.endsWith('\n\n')).toBe(false);
    expect(json.startsWith('{\n  "schema_version": 1,\n  "xuncha_version": "0.1.0",\n  "ruleset_hash": "rs-0123456789abcdef",\n  "categories"')).toBe(true);
    // Re-rendering a parsed copy with shuffled keys gives the same bytes.
    const parsed = JSON.parse(json) as Record<string, unknown>;
    const shuffled = Object.fromEntries(Object.entries(parsed).reverse()) as unknown as Summary;
    expect(renderSummaryJson(shuffled)).toBe(json);
  });
});

describe('report.md', () => {
  it('has every section in Chinese', () => {
    for (const h of ['# 巡察发现问题对比分析报告', '## 一、概览', '## 二、单位 × 类别（按主类别计数）', '## 三、各单位类别占比', '## 四、类别分布差异检验', '特征词', '反馈问题与整改回应']) {
      expect(md).toContain(h);
    }
  });
  it('contains the units × categories table', () => {
    expect(md).toContain('| 单位 | 文件数 | 问题数 | 政治建设与决策部署落实 | 作风建设 | “两个责任”与廉政风险 | 党的建设与组织建设 | 财务与资产管理 |');
    expect(md).toContain('| 县甲局 | 1 | 20 | 12 | 5 | 0 | 0 | 3 |');
    expect(md).toContain('| 县乙局 | 1 | 30 | 4 | 10 | 0 | 0 | 16 |');
  });
  it('names the test, gives χ², df and p, and flags small expected counts', () => {
    expect(md).toMatch(/皮尔逊卡方独立性检验（Pearson's chi-square test of independence/);
    expect(md).toMatch(/χ² = \d+\.\d{4}，自由度 df = \d+，p [=<] /);
    expect(md).toContain('调整标准化残差（Haberman 1973）');
    expect(md).toContain('†');
    expect(md).toContain('期望频数小于 5');
  });
  it('shows shares, distinctive words and linkage per unit', () => {
    expect(md).toContain('60.0%（60.0%）');
    expect(md).toContain('对数似然比关键词分析');
    expect(md).toContain('决策部署');
    expect(md).toContain('### 县自然资源局（反馈意见与整改通报均有）');
    expect(md).toContain('未见整改回应的反馈问题：2 意识形态工作责任制落实不到位');
    expect(md).toContain('“整改完成率66.7%”');
    expect(md).toContain('### 县丙局（仅有整改通报）');
  });
  it('footer records version and rule-set hash', () => {
    expect(md.trimEnd().split('\n').at(-1)).toBe('xuncha 0.1.0 · 规则集哈希 `rs-0123456789abcdef` · summary 格式版本 1');
  });
});

describe('escaping hostile text', () => {
  const hostile = buildReports(hostileInput());
  it('Markdown: no raw HTML and no link from document text', () => {
    const m = hostile.files['report.md'];
    expect(m).not.toContain('<script');
    expect(m).not.toContain('<img');
    expect(m).not.toContain('<svg');
    expect(m).not.toMatch(/\]\(javascript:/);
    expect(m).toContain('&lt;img src=x onerror=alert(1)&gt;局');
    expect(escapeMd('[点我](javascript:alert(1)) | *x* <b>')).toBe('\\[点我\\](javascript:alert(1)) \\| \\*x\\* &lt;b&gt;');
  });
  it('HTML: hostile strings appear only escaped', () => {
    const h = hostile.files['report.html'];
    expect(h).not.toContain(HOSTILE.unit);
    expect(h).not.toContain('<script>alert');
    expect(h).not.toContain('<img');
    expect(h).not.toContain('<svg onload');
    expect(h).not.toMatch(/<a[\s>]/);
    expect(h).not.toMatch(/href\s*=\s*["']?javascript:/i);
    expect(h).toContain(escapeHtml(HOSTILE.unit));
    expect(h).toContain('&lt;hash&gt;&quot;&#39;&amp;');
    // exactly two script elements: the JSON data block and the hashed inline script
    expect(h.match(/<script\b/g)).toHaveLength(2);
    // the JSON block cannot be closed by its content
    const data = /<script type="application\/json" id="xc-data">([\s\S]*?)<\/script>/.exec(h)![1];
    expect(data).not.toMatch(/[<>]/);
    const parsed = JSON.parse(data) as { findings: Array<{ ti: string; t: string }>; units: string[] };
    expect(parsed.units).toContain(HOSTILE.unit);
    expect(parsed.findings.some((f) => f.ti === HOSTILE.title && f.t.includes('javascript:alert(3)'))).toBe(true);
  });
  it('escape helpers', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(jsonForScript({ s: '</script><!--\u2028&' })).toBe('{"s":"\\u003c/script\\u003e\\u003c!--\\u2028\\u0026"}');
    expect(JSON.parse(jsonForScript({ s: '</script>' }))).toEqual({ s: '</script>' });
  });
});

describe('report.html is self-contained and offline', () => {
  it('has the CSP meta with the hash of its one inline script', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP}">`);
    expect(CSP).toMatch(/^default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:/);
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
    expect(`sha256-${createHash('sha256').update(script).digest('base64')}`).toBe(SCRIPT_HASH);
    expect(script).toBe(CLIENT_SCRIPT);
  });
  it('references no external resource and no URL at all', () => {
    // Markup (script bodies checked separately below).
    const markup = html.replace(/(<script[^>]*>)[\s\S]*?<\/script>/g, '$1</script>');
    const tags = markup.match(/<[a-zA-Z][^>]*>/g)!.join('\n');
    expect(tags).not.toMatch(/\b(?:src|href|action|formaction|poster|srcset|data|xlink:href)\s*=\s*["']?(?!#|data:)[^"'\s>]/i);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(CLIENT_SCRIPT).not.toMatch(/fetch|XMLHttpRequest|WebSocket|EventSource|sendBeacon|import\(|\.src\s*=|\.href\s*=|innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    expect(html).not.toMatch(/url\(\s*['"]?(?!#|data:)/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/<(?:link|iframe|object|embed|img|audio|video|base)\b/i);
    expect(html).not.toMatch(/["'(\s]\/\/[a-z0-9]/i); // protocol-relative
  });
  it('has no inline event handlers (the CSP would block them anyway)', () => {
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  });
  it('is in Chinese and contains charts, tables and drill-down', () => {
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toMatch(/<svg class="xc-chart-svg" data-chart="heatmap"/);
    expect(html).toMatch(/<svg class="xc-chart-svg" data-chart="bars"/);
    // every heatmap cell is clickable: 3 units × 5 categories
    const heat = /<svg class="xc-chart-svg" data-chart="heatmap"[\s\S]*?<\/svg>/.exec(html)![0];
    expect(heat.match(/data-xc-cell="\d+,\d+"/g)).toHaveLength(4 * 5);
    expect(html).toContain('table class="xc-sortable xc-counts"');
    expect(html).toContain('id="xc-f-unit"');
    expect(html).toContain('id="xc-f-cat"');
    expect(html).toContain('<script type="application/json" id="xc-data">');
    expect(html).toContain('皮尔逊卡方独立性检验');
    expect(html).toContain('反馈问题与整改回应');
  });
  it('embeds every counted finding with truthful highlight ranges', () => {
    const data = JSON.parse(/<script type="application\/json" id="xc-data">([\s\S]*?)<\/script>/.exec(html)![1]) as {
      units: string[];
      categories: Array<{ id: string }>;
      findings: Array<{ id: string; u: number; p: number; t: string; m: Array<[number, number, number]> }>;
    };
    const i = input();
    const counted = i.findings.filter((f) => f.record_kind === 'finding');
    expect(data.findings.map((f) => f.id).sort()).toEqual(counted.map((f) => f.id).sort());
    for (const f of data.findings) {
      const orig = counted.find((x) => x.id === f.id)!;
      expect(data.categories[f.p].id).toBe(orig.primary);
      const words = new Set(orig.evidence.flatMap((e) => e.words));
      for (const [a, b] of f.m) expect(words.has(f.t.slice(a, b))).toBe(true);
    }
  });
  it('renderHtml and renderMarkdown are pure functions of their inputs', () => {
    const i = input();
    const { summary } = buildReports(i);
    expect(renderMarkdown(summary)).toBe(md);
    const counted = i.findings.filter((f) => f.record_kind === 'finding');
    expect(renderHtml({ summary, documents: i.documents, findings: counted })).toBe(html);
  });
});

describe('charts', () => {
  it('renders the same SVG twice in one process (zrender ids renamed)', () => {
    const inp = { rows: ['甲', '乙'], columns: CATEGORIES, counts: [[1, 2, 3, 4, 5], [5, 4, 3, 2, 1]] };
    const a = heatmapChart(inp).svg;
    const b = heatmapChart(inp).svg;
    expect(a).toBe(b);
    expect(a).not.toMatch(/zr\d+-/);
    expect(a).not.toContain('xmlns');
  });
  it('escapes hostile labels and refuses active SVG content', () => {
    const svg = heatmapChart({ rows: ['<script>alert(1)</script>'], columns: CATEGORIES, counts: [[1, 0, 0, 0, 0]] }).svg;
    expect(svg).not.toContain('<script>');
    expect(() => assertSafeSvg('<svg><path onclick="x"></path></svg>')).toThrow();
    expect(() => assertSafeSvg('<svg><image href="http://x"></image></svg>')).toThrow();
    expect(() => assertSafeSvg('<svg><path clip-path="url(#c0)"></path></svg>')).not.toThrow();
  });
});

describe('charts with many units', () => {
  it('draw the units with most findings and keep the chart cells pointing at the right units', async () => {
    const { chartedUnits, CHART_UNITS } = await import('../../src/render/html.js');
    expect(chartedUnits([1, 2, 3], 5)).toBeNull();
    expect(chartedUnits([5, 1, 9, 9, 2], 3)).toEqual([0, 2, 3]);
    const { heatmapChart } = await import('../../src/render/charts.js');
    const chart = heatmapChart({ rows: ['乙', '丁'], columns: [{ id: 'a', label: 'A' }], counts: [[2], [4]], rowIndex: [1, 3] });
    expect(chart.svg).toContain('data-xc-cell="1,0"');
    expect(chart.svg).toContain('data-xc-cell="3,0"');
    expect(chart.svg).not.toContain('data-xc-cell="0,0"');
    expect(CHART_UNITS).toBeGreaterThan(10);
  });
});
