import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { htmlMainText } from '../../src/ingest/html.js';
import { ingestBytes, type Ingested } from '../../src/ingest/index.js';
import { HTML_NOISE, REPORT } from '../../scripts/fixtures/ingest-report.js';
import { SAMPLE_PATH, errorCodes, fixture, okValue } from './helpers.js';

function textOf(v: Ingested): string {
  if (v.type !== 'text') throw new Error('expected text');
  return v.text;
}

/** Every line of the report occurs in the text, in order, each as a whole line. */
function expectReportInOrder(text: string): void {
  const lines = text.split('\n');
  let at = -1;
  for (const l of REPORT) {
    const i = lines.indexOf(l.text, at + 1);
    expect(i, `line "${l.text}" (after line ${at + 1})`).toBeGreaterThan(at);
    at = i;
  }
}

describe('docx', () => {
  it('yields the report: headings and findings in order, one paragraph a line', async () => {
    const v = okValue(await ingestBytes('report.docx', fixture('report.docx')));
    expect(v).toMatchObject({ type: 'text', format: 'docx', encoding: null });
    expectReportInOrder(textOf(v));
    expect(textOf(v).split('\n')).toHaveLength(REPORT.length); // empty paragraphs dropped
  });

  it('a truncated .docx is E_DOCX', async () => {
    expect(errorCodes(await ingestBytes('truncated.docx', fixture('truncated.docx')))).toEqual(['E_DOCX']);
  });

  it('a text file named .docx is E_DOCX', async () => {
    expect(errorCodes(await ingestBytes('x.docx', new TextEncoder().encode('not a zip')))).toEqual(['E_DOCX']);
  });

  it('a legacy .doc renamed .docx is E_DOCX with a note', async () => {
    const r = await ingestBytes('x.docx', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    expect(errorCodes(r)).toEqual(['E_DOCX']);
    expect(!r.ok && r.diagnostics[0].note).toMatch(/legacy Office/);
  });
});

describe('html', () => {
  it('yields the article: headings and findings in order', async () => {
    const v = okValue(await ingestBytes('report.html', fixture('report.html')));
    expect(v).toMatchObject({ type: 'text', format: 'html', encoding: 'utf-8' });
    expectReportInOrder(textOf(v));
  });

  it('drops script, style, nav, breadcrumb, aside, share bar and footer', async () => {
    const text = textOf(okValue(await ingestBytes('report.html', fixture('report.html'))));
    for (const noise of HTML_NOISE) expect(text, noise).not.toContain(noise);
    expect(text).not.toMatch(/https?:|\[|\]/); // no link URLs or brackets
  });

  it('finds the content of a GB2312 table layout without <article> (density), dropping menus and the footer', async () => {
    const v = okValue(await ingestBytes('report-layout.gbk.html', fixture('report-layout.gbk.html')));
    expect(v.encoding).toBe('gb18030');
    const text = textOf(v);
    expectReportInOrder(text);
    for (const noise of [...HTML_NOISE, '工作动态', '政策法规']) expect(text, noise).not.toContain(noise);
    expect(text.split('\n')[0]).toBe(REPORT[0].text);
  });

  it('a page with nothing but scripts and navigation is E_HTML', async () => {
    expect(errorCodes(await ingestBytes('script-only.html', fixture('script-only.html')))).toEqual(['E_HTML']);
  });

  it('an empty .htm is E_EMPTY', async () => {
    expect(errorCodes(await ingestBytes('x.htm', new Uint8Array()))).toEqual(['E_EMPTY']);
  });

  it('removes source line breaks next to CJK characters, keeps real spaces', () => {
    expect(htmlMainText('<p>加强\n  作风建设，\n2021年 违规 发放。English\nwords</p><p>甲 乙</p>')).toBe('加强作风建设，2021年 违规 发放。English words\n甲 乙');
  });

  it('keeps a <header> inside the <article> (its title), drops the page header', () => {
    const html = '<body><header>网站标题</header><article><header><h1>关于巡察的反馈意见</h1></header><p>发现问题，如下。</p></article></body>';
    expect(htmlMainText(html)).toBe('关于巡察的反馈意见\n发现问题，如下。');
  });

  it('keeps an ASP.NET page wrapped in one <form>', () => {
    const html = '<body><form id="form1"><div class="menu"><a href="/">首页</a></div><div>一、主要问题。学习不深入，落实不到位。</div></form></body>';
    expect(htmlMainText(html)).toBe('一、主要问题。学习不深入，落实不到位。');
  });

  it('honours <meta charset=gbk>, and prefers valid UTF-8 over a wrong declaration', async () => {
    const page = '<html><head><meta charset="gbk"></head><body><p>巡察反馈意见</p></body></html>';
    const gbk = okValue(await ingestBytes('a.html', new Uint8Array(iconv.encode(page, 'gbk'))));
    expect(gbk.encoding).toBe('gb18030');
    expect(textOf(gbk)).toBe('巡察反馈意见');
    const mislabelled = await ingestBytes('b.html', new TextEncoder().encode(page));
    expect(okValue(mislabelled).encoding).toBe('utf-8');
    expect(textOf(okValue(mislabelled))).toBe('巡察反馈意见');
    expect(mislabelled.diagnostics?.map((d) => d.code)).toEqual(['W_CHARSET']);
  });
});

describe('pdf', () => {
  it('yields the report: headings and findings in order, wrapped lines joined into paragraphs', async () => {
    const v = okValue(await ingestBytes('report.pdf', fixture('report.pdf')));
    expect(v).toMatchObject({ type: 'text', format: 'pdf', encoding: null });
    const text = textOf(v);
    expectReportInOrder(text);
    expect(text.split('\n')).toHaveLength(REPORT.length);
    expect(text).not.toMatch(/[\u2e80-\u2fdf]/); // no CJK radicals (⾃, ⻅) left from the text layer
  });

  it('a PDF without a text layer is E_PDF_NO_TEXT', async () => {
    expect(errorCodes(await ingestBytes('scanned.pdf', fixture('scanned.pdf')))).toEqual(['E_PDF_NO_TEXT']);
  });

  it.each(['truncated.pdf', 'corrupt.pdf', 'not-a-pdf.pdf'])('%s is E_PDF', async (name) => {
    expect(errorCodes(await ingestBytes(name, fixture(name)))).toEqual(['E_PDF']);
  });
});

describe('dispatch', () => {
  it('unknown extensions are E_FORMAT, naming the supported ones', async () => {
    const r = await ingestBytes('notes/报告.doc', new Uint8Array([1, 2, 3]));
    expect(errorCodes(r)).toEqual(['E_FORMAT']);
    expect(!r.ok && r.diagnostics[0].reason).toMatch(/\.docx.*\.pdf/);
    expect(!r.ok && r.diagnostics[0].file).toBe('notes/报告.doc');
    expect(errorCodes(await ingestBytes('README', new Uint8Array([65])))).toEqual(['E_FORMAT']);
  });

  it('extensions are case-insensitive; .text and .md are text', async () => {
    const bytes = new Uint8Array(readFileSync(SAMPLE_PATH));
    for (const name of ['A.TXT', 'a.text', 'a.md']) expect(okValue(await ingestBytes(name, bytes)).format).toBe('txt');
    expect(okValue(await ingestBytes('R.PDF', fixture('report.pdf'))).format).toBe('pdf');
  });

  it('never throws: truncations and garbage of every format give diagnostics naming the path', async () => {
    const sources = ['report.docx', 'report.pdf', 'report.html', 'findings.csv', 'sample.gb18030.txt'];
    const exts = ['.txt', '.docx', '.html', '.pdf', '.csv'];
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const cases: Array<[string, Uint8Array]> = [];
    for (const s of sources) {
      const b = fixture(s);
      for (const frac of [0, 0.01, 0.3, 0.77, 0.999]) {
        for (const ext of exts) cases.push([`t/${s}-${frac}${ext}`, b.subarray(0, Math.floor(b.length * frac))]);
      }
    }
    for (let i = 0; i < 10; i++) {
      const junk = new Uint8Array(200 + Math.floor(rand() * 2000)).map(() => Math.floor(rand() * 256));
      for (const ext of exts) cases.push([`t/junk${i}${ext}`, junk]);
      const pdfish = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj\n<<'), Buffer.from(junk), Buffer.from('\n%%EOF\n')]);
      cases.push([`t/junk${i}.pdf`, new Uint8Array(pdfish)]);
    }
    for (const [path, bytes] of cases) {
      const r = await ingestBytes(path, bytes);
      if (!r.ok) {
        expect(r.diagnostics.length).toBeGreaterThan(0);
        for (const d of r.diagnostics) expect(d.file).toBe(path);
      }
    }
  });
});

describe('HTML: the title heading outside the content element', () => {
  it('keeps the <h1> that precedes a content <div> followed by share and previous/next links (docs32; before: the title was lost and the unit came out as 学院)', async () => {
    const page = `<html><head><title>反馈意见-学院网</title></head><body><div class="nav"><a href="/">首页</a></div><div class="article"><h1>市委第四巡察组关于巡察滨江职业技术学院党委的反馈意见</h1><div class="info">发布时间：2024-04-17</div><div class="v_news_content"><p>根据市委统一部署，市委第四巡察组对学院党委开展了常规巡察，现将反馈意见公布如下。</p><p>一、存在的主要问题</p><p>1.办学定位不够聚焦。专业设置与产业匹配度不高，招生不足。</p><p>2.意识形态工作责任制落实不够到位。研判不经常，对二级学院网站、公众号管理不严，审核把关不到位。</p><p>3.党委主体责任压得不实。对二级学院管党治党指导不够，廉政谈话流于形式，压力传导层层递减。</p></div><div class="prev-next"><ul><li>上一条：<a href="/a.htm">学院党委召开巡察整改动员部署会</a></li><li>下一条：<a href="/b.htm">巡察工作动员会召开</a></li></ul></div></div></body></html>`;
    const r = await ingestBytes('page.html', new TextEncoder().encode(page));
    expect(r.ok).toBe(true);
    const text = r.ok && r.value.type === 'text' ? r.value.text : '';
    expect(text.split('\n')[0]).toBe('市委第四巡察组关于巡察滨江职业技术学院党委的反馈意见');
  });

  it('keeps an <h2> naming the inspection in a title <div> before the content <div>, not a sidebar heading (docs41; before: the title was lost and no unit was found)', async () => {
    const page = `<html><head><title>反馈意见 - 柏山县纪委监委</title></head><body><div id="left"><h3>最新文章</h3><ul><li><a href="/a.html">县委第三巡察组关于巡察县融媒体中心的反馈意见</a></li></ul></div><div id="right"><div class="place">您现在的位置：<a href="/">首页</a> &raquo; 正文</div><div class="title"><h2>县委第三巡察组关于巡察中共柏山县委党校的反馈意见</h2></div><div class="info">发布时间：2023-12-21</div><div class="content"><p>根据县委统一部署，县委第三巡察组对中共柏山县委党校开展了常规巡察。</p><p>二、巡察发现的主要问题</p><p>1、坚持党校姓党原则不够坚决。部分专题课程政治理论含量不高，对外请授课教师政治把关不严。</p><p>2、干部教育培训质量不高。培训内容针对性不强，学员评估流于形式，结果运用不充分。</p></div><div class="pages">上一篇：<a href="/show-5-1021.html">县委第三巡察组关于巡察县融媒体中心的反馈意见</a></div></div></body></html>`;
    const r = await ingestBytes('page.html', new TextEncoder().encode(page));
    const text = r.ok && r.value.type === 'text' ? r.value.text : '';
    expect(text.split('\n')[0]).toBe('县委第三巡察组关于巡察中共柏山县委党校的反馈意见');
  });
});
