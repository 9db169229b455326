/**
 * The reports written a linkage unit at a time (render/stream.ts): the parts joined are the bytes
 * the whole-summary formulas give.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Summary } from '../../src/aggregate/schema.js';
import { htmlStream } from '../../src/render/html.js';
import { buildReports, renderHtml, renderMarkdown, renderSummaryJson } from '../../src/render/index.js';
import { markdownStream } from '../../src/render/markdown.js';
import { CollapseBlankLines, renderWhole, withoutUnits } from '../../src/render/stream.js';
import { summaryJsonStream } from '../../src/render/summary.js';
import { prng } from '../aggregate/corpus.js';
import { sampleReportInput } from '../aggregate/helpers.js';

const read = (u: URL) => readFileSync(u, 'utf8');

const input = () => sampleReportInput(read, 'rs-stream');

describe('CollapseBlankLines', () => {
  it('gives text.replace(/\\n{3,}/g, "\\n\\n").trimEnd() whatever the cuts', () => {
    const r = prng(31);
    const alphabet = ['a', '甲', ' ', '\n', '\n', '\n', '\t', '\u3000', '\r'];
    for (let round = 0; round < 500; round++) {
      const text = Array.from({ length: Math.floor(r() * 60) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
      const parts: string[] = [];
      for (let at = 0; at < text.length; ) {
        const n = Math.floor(r() * 8);
        parts.push(text.slice(at, at + n));
        at += n;
      }
      const c = new CollapseBlankLines();
      const got = parts.map((p) => c.push(p)).join('') + c.end();
      expect(got).toBe(text.replace(/\n{3,}/g, '\n\n').trimEnd());
    }
  });
});

describe('report streams', () => {
  const built = buildReports(input());
  const s = built.summary;
  const units = s.linkage.units;

  it('summary.json a unit at a time is JSON.stringify of the whole summary', () => {
    expect(units.length).toBeGreaterThan(1);
    const parts: string[] = [];
    const st = summaryJsonStream(withoutUnits(s));
    parts.push(st.head());
    units.forEach((u, i) => parts.push(st.unit(u, i)));
    parts.push(st.tail(units.length));
    expect(parts.join('')).toBe(`${JSON.stringify(Summary.parse(s), null, 2)}\n`);
    expect(parts.join('')).toBe(built.files['summary.json']);
    // each unit's part holds that unit only
    units.forEach((u, i) => expect(JSON.parse(`[${parts[i + 1].replace(/^[[,]/, '')}]`)).toEqual([u]));
  });

  it('report.md and report.html: head, one part per unit, tail give the whole report', () => {
    const md = markdownStream(withoutUnits(s));
    const mdParts = [md.head(), ...units.map((u, i) => md.unit(u, i)), md.tail(units.length)];
    expect(mdParts.join('')).toBe(built.files['report.md']);
    units.forEach((u, i) => expect(mdParts[i + 1].trimStart().startsWith(`### ${u.unit}`)).toBe(true));
    // the drill-down findings as buildReports makes them (all of them: no limit)
    const i0 = input();
    const counted = i0.findings.filter((f) => f.record_kind === 'finding');
    const html = htmlStream({ summary: withoutUnits(s), documents: i0.documents, findings: counted });
    const htmlParts = [html.head(), ...units.map((u, i) => html.unit(u, i)), html.tail(units.length)];
    expect(htmlParts.join('')).toBe(renderHtml({ summary: s, documents: i0.documents, findings: counted }));
    units.forEach((u, i) => expect(htmlParts[i + 1]).toMatch(/^\n<details class="xc-link" open><summary><strong>/));
  });

  it('without any unit: an empty list, and the reports say there is nothing to link', () => {
    const none: Summary = withoutUnits(s);
    const json = renderSummaryJson(none);
    expect(json).toBe(`${JSON.stringify(Summary.parse(none), null, 2)}\n`);
    expect(json).toContain('"units": []\n  }\n}\n');
    expect(renderMarkdown(none)).toContain('没有识别为反馈意见或整改通报的文件。');
    expect(renderWhole(markdownStream(none), [])).toBe(renderMarkdown(none));
    expect(renderHtml({ summary: none, drill: [] })).toContain('<p class="xc-note">没有识别为反馈意见或整改通报的文件。</p>\n</section>');
    expect(renderMarkdown(s)).not.toContain('没有识别为反馈意见或整改通报的文件。');
  });
});
