/**
 * Hostile text, end to end through `xuncha run`: markup and script in the findings, markup and
 * path traversal in --meta unit names, and spreadsheet formulas at the start of cells. The readers
 * of the outputs (a browser, Excel/WPS, a Markdown viewer) and the file system stay safe. (The
 * browser-level check, that nothing runs when the page is opened, is in tests/browser.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SAMPLES, readCsv, readJsonl, snapshot, tmp, xuncha } from './helpers.js';

/** A feedback report whose findings carry script, event handlers, javascript: links and formulas. */
export const HOSTILE_REPORT = `关于巡察县某局党组的反馈意见

根据县委统一部署，县委第二巡察组于2022年3月1日至4月30日对县某局党组开展了巡察。现将巡察发现的主要问题反馈如下。

一、巡察发现的主要问题

（一）贯彻落实上级决策部署存在差距
1.=HYPERLINK("http://evil.example/","点击")理论学习不深入<script>alert(1)</script>。中心组学习流于形式，学用结合不够紧密。
2.公款吃喝问题时有发生<img src=x onerror=alert(1)>。违规发放节日慰问品。
3.作风不实，详见<a href="javascript:alert(1)">链接</a>和[链接](javascript:alert(1))。调研走过场。
4.+1+2 财务管理混乱，违规列支费用。
5.@SUM(1) 基层党组织建设薄弱，三会一课制度落实不到位。
6.-2+3 违规发放津贴补贴，超标准配备公务用车。

二、意见建议

（一）加强理论学习。
`;

const BOLD_UNIT = '<b>粗体局</b>../../x';
const FORMULA_UNIT = '@SUM(1)';

type F = { id: string; doc_id: string; title: string; record_kind: string };

describe('hostile text in findings and metadata (xuncha run)', () => {
  let work = '';
  let out = '';
  let r: ReturnType<typeof xuncha>;
  let before: Map<string, string>;
  let html = '';
  afterAll(() => work && rmSync(work, { recursive: true, force: true }));

  beforeAll(() => {
    work = tmp('xuncha-hostile-');
    const input = join(work, 'in');
    // --out is three levels down, so that a "../../x" taken from a unit name would still land in work/.
    out = join(work, 'deep', 'er', 'out');
    mkdirSync(input);
    writeFileSync(join(input, 'hostile-report.txt'), HOSTILE_REPORT);
    copyFileSync(join(ROOT, 'corpora', SAMPLES[0]), join(input, 'other.txt'));
    writeFileSync(
      join(work, 'meta.csv'),
      ['path,unit,region', `hostile-report.txt,"${BOLD_UNIT}",../../y`, `other.txt,${FORMULA_UNIT},=1+1`, ''].join('\n'),
    );
    before = snapshot(work);
    r = xuncha(['run', input, '--out', out, '--meta', join(work, 'meta.csv'), '--cache-dir', join(work, 'deep', 'cache')]);
    html = readFileSync(join(out, 'report.html'), 'utf8');
  }, 120_000);

  it('runs (exit 0) and reads the hostile findings as findings', () => {
    expect(r.code, r.stderr).toBe(0);
    const titles = readJsonl<F>(join(out, 'findings.jsonl'))
      .filter((f) => f.doc_id === 'hostile-report.txt' && f.record_kind === 'finding')
      .map((f) => f.title);
    expect(titles).toHaveLength(6);
    expect(titles[0]).toMatch(/^=HYPERLINK\(/);
    expect(titles[0]).toContain('<script>alert(1)</script>');
    expect(titles[1]).toContain('<img src=x onerror=alert(1)>');
    expect(titles[2]).toContain('href="javascript:alert(1)"');
  });

  it('report.html holds the hostile text only escaped: no <script>alert, no <img src=x, no javascript: link', () => {
    expect(html).not.toMatch(/<script>alert/i);
    expect(html).not.toMatch(/<img\s+src\s*=\s*x/i);
    expect(html).not.toMatch(/href\s*=\s*["']?\s*javascript:/i);
    expect(html).not.toContain('<b>粗体局');
    // … and the text is there (escaped), so the checks above are not vacuous.
    const escaped = (s: string) => [s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`), s.replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)];
    for (const s of ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<b>粗体局</b>']) {
      expect(escaped(s).some((e) => html.includes(e)), `${s} is not in report.html in any escaped form`).toBe(true);
    }
  });

  it('report.html carries a Content-Security-Policy meta that forbids inline handlers and outside loads', () => {
    const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
    expect(m, 'no CSP meta').not.toBeNull();
    expect(m![1]).toContain("default-src 'none'");
    const scriptSrc = /(?:^|;)\s*script-src ([^;]+)/.exec(m![1]);
    expect(scriptSrc, 'no script-src: default-src applies').not.toBeNull();
    expect(scriptSrc![1]).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:|data:/);
  });

  it('report.md holds no raw HTML from the documents or the metadata', () => {
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).not.toMatch(/<script|<img|<b>粗体局|<a\s/i);
    expect(md).not.toMatch(/\]\(javascript:/i);
  });

  it('findings.csv and documents.csv: cells that begin with = + - @ get an apostrophe', () => {
    const rows = readCsv(join(out, 'findings.csv'));
    const mine = rows.filter((f) => f.doc_id === 'hostile-report.txt' && f.record_kind === 'finding');
    expect(mine.map((f) => f.title.slice(0, 5))).toEqual(["'=HYP", '公款吃喝问', '作风不实，', "'+1+2", "'@SUM", "'-2+3"]);
    const other = rows.filter((f) => f.doc_id === 'other.txt');
    expect(other.length).toBeGreaterThan(0);
    for (const f of other) expect(f.unit).toBe(`'${FORMULA_UNIT}`);
    const docs = readCsv(join(out, 'documents.csv'));
    expect(docs.find((d) => d.id === 'other.txt')!.unit).toBe(`'${FORMULA_UNIT}`);
    // No text cell anywhere starts a formula (numbers, such as a negative score, are numbers).
    for (const [file, table] of [['findings.csv', rows], ['documents.csv', docs]] as const) {
      for (const row of table) {
        for (const [col, v] of Object.entries(row)) {
          if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(v)) continue;
          expect(v, `${file} ${col}`).not.toMatch(/^[=+\-@\t\r]/);
        }
      }
    }
  });

  it('writes nothing outside --out, whatever the unit names say', () => {
    const after = snapshot(work);
    const added = [...after.keys()].filter((k) => !before.has(k));
    const outside = added.filter((k) => !k.startsWith('deep/er/out/') && !k.startsWith('deep/cache/') && k !== 'deep/' && k !== 'deep/er/');
    expect(outside).toEqual([]);
    for (const [k, v] of before) expect(after.get(k), k).toBe(v);
  });
});
