/** Numbering styles and layouts, on small fixtures written in the style of real reports. */
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/normalize/index.js';
import { detectMarker } from '../../src/structure/markers.js';
import { parse, read, spansOk } from './helpers.js';

const fx = (name: string) => parse(read(`tests/fixtures/structure/${name}`));
const findingsOf = (r: ReturnType<typeof parse>) => r.findings.filter((f) => f.record_kind === 'finding');
const titles = (r: ReturnType<typeof parse>) => findingsOf(r).map((f) => f.title);
const rows = (r: ReturnType<typeof parse>) => findingsOf(r).map((f) => [f.title, f.measures, f.progress]);

describe('markers', () => {
  const m = (s: string) => detectMarker(s, 0, s.length);
  it.each([
    ['一、总体评价', 'cn', '一'],
    ['二.存在的问题', 'cn', '二'],
    ['三．意见建议', 'cn', '三'],
    ['（一）政治建设方面', 'paren-cn', '(一)'],
    ['(二)作风建设方面', 'paren-cn', '(二)'],
    ['( 三 )纪律方面', 'paren-cn', '(三)'],
    ['1.学习不深入', 'arabic', '1'],
    ['2、落实不到位', 'arabic', '2'],
    ['3．作风不实', 'arabic', '3'],
    ['（1）组织生活不经常', 'paren-arabic', '(1)'],
    ['(12)程序不严', 'paren-arabic', '(12)'],
    ['4）资料不全', 'paren-arabic', '(4)'],
    ['①专项资金拨付滞后', 'circled', '①'],
    ['⑫台账缺失', 'circled', '⑫'],
    ['一是学习方式待丰富', 'shi', '一是'],
    ['十二是制度执行不严', 'shi', '十二是'],
    ['问题1：落实不到位', 'problem', '1'],
    ['问题三：作风不实', 'problem', '3'],
  ])('%s → %s %s', (line, style, label) => {
    const r = m(line);
    expect(r?.style).toBe(style);
    expect(r?.label).toBe(label);
  });
  it.each(['2021年3月2日', '1.5万元资金', '一是否落实', '十分重要', '一个问题', '（2021）12号', '第一，'])('no marker: %s', (line) => {
    expect(m(line)).toBeNull();
  });
  it('full-width digits are read after normalization (１． → 1.)', () => {
    const n = normalize('１．学习不深入');
    expect(detectMarker(n.text, 0, n.text.length)?.label).toBe('1');
  });
});

describe('fixtures', () => {
  it('half-width 一. (一) and 1、 1． numbering; recommendations kept after findings', () => {
    const r = fx('feedback-halfwidth.txt');
    const f = findingsOf(r);
    expect(f.map((x) => x.number)).toEqual(['1', '2', '3', '4']);
    expect(f[2].number_path).toEqual(['二', '(二)', '3']);
    expect(f.map((x) => x.title)).toEqual(['学习贯彻党的二十大精神不深入', '落实耕地保护责任不到位', '形式主义问题仍然存在', '为民服务意识不强']);
    expect(f[0].heading_path).toEqual(['二.巡察发现的主要问题', '（一）政治建设方面']);
    expect(r.findings.slice(4).map((x) => x.record_kind)).toEqual(['recommendation', 'recommendation']);
    expect(r.meta.inspection_type).toBe('专项巡察');
    expect(r.meta.unit).toBe('某镇');
    expect(spansOk(r)).toEqual([]);
  });

  it('no 一、 level: （一） items are the findings; prose before and after is not', () => {
    const r = fx('feedback-no-top-level.txt');
    const f = findingsOf(r);
    expect(f.map((x) => x.number)).toEqual(['(一)', '(二)', '(三)', '(四)']);
    expect(f[1].title).toBe('党工委主体责任落实不到位');
    expect(f[3].text).not.toContain('巡察组建议');
    expect(r.meta.inspected_org).toBe('某街道党工委');
  });

  it('unnumbered section headings (存在的主要问题 / 意见建议); （1） and ① stay inside', () => {
    const r = fx('feedback-unnumbered-sections.txt');
    const f = findingsOf(r);
    expect(f.map((x) => x.number)).toEqual(['1', '2', '3']);
    expect(f[0].heading_path).toEqual(['存在的主要问题']);
    expect(f[0].text).toContain('（2）部分学校功能教室闲置');
    expect(f[2].title).toBe('财务管理不规范');
    expect(r.meta.inspection_type).toBe('巡察“回头看”');
  });

  it('（1）, ① and 一是 lines as findings under 1.…方面 categories, and an inline 方面：一是…', () => {
    const r = fx('feedback-sub-levels.txt');
    const f = findingsOf(r);
    expect(f.map((x) => x.number_path.slice(1))).toEqual([
      ['1', '(1)'], ['1', '(2)'], ['2', '①'], ['2', '②'], ['3', '一是'], ['3', '二是'], ['4', '一是'], ['4', '二是'],
    ]);
    expect(new Set(f.map((x) => x.number)).size).toBe(8);
    expect(f[2].title).toBe('工程项目招投标监管不严');
    expect(f[6].title).toBe('执行请示报告制度不严格');
    expect(f[6].heading_path).toEqual(['二、存在的问题', '4.纪律建设方面']);
    // 三、整改要求 is not a problem section.
    expect(f.some((x) => x.text.includes('制定整改方案'))).toBe(false);
    expect(spansOk(r)).toEqual([]);
  });

  it('rectification "关于“…”问题的整改": title from the quotes, measures and progress', () => {
    const r = fx('rectification-guanyu.txt');
    const f = findingsOf(r);
    expect(f.map((x) => x.title)).toEqual(['理论学习不深入', '社会救助资金发放不精准', '落实全面从严治党主体责任不到位']);
    expect(f.map((x) => x.number)).toEqual(['(一)', '(二)', '(三)']);
    expect(f.map((x) => x.progress)).toEqual(['done', 'in-progress', 'long-term']);
    expect(f[1].measures).toContain('2.建立救助资金发放台账');
    expect(f[0].measures?.startsWith('一是制定年度学习计划')).toBe(true);
    expect(r.meta.feedback_date).toBe('2022-07-08');
    expect(r.meta.published).toBe('2022-10-20');
    expect(r.meta.kind).toBe('rectification');
    expect(spansOk(r)).toEqual([]);
  });

  it('rectification with 针对…的问题 and inline 整改情况：', () => {
    const r = fx('rectification-inline.txt');
    const f = findingsOf(r);
    expect(f.map((x) => x.title)).toEqual(['预算执行进度缓慢', '政府采购监管不严', '对巡察整改工作重视不够']);
    expect(f[0].measures).toBe('建立预算执行通报制度，每月通报执行进度，目前已整改到位。');
    expect(f[0].progress).toBe('done');
    expect(f[1].progress).toBeNull();
    expect(r.meta.published).toBe('2023-01-16');
    expect(r.meta.kind_cue).toBe('整改情况的公告');
    for (const x of f) expect(normalize(r.original.slice(...x.title_span)).text).toBe(x.title);
  });

  it('rectification with quoted bare headings "1.“X”问题"', () => {
    const r = fx('rectification-quoted.txt');
    const f = findingsOf(r);
    expect(f.map((x) => x.number)).toEqual(['(一)1', '(一)2', '(二)1']);
    expect(f.map((x) => x.title)).toEqual(['统计数据质量把关不严', '统计执法检查力度不够', '调研不深不实']);
    expect(f.map((x) => x.progress)).toEqual(['done', null, 'done']);
    expect(spansOk(r)).toEqual([]);
  });

  it('rectification written as 针对…的问题，… paragraphs; closing paragraphs are not measures', () => {
    const r = fx('rectification-paragraphs.txt');
    const f = findingsOf(r);
    expect(f.map((x) => x.title)).toEqual(['医疗卫生服务能力提升不明显', '落实全面从严治党主体责任不到位', '医保基金监管存在漏洞']);
    expect(f.map((x) => x.progress)).toEqual(['done', 'in-progress', 'long-term']);
    expect(f[2].measures).not.toContain('欢迎');
    expect(r.meta.feedback_date).toBe('2023-06-02');
    expect(spansOk(r)).toEqual([]);
  });

  it('news: the sentence verb decides (巡察组要求，针对发现的问题…一是 is not a finding list)', () => {
    const r = fx('news-requirements-first.txt');
    expect(findingsOf(r).map((x) => x.title)).toEqual(['落实乡村振兴战略有差距', '涉农资金监管不到位', '干部队伍担当作为不够']);
  });

  it('news: problems (巡察组指出) are findings, requirements (巡察组要求) are not', () => {
    const r = fx('news-two-sequences.txt');
    const f = findingsOf(r);
    expect(r.meta.kind).toBe('feedback-news');
    expect(f.map((x) => x.title)).toEqual(['落实意识形态工作责任制不到位', '对下属单位监督管理不力', '文物安全隐患排查整治不彻底']);
  });

  it('（一）…方面存在的问题 over unnumbered paragraphs: each paragraph is a finding (a single one too); 整改要求 is not', () => {
    const r = fx('feedback-area-paragraphs.txt');
    const f = findingsOf(r);
    expect(f.map((x) => x.title)).toEqual([
      '贯彻落实上级关于文物保护工作的决策部署不到位，部分文物保护单位安全隐患突出',
      '意识形态工作责任制落实不到位，对演出市场内容审核把关不严',
      '党组落实主体责任不到位，研究党风廉政建设工作次数少',
      '违反中央八项规定精神问题时有发生，存在违规公款吃喝问题',
      '专项资金使用不规范，部分资金被挤占挪用',
    ]);
    expect(f[4].heading_path).toEqual(['一、存在的主要问题', '（三）财务管理方面存在的问题']);
    expect(spansOk(r)).toEqual([]);
  });

  it('a problem table with tab-separated cells (copied from Word or Excel): one finding a row, with measures and progress', () => {
    const r = fx('rectification-table-tabs.txt');
    const f = findingsOf(r);
    expect(f.map((x) => x.title)).toEqual(['理论学习不深入，学用结合不紧密', '社保基金监管存在漏洞', '干部作风不实，窗口服务效率不高', '党支部“三会一课”流于形式']);
    expect(f.map((x) => x.measures)).toEqual(['制定年度学习计划，开展专题研讨', '开展社保基金专项检查，追回违规领取待遇12万元', '推行“一窗通办”，开展作风整顿', '建立党建工作台账']);
    expect(f.map((x) => x.progress)).toEqual(['done', 'done', 'in-progress', 'done']);
    expect(f.map((x) => x.number)).toEqual(['1', '2', '3', '4']);
    expect(spansOk(r)).toEqual([]);
  });

  it('a problem table one cell a line (HTML, .docx): numbered rows survive a cell of two paragraphs and an empty one', () => {
    const r = fx('rectification-table-cells.txt');
    const f = findingsOf(r);
    expect(f.map((x) => x.title)).toEqual(['食品安全监管存在盲区，小作坊日常检查覆盖不全', '违规发放津补贴', '党支部组织生活不规范']);
    expect(f[0].measures).toBe('建立小作坊监管台账，全年检查全覆盖。\n对检查发现的问题逐一建立整改清单。');
    expect(f.map((x) => x.progress)).toEqual(['done', 'done', 'in-progress']);
    expect(spansOk(r)).toEqual([]);
  });

  it('a problem table without a 序号 column: rows of exactly the header\'s cells', () => {
    const r = fx('rectification-table-plain.txt');
    const f = findingsOf(r);
    expect(f.map((x) => x.title)).toEqual(['村级财务管理不规范，白条入账问题突出', '干部作风不实，服务群众意识不强']);
    expect(f.map((x) => x.progress)).toEqual(['done', 'in-progress']);
  });

  it('news: problems announced by a colon and separated by semicolons, without markers, are findings', () => {
    const r = fx('news-semicolons.txt');
    const f = findingsOf(r);
    expect(r.meta.kind).toBe('feedback-news');
    expect(f.map((x) => x.title)).toEqual(['贯彻落实党中央决策部署和省委、市委、县委工作要求有差距', '落实全面从严治党主体责任不够到位', '领导班子建设和干部队伍建设不够扎实', '财务管理不规范']);
    expect(f[3].text).toBe('财务管理不规范，专项资金使用不规范，政府采购程序不严格');
    expect(r.diagnostics).toEqual([]);
    expect(spansOk(r)).toEqual([]);
  });

  it('news: a sentence announcing problems (巡视也发现一些问题。) and the sentences after it, up to the team\'s proposals', () => {
    const r = fx('news-sentences.txt');
    const f = findingsOf(r);
    expect(r.meta.kind).toBe('feedback-news');
    expect(f.map((x) => x.title)).toEqual(['学习贯彻习近平新时代中国特色社会主义思想和党的二十大精神不够深入', '落实全面从严治党责任有差距', '落实新时代党的组织路线不够到位', '落实巡视、审计等监督发现问题整改不够到位']);
    expect(spansOk(r)).toEqual([]);
  });

  it('news: requirements announced by a colon (巡察组要求…：…；…) are not findings', () => {
    const r = fx('news-semicolons-requirements.txt');
    expect(findingsOf(r)).toEqual([]);
  });

  it('numbering lost (a .docx with Word\'s automatic numbering): unnumbered 整改要求 ends the problems', () => {
    const r = parse('关于巡察县统计局党组的反馈意见\n县委第二巡察组于2024年对县统计局党组开展了巡察。现将巡察情况反馈如下。\n存在的主要问题\n统计数据质量把关不严，个别数据存在差错。\n落实全面从严治党主体责任不到位。\n财务报销审核不严格。\n整改要求\n要认真抓好整改。');
    expect(findingsOf(r).map((x) => x.title)).toEqual(['统计数据质量把关不严，个别数据存在差错', '落实全面从严治党主体责任不到位', '财务报销审核不严格']);
  });

  it('a feedback without problems warns S_NO_FINDINGS', () => {
    const r = fx('no-findings.txt');
    expect(findingsOf(r)).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.file])).toEqual([['S_NO_FINDINGS', 'warning', '']]);
  });

  it('an unknown document does not warn', () => {
    const r = parse('今天天气很好。\n我们去公园散步。');
    expect(r.meta.kind).toBe('unknown');
    expect(r.diagnostics).toEqual([]);
  });
});

describe('metadata details', () => {
  it('short unit forms resolve to the full name; courts get 人民', () => {
    const r = parse('中共某市中级法院党组关于巡察整改情况的通报\n根据市委统一部署，市委第二巡察组对市中级法院党组进行了巡察。');
    expect(r.meta.unit).toBe('某市中级人民法院');
    expect(r.meta.inspected_org).toBe('某市中级人民法院党组');
  });
  it('published from a 发布日期 line before the title; Chinese-numeral date at the end', () => {
    const r = parse('发布日期：2022-05-06\n关于巡察某局党组的反馈意见\n正文。\n二〇二二年五月六日');
    expect(r.meta.title).toBe('关于巡察某局党组的反馈意见');
    expect(r.meta.published).toBe('2022-05-06');
    const r2 = parse('关于巡察某局党组的反馈意见\n正文。\n二〇二二年五月六日');
    expect(r2.meta.published).toBe('2022-05-06');
  });
  it('the unit from titles without an opening sentence: 关于对X党组巡察的反馈意见, 关于X党组落实…整改情况的报告', () => {
    const a = parse('关于对市住房和城乡建设局党组巡察的反馈意见\n一、发现的主要问题\n1.理论学习不深入。');
    expect(a.meta.unit).toBe('市住房和城乡建设局');
    const b = parse('关于某县财政局党组落实县委巡察反馈意见整改情况的报告\n问题一：学习不规范。\n整改措施：规范学习。');
    expect(b.meta.kind).toBe('rectification');
    expect(b.meta.unit).toBe('某县财政局');
  });
  it('a period across the new year', () => {
    const r = parse('关于巡察某局党组的反馈意见\n2021年12月1日至1月15日，县委第一巡察组对某局党组开展了巡察。');
    expect([r.meta.period_start, r.meta.period_end]).toEqual(['2021-12-01', '2022-01-15']);
  });
});

describe('layouts of the later probe batches (each failed before its fix)', () => {

  it('【问题】/【整改措施】/【整改进度】 paragraphs', () => {
    const r = parse('中共某局党组关于巡察整改情况的通报\n二、巡察反馈问题整改落实情况\n（一）政治建设方面\n【问题】理论学习不深入，以读代学。\n【整改措施】1.修订学习制度。2.开展研讨。\n【整改进度】已完成整改。\n【问题】财务管理不规范，票据不全。\n【整改措施】开展自查。\n【整改进度】正在整改，年底前完成。');
    const f = findingsOf(r);
    expect(titles(r)).toEqual(['理论学习不深入，以读代学', '财务管理不规范，票据不全']);
    expect(f.map((x) => x.progress)).toEqual(['done', 'in-progress']);
    expect(f[0].measures).toBe('1.修订学习制度。2.开展研讨。');
    expect(spansOk(r)).toEqual([]);
  });

  it('a Markdown table, its rule line skipped', () => {
    const r = parse('中共某医院委员会关于巡察整改情况的通报\n| 序号 | 问题 | 整改措施 | 完成情况 |\n| --- | --- | --- | --- |\n| 1 | 理论学习不深入 | 修订学习制度 | 已完成 |\n| 2 | 财务管理不规范 | 开展专项自查 | 正在推进 |');
    const f = findingsOf(r);
    expect(titles(r)).toEqual(['理论学习不深入', '财务管理不规范']);
    expect(f.map((x) => x.progress)).toEqual(['done', 'in-progress']);
    expect(f[1].measures).toBe('开展专项自查');
  });

  it('问题N： answered inside paragraphs, with a status in brackets', () => {
    const r = parse('中共某局党组关于巡察整改进展情况的通报\n二、巡察反馈问题整改落实情况\n（一）政治建设方面。问题1：理论学习不深入。整改情况：修订学习制度（已完成）。问题2：意识形态工作不到位。整改情况：修订细则（正在推进）。\n（二）作风方面。\n问题3：服务群众意识不强。整改情况：建立台账（长期坚持）。\n三、下一步工作打算\n1.持续巩固整改成果。');
    const f = findingsOf(r);
    expect(titles(r)).toEqual(['理论学习不深入', '意识形态工作不到位', '服务群众意识不强']);
    expect(f.map((x) => x.number)).toEqual(['1', '2', '3']);
    expect(f.map((x) => x.progress)).toEqual(['done', 'in-progress', 'long-term']);
    expect(spansOk(r)).toEqual([]);
  });

  it('a long sentence announcing problems over one paragraph a problem, up to the closers', () => {
    const r = parse('省委第三巡视组向某市委反馈巡视情况\n巡视指出，某市委在贯彻落实党中央决策部署和省委工作要求、落实全面从严治党战略部署方面还存在一些问题。\n学习贯彻不够深入。理论学习以传达文件为主。\n形式主义问题仍然存在。督查检查考核过多。\n巡视组还收到反映一些领导干部的问题线索，已按有关规定转有关方面处理。\n周某就抓好巡视整改提出了意见建议。');
    expect(titles(r)).toEqual(['学习贯彻不够深入', '形式主义问题仍然存在']);
  });

  it('（一）在……方面。一是……；二是……, 1.问题：……, and 在……方面，针对……的问题 clauses', () => {
    const a = parse('关于巡察某村党支部的反馈意见\n二、发现的主要问题\n（一）在政治建设方面。一是理论学习不经常，以读代学；二是落实乡村振兴不够有力，产业带动弱。');
    expect(titles(a)).toEqual(['理论学习不经常', '落实乡村振兴不够有力']);
    const b = parse('中共某社区委员会关于巡察反馈问题整改情况的通报\n二、巡察反馈问题整改落实情况\n1.问题：理论学习不深入。\n整改情况：制定学习计划。\n2.问题：财务管理不规范。\n整改情况：开展自查。');
    expect(titles(b)).toEqual(['理论学习不深入', '财务管理不规范']);
    const c = parse('某镇巡察整改进展情况公布\n镇党委通报了整改情况：一是在作风建设方面，针对部分干部办事拖沓的问题，开展专项整治，已完成整改；二是在干部队伍建设方面，针对后备力量不足的问题，正在结合换届工作持续推进整改。');
    expect(titles(c)).toEqual(['部分干部办事拖沓', '后备力量不足']);
    expect(findingsOf(c).map((x) => x.progress)).toEqual(['done', 'in-progress']);
  });
});

describe('layouts of docs17 (each failed before its fix)', () => {

  it('a short statement before a colon is the title; a numbered line ending in a colon over its details is one finding', () => {
    const r = parse('关于巡察某局党组的反馈意见\n二、发现的主要问题\n（一）政治建设方面\n1.理论学习不够深入：党组学习以传达文件为主，研讨仅3次。\n2.落实乡村振兴部署不够有力：\n主要表现在：一是项目谋划不精准；二是车间长期闲置。\n3.具体问题如下：台账不全，账实不符。');
    expect(titles(r)).toEqual(['理论学习不够深入', '落实乡村振兴部署不够有力', '具体问题如下：台账不全，账实不符']);
    expect(findingsOf(r)[1].text).toContain('二是车间长期闲置');
  });

  it('a series of bare （一）……的问题 headings, each with 【已完成】-style status lines', () => {
    const r = parse('中共某局党组关于巡察整改进展情况的通报\n二、巡察反馈问题整改落实情况\n（一）理论学习不深入的问题\n整改落实情况：\n一是修订学习制度。\n二是开展研讨。\n【已完成】\n（二）廉政风险防控不到位的问题\n整改落实情况：开展排查。\n【持续推进】该项整改需长期坚持。\n（三）采购管理不严格的问题\n整改落实情况：修订办法。\n【正在整改】计划年底前完成。');
    expect(titles(r)).toEqual(['理论学习不深入', '廉政风险防控不到位', '采购管理不严格']);
    expect(findingsOf(r).map((f) => f.progress)).toEqual(['done', 'long-term', 'in-progress']);
  });

  it('a problem list table (序号 | 问题类别 | 问题描述) attached after the recommendations', () => {
    const r = parse('关于巡察某局党组的反馈意见\n二、发现的主要问题\n巡察发现共存在2个问题，具体详见附件。\n三、意见建议\n（一）加强理论武装。\n附件：\n问题清单\n序号\t问题类别\t问题描述\n1\t政治建设\t理论学习不深入，研讨不充分。\n2\t财务管理\t报销票据不全，白条入账。');
    expect(titles(r)).toEqual(['理论学习不深入，研讨不充分', '报销票据不全，白条入账']);
  });

  it('a colon announcing sentences rather than semicolon clauses', () => {
    const r = parse('县委第一巡察组向县自然资源局党组反馈巡察情况\n巡察发现的主要问题有：学习贯彻不够深入，学用结合不紧。落实耕地保护责任不到位，发现不及时。财务管理不规范，白条入账。\n巡察组要求，局党组要提高政治站位。');
    expect(titles(r)).toEqual(['学习贯彻不够深入', '落实耕地保护责任不到位', '财务管理不规范']);
  });
});

describe('layouts of docs20 (each failed before its fix)', () => {

  it('第一部分… parts over continuously numbered problems; a part naming the rectification field is an area; 巡视建议 are recommendations', () => {
    const r = parse('省委第六巡视组关于巡视省交通运输厅党组的反馈意见\n第一部分　贯彻落实党中央决策部署方面\n1.学习贯彻不够深入。研讨不够。\n2.行业监管职责履行不到位。监管失之于宽。\n第二部分　落实巡视、审计等监督发现问题整改方面\n3.上轮巡视反馈问题整改不彻底。问题反弹。\n第三部分　巡视建议\n1.提高政治站位。\n2.压紧压实管党治党责任。');
    expect(titles(r)).toEqual(['学习贯彻不够深入', '行业监管职责履行不到位', '上轮巡视反馈问题整改不彻底']);
    expect(findingsOf(r)[0].number_path[0]).toBe('第一部分');
    expect(r.findings.filter((f) => f.record_kind === 'recommendation')).toHaveLength(2);
  });

  it('the feedback of a 整改“回头看”: a feedback, its unit from an opening with a short name in brackets', () => {
    const r = parse('县委第三巡察组关于对县住房和城乡建设局党组开展巡察整改“回头看”情况的反馈意见\n根据县委统一部署，县委第三巡察组对县住房和城乡建设局（以下简称县住建局）党组开展了巡察整改“回头看”。\n一、存在的主要问题\n1.整改主体责任落实不到位。重视程度减弱。\n2.部分问题整改不实。存在虚假整改。');
    expect(r.meta.kind).toBe('feedback');
    expect(r.meta.unit).toContain('住房和城乡建设局');
    expect(titles(r)).toEqual(['整改主体责任落实不到位', '部分问题整改不实']);
  });
});

describe('documents that state no problems, and problems named in one sentence (docs21; each failed before its fix)', () => {
  it('a notice of an inspection (…的公告) and the news of a meeting give no findings', () => {
    const a = parse('关于县委第三巡察组巡察县教育局党组的公告\n巡察组主要受理反映以下问题的来信来电来访：\n1.违反政治纪律，贯彻落实决策部署不坚决的问题。\n2.违反中央八项规定精神的问题。');
    expect(a.meta.kind).toBe('unknown');
    expect(a.findings).toEqual([]);
    const b = parse('县自然资源局党组召开巡察整改专题民主生活会\n会上，班子成员逐一发言。下一步，一是强化学习；二是狠抓整改；三是健全制度。');
    expect(b.meta.kind).toBe('unknown');
    expect(b.meta.unit).toContain('自然资源局');
    expect(b.findings).toEqual([]);
  });

  it('a rectification summary of counts and measures only gives no findings; 针对 clauses still do', () => {
    const r = parse('中共某局党组关于巡察整改进展情况的通报\n截至目前，反馈问题21个，已完成整改19个。\n一是强化组织领导，压实整改责任。\n二是坚持立行立改，确保整改实效。\n三是注重标本兼治，健全长效机制。');
    expect(findingsOf(r)).toEqual([]);
  });

  it('a news summary naming its problems in one sentence: 存在A、B等问题', () => {
    const r = parse('区委第一巡察组向区统计局党组反馈巡察情况\n巡察指出，区统计局党组能够贯彻落实决策部署，但也存在理论学习不够深入、财务管理不够规范等问题。\n巡察组要求，一是要提高认识；二是要抓好整改。');
    expect(findingsOf(r).map((f) => f.title)).toEqual(['理论学习不够深入', '财务管理不够规范']);
  });

  it('a summary of several units: 发现了一些问题，有的A；有的B；个别C — one finding a clause, but not inside a finding', () => {
    const r = parse('县委巡察组集中反馈第三轮巡察情况\n县委5个巡察组分别向12家单位党组织反馈了巡察情况。\n巡察发现，各单位还存在一些问题和不足，有的理论学习流于形式，“第一议题”制度落实不严；有的主体责任压得不实，监督执纪偏松偏软；个别单位财务报销审核不严，存在白条入账。\n巡察组要求，各单位要认真抓好整改。');
    expect(findingsOf(r).map((f) => f.title)).toEqual(['理论学习流于形式', '主体责任压得不实', '个别单位财务报销审核不严']);
    const inside = parse('关于巡察某局党组的反馈意见\n二、存在的主要问题\n1.落实中央八项规定精神不严格。有的干部接受宴请；有的违规使用公车。\n2.财务管理不规范。报销审核不严。');
    expect(findingsOf(inside).map((f) => f.title)).toEqual(['落实中央八项规定精神不严格', '财务管理不规范']);
  });
});

describe('a government disclosure page (信息公开), and a status as the last sentence', () => {
  it('takes the title from its 文件名称 field and skips the other fields; 已完成。 closing a problem is its progress', () => {
    const r = parse('• 信息索引号:\n  113307020501239658/2023-46395\n• 文件名称:\n  中共某区文化和旅游体育局党组关于巡察整改情况的通报\n• 发布机构:\n  区文旅体局\n• 成文日期:\n  2023-05-04\n根据区委统一部署，区委第二巡察组对区文化和旅游体育局党组进行了巡察。现将巡察整改情况予以公布。\n（一）在“贯彻落实上级决策部署不够有力”方面\n1.关于“理论学习不够深入”的问题。整改情况：召开专题学习会2次。已完成。\n2.关于“公务接待管理不规范”的问题。整改情况：修订公务接待制度。正在整改中。');
    expect(r.meta.title).toBe('中共某区文化和旅游体育局党组关于巡察整改情况的通报');
    expect(r.meta.kind).toBe('rectification');
    expect(r.meta.unit).toContain('文化和旅游体育局');
    expect(findingsOf(r).map((f) => [f.title, f.progress])).toEqual([
      ['理论学习不够深入', 'done'],
      ['公务接待管理不规范', 'in-progress'],
    ]);
  });

  it('a news title without a unit (……完成巡察意见反馈) gives no unit rather than 意见', () => {
    const r = parse('某区委第四轮巡察完成巡察意见反馈\n近日，区委6个巡察组分别向6家单位党组织反馈了巡察意见。');
    expect(r.meta.unit).toBeNull();
  });
});

describe('layouts of docs22 (each failed before its fix)', () => {

  it('areas stating problems over title lines with their paragraphs, and an area of 一是 clauses', () => {
    const r = parse('区委第三巡察组关于巡察青石镇党委的反馈意见\n二、发现的主要问题\n（一）落实决策部署有差距\n乡村振兴战略推进不够有力\n镇党委对产业发展缺乏统筹谋划。\n耕地保护工作不到位\n对违法占用耕地问题发现不及时。\n（二）落实全面从严治党责任有差距\n党委主体责任落实不力\n一是镇党委研究全面从严治党工作次数少。\n纪委监督作用发挥不充分\n镇纪委对惠民资金发放监督不够。\n（三）财务管理不规范\n一是报销审核不严，存在白条；二是“三资”管理混乱，合同不全。');
    expect(titles(r)).toEqual(['乡村振兴战略推进不够有力', '耕地保护工作不到位', '党委主体责任落实不力', '纪委监督作用发挥不充分', '报销审核不严', '“三资”管理混乱']);
  });

  it('一） markers; problem headings answered by 整改目标：/整改措施： over numbered measures', () => {
    expect(detectMarkerLabel('一）关于“学风建设不严”的问题')).toBe('(一)');
    const r = parse('中共某医院委员会关于巡察整改情况的报告\n二、巡察反馈问题整改落实情况\n（一）贯彻落实医改决策部署不够有力\n整改目标：全面落实改革任务。\n整改措施：\n1.专题学习医改文件。\n2.组建医联体。\n完成情况：已完成。\n（二）意识形态工作责任制落实不到位\n整改目标：责任制全面落实。\n整改措施：\n1.修订实施细则。\n完成情况：正在推进。');
    expect(titles(r)).toEqual(['贯彻落实医改决策部署不够有力', '意识形态工作责任制落实不到位']);
    expect(findingsOf(r).map((f) => f.progress)).toEqual(['done', 'in-progress']);
  });
});

function detectMarkerLabel(line: string): string | undefined {
  return detectMarker(line, 0, line.length)?.label;
}

describe('layouts of docs26–28 (each failed before its fix)', () => {

  it('第N项： problems with their status in brackets closing the line, over a measures paragraph', () => {
    expect(detectMarkerLabel('第3项：干部作风漂浮')).toBe('3');
    expect(detectMarkerLabel('第十二条、制度不全')).toBe('12');
    expect(detectMarkerLabel('第一条 为了加强管理')).toBeUndefined();
    const r = parse('中共某县自然资源局党组关于巡察整改进展情况的通报\n二、具体问题整改情况\n第1项：耕地保护责任落实不严（正在整改）\n开展图斑核查，剩余13宗正在处置。\n第2项：规划编制推进缓慢（已整改）\n组建专班，规划已获批复。\n第3项：干部作风漂浮\n修订巡查制度。');
    expect(rows(r)).toEqual([
      ['耕地保护责任落实不严', '开展图斑核查，剩余13宗正在处置。', 'in-progress'],
      ['规划编制推进缓慢', '组建专班，规划已获批复。', 'done'],
      ['干部作风漂浮', '修订巡查制度。', null],
    ]);
    expect(findingsOf(r)[0].progress_text).toBe('正在整改');
  });

  it('a section heading gives the status of the problems under it (已完成整改的问题 / 正在整改的问题 / 需长期坚持整改的问题); a heading that only mentions one does not', () => {
    const doc = (h1: string, h2: string) =>
      parse(`中共某区教育局党组关于巡察整改情况的通报\n${h1}\n1．作业管理督导不力。\n整改情况：制定作业管理办法。\n2．食堂财务管理不规范。\n整改情况：推行专户管理。\n${h2}\n1．学位供给不足。\n整改情况：修编布局规划。`);
    expect(findingsOf(doc('二、已完成整改的问题（2个）', '三、需长期坚持整改的问题（1个）')).map((f) => f.progress)).toEqual(['done', 'done', 'long-term']);
    expect(findingsOf(doc('二、具体问题整改完成情况', '三、其他问题整改情况')).map((f) => f.progress)).toEqual([null, null, null]);
  });

  it('rectification: a bulleted title line over an unlabelled paragraph is the problem, the paragraph its answer', () => {
    const r = parse('中共某学院委员会关于巡察整改进展情况的通报\n二、整改落实情况\n（一）政治建设方面\n★落实立德树人根本任务不够深入\n修订课程思政方案，评选示范课程12门。该问题已完成整改。\n★服务地方产业能力不强\n新增专业方向3个。此项工作需长期坚持。\n（二）全面从严治党方面\n★风险防控不严\n排查风险点58个。目前信息化平台正在建设中，预计2024年3月底前上线运行。\n★校办企业资产管理不规范\n完成清产核资。闲置资产处置正在推进中。');
    expect(rows(r)).toEqual([
      ['落实立德树人根本任务不够深入', '修订课程思政方案，评选示范课程12门。该问题已完成整改。', 'done'],
      ['服务地方产业能力不强', '新增专业方向3个。此项工作需长期坚持。', 'long-term'],
      ['风险防控不严', '排查风险点58个。目前信息化平台正在建设中，预计2024年3月底前上线运行。', 'in-progress'],
      ['校办企业资产管理不规范', '完成清产核资。闲置资产处置正在推进中。', 'in-progress'],
    ]);
  });

  it('a problem typed as one row of cells between bars (问题N：…｜措施｜责任人｜时限｜完成情况)', () => {
    const r = parse('中共某街道工作委员会关于巡察整改进展情况的通报\n二、问题清单整改落实情况\n问题1：学习贯彻不够深入｜1.修订学习制度；2.开展研讨4次｜书记　李某｜2024年4月30日前｜已完成\n问题2：老旧小区改造滞后｜建立周调度机制｜主任　王某｜2024年12月31日前｜正在推进，预计10月开工');
    expect(rows(r)).toEqual([
      ['学习贯彻不够深入', '1.修订学习制度；2.开展研讨4次', 'done'],
      ['老旧小区改造滞后', '建立周调度机制', 'in-progress'],
    ]);
  });

  it('【】-wrapped title lines over paragraphs, after a colon announcing 下面这几个方面', () => {
    const r = parse('区委第七巡察组关于对青石桥村党总支巡察情况的反馈意见\n按照区委统一安排，区委第七巡察组对村党总支开展了巡察。巡察中也发现了不少问题。主要是下面这几个方面：\n【村里的账记得不清不楚】\n报销单子有不少是手写的收条。\n【集体的地租出去，合同签得很随意】\n出租没有经过村民代表大会讨论。\n也没有公开竞价。\n上面这些问题，希望村党总支认真整改。');
    const f = findingsOf(r);
    expect(f.map((x) => x.title)).toEqual(['村里的账记得不清不楚', '集体的地租出去，合同签得很随意']);
    expect(f[1].text).toBe('【集体的地租出去，合同签得很随意】\n出租没有经过村民代表大会讨论。\n也没有公开竞价。');
  });

  it('news: sentences stating problems (存在……的问题，…… / 有的……) inside the reporter\'s paragraphs, up to the requirements', () => {
    const r = parse('市委第二巡察组向市住房公积金管理中心党组反馈巡察情况\n巡察组认为，中心党组做了大量工作。\n巡察组指出，中心党组还存在一些差距。存在学习贯彻不够深入的问题，研讨交流不深。有的窗口工作人员服务意识不强，群众多次往返。\n巡察组同时指出，存在主体责任压力传导层层递减的问题。有的党支部“三会一课”流于形式。\n巡察组要求，中心党组要切实履行整改主体责任。');
    expect(findingsOf(r).map((f) => [f.title, f.text])).toEqual([
      ['学习贯彻不够深入', '存在学习贯彻不够深入的问题，研讨交流不深'],
      ['有的窗口工作人员服务意识不强', '有的窗口工作人员服务意识不强，群众多次往返'],
      ['主体责任压力传导层层递减', '存在主体责任压力传导层层递减的问题'],
      ['有的党支部“三会一课”流于形式', '有的党支部“三会一课”流于形式'],
    ]);
  });

  it('the team of a system\'s own Party committee keeps its name (市税务局党委第二巡察组); 对……的问题，…… is no problem heading', () => {
    const r = parse('市税务局党委第二巡察组关于巡察临溪县税务局党委的反馈意见\n根据市税务局党委部署，市税务局党委第二巡察组对临溪县税务局党委开展了巡察。');
    expect(r.meta.inspector).toBe('市税务局党委第二巡察组');
    const q = parse('中共某集团委员会关于巡察整改情况的通报\n二、整改落实情况\n①对安置房渗漏等群众反映强烈的问题，相关部门相互推脱。\n整改情况：成立专班逐户维修。已完成整改。\n②应收款项清收不力。\n整改情况：成立清收专班。');
    expect(findingsOf(q).map((f) => f.title)).toEqual(['对安置房渗漏等群众反映强烈的问题，相关部门相互推脱', '应收款项清收不力']);
  });
});

describe('layouts of docs29–31 (each failed before its fix)', () => {

  it('问题1 and 整改情况 alone on their lines (run-in headings saved from Word)', () => {
    const r = parse('中共某医院委员会关于巡察整改进展情况的通报\n二、巡察反馈问题整改落实情况\n问题1\n落实医改部署有差距。医联体建设推进缓慢。\n整改情况\n修订医联体实施方案。已完成整改。\n问题2\n纪委日常监督偏软。\n整改情况\n开展专项监督。正在整改中。');
    expect(rows(r)).toEqual([
      ['落实医改部署有差距', '修订医联体实施方案。已完成整改。', 'done'],
      ['纪委日常监督偏软', '开展专项监督。正在整改中。', 'in-progress'],
    ]);
  });

  it('1、 problems over an unlabelled answer that opens with its status (已整改。……); 1-1 area-item numbers; 问题：……整改：…… in one paragraph', () => {
    const r = parse('金桥社区党委关于巡察反馈问题整改情况的公示\n1、老旧小区改造推进慢，3个小区有2个没有开工。\n整改中。社区成立了工作小组，逐户征求意见。\n2、宣传栏内容长期不更新。\n已整改。清理了过期资料。');
    expect(rows(r)).toEqual([
      ['老旧小区改造推进慢，3个小区有2个没有开工', '整改中。社区成立了工作小组，逐户征求意见。', 'in-progress'],
      ['宣传栏内容长期不更新', '已整改。清理了过期资料。', 'done'],
    ]);
    expect(detectMarkerLabel('1-2 落实市委部署不到位')).toBe('1-2');
    expect(detectMarkerLabel('1-6月，全市完成投资')).toBeUndefined();
    const q = parse('中共某镇委员会关于巡察整改情况的通报\n问题：村级财务管理不规范，白条入账。整改：全面清理村级账目，目前已整改到位。\n问题：镇纪委日常监督偏软。整改：开展专项监督，此项工作需长期坚持。');
    expect(rows(q)).toEqual([
      ['村级财务管理不规范，白条入账', '全面清理村级账目，目前已整改到位。', 'done'],
      ['镇纪委日常监督偏软', '开展专项监督，此项工作需长期坚持。', 'long-term'],
    ]);
  });

  it('（一）…… over 表现在： and 1. 2. details is one problem; （一）在……方面。 followed by sentences is one problem a sentence, an example (如，) joined to the one before', () => {
    const r = parse('区委第二巡察组关于巡察区卫生健康委员会党委的反馈意见\n二、巡察发现的主要问题\n（一）落实卫生健康工作部署有差距\n表现在：\n1.医共体建设推进缓慢。\n2.达标率低。\n（二）医疗机构安全隐患排查整治不深不细\n表现在：\n1.监督检查频次不足。\n2.消防设施老化。\n三、意见建议\n（一）加强学习。');
    expect(titles(r)).toEqual(['落实卫生健康工作部署有差距', '医疗机构安全隐患排查整治不深不细']);
    const q = parse('省委第六巡视组关于巡视某省交通投资集团党委的反馈意见\n二、主要问题\n（一）在作风建设方面。违反中央八项规定精神问题禁而未绝。集团总部对基层考核检查过多过频。\n（二）在财务管理方面。招标采购管理不规范，部分工程化整为零。如，某公司将一项工程拆分为11个标段。国有资产管理粗放。');
    expect(titles(q)).toEqual(['违反中央八项规定精神问题禁而未绝', '集团总部对基层考核检查过多过频', '招标采购管理不规范，部分工程化整为零', '国有资产管理粗放']);
    expect(findingsOf(q)[2].text).toBe('招标采购管理不规范，部分工程化整为零。如，某公司将一项工程拆分为11个标段');
    expect(findingsOf(q)[0].heading_path).toEqual(['二、主要问题', '（一）在作风建设方面']);
  });

  it('news: 反馈指出，A，……；B，……；C…… and a colon over short comma clauses that each state a problem, continued by 同时，', () => {
    const r = parse('区委第三巡察组向临湖街道党工委反馈巡察情况\n反馈指出，学习贯彻不够深入系统，学习多以传达文件为主；落实城市更新部署推进不力；履行主体责任不到位，压力传导不够。\n巡察组要求，街道党工委要压实责任；抓好整改；建章立制。');
    expect(titles(r)).toEqual(['学习贯彻不够深入系统', '落实城市更新部署推进不力', '履行主体责任不到位']);
    const q = parse('区委第一巡察组向区自然资源局党组反馈巡察情况\n巡察组指出，区自然资源局党组做了大量工作，但也存在一些问题：学习贯彻不够深入，落实耕地保护决策部署有差距，意识形态工作责任制落实不到位。同时，形式主义问题仍然存在，财务管理不规范。\n巡察组要求，……。');
    expect(titles(q)).toEqual(['学习贯彻不够深入', '落实耕地保护决策部署有差距', '意识形态工作责任制落实不到位', '形式主义问题仍然存在', '财务管理不规范']);
  });

  it('a problem table attached as 附表, one cell a line, with area rows spanning it; the last row runs to its progress cell', () => {
    const r = parse('中共某市生态环境局党组关于巡察整改进展情况的通报\n一、整改工作基本情况\n局党组召开专题会议。\n二、具体问题整改落实情况\n具体问题整改落实情况见附表。\n附表\n序号\n反馈问题\n整改措施\n责任领导\n完成时限\n整改进展\n一、贯彻落实决策部署方面\n1\n学习贯彻不够深入系统。\n1.制定学习计划。\n2.建立调研机制。\n党组书记\n2023年9月底\n已完成\n二、财务管理方面\n2\n罚没收入管理不严格。\n1.逐案核查。\n2.全额上缴国库。\n分管副局长\n2023年10月底\n正在推进');
    expect(findingsOf(r).map((f) => [f.title, f.progress])).toEqual([
      ['学习贯彻不够深入系统', 'done'],
      ['罚没收入管理不严格', 'in-progress'],
    ]);
  });

  it('progress: 正在按计划推进; a status closing the paragraph before a 同时， paragraph; a paragraph on the leads handed over is no measure', () => {
    const r = parse('中共某厅党组关于巡视整改进展情况的通报\n（一）关于政治建设方面\n针对“文旅融合办法不多”问题，出台若干措施。目前整改工作正在按计划推进。\n针对“采购不规范”问题，修订采购办法，目前4个问题均已整改到位。\n同时，建立整改台账销号管理制度。\n针对巡视移交的问题线索，厅党组按规定进行了办理，目前已办结。');
    expect(findingsOf(r).map((f) => f.progress)).toEqual(['in-progress', 'done']);
    expect(findingsOf(r)[1].measures).not.toContain('问题线索');
  });
});

describe('layouts of docs32–34 (each failed before its fix)', () => {

  it('news: 其一，……；其二，…… clauses; 一是 lines with punctuation typed after the marker (五是：, 九是，)', () => {
    const r = parse('县委第三巡察组向青龙镇卫生院党支部反馈巡察情况\n巡察组指出，卫生院存在以下问题：其一，医共体建设推进不够有力，转诊工作缓慢；其二，支部主体责任落实有差距；其三，服务群众意识不强。');
    expect(titles(r)).toEqual(['医共体建设推进不够有力', '支部主体责任落实有差距', '服务群众意识不强']);
    const q = parse('县委第四巡察组关于巡察石桥镇党委的反馈意见\n二、存在的问题\n一是理论学习不够深入。学习流于形式。\n二是：为民服务“最后一公里”还没打通。群众办事多头跑。\n三是，财务报销制度执行不严。白条入账。');
    expect(titles(q)).toEqual(['理论学习不够深入', '为民服务“最后一公里”还没打通', '财务报销制度执行不严']);
  });

  it('areas stating problems in a sentence over lines led by a dash (——……), up to the leads paragraph', () => {
    const r = parse('区委第一巡察组关于巡察东关街道党工委的反馈意见\n二、巡察发现的主要问题\n（一）贯彻落实上级决策部署有差距。\n——学习贯彻不够系统深入。学习缺乏年度计划。\n——老旧小区改造推进不力。仅完工2个。\n（二）财经纪律执行不严。\n——财务支出审核把关不严。经费支出无明细。\n——国有资产底数不清。\n巡察中发现的问题线索，已按有关规定移交区纪委监委处理。\n三、整改意见\n——提高政治站位。');
    expect(titles(r)).toEqual(['学习贯彻不够系统深入', '老旧小区改造推进不力', '财务支出审核把关不严', '国有资产底数不清']);
  });

  it('rectification: headings closing with their status (（一）……（已完成）) over 针对……的问题 answers; 办公室牵头整改的问题 groups are no problems', () => {
    const r = parse('中国农业银行云岭东城支行党委关于巡察整改情况的通报\n二、巡察反馈问题整改落实情况\n（一）服务乡村振兴力度不够（已完成）\n针对涉农贷款增速低的问题，支行制定专项方案。\n（二）防范信贷风险存在薄弱环节（正在整改）\n针对贷后检查不到位的问题，支行开展排查。\n（三）营销费用使用管理不严格\n针对费用列支依据不足的问题，支行修订办法。');
    expect(findingsOf(r).map((f) => [f.title, f.progress])).toEqual([
      ['服务乡村振兴力度不够', 'done'],
      ['防范信贷风险存在薄弱环节', 'in-progress'],
      ['营销费用使用管理不严格', null],
    ]);
    const q = parse('中共某区卫生健康委员会党组关于巡察整改情况的通报\n（一）办公室牵头整改的问题\n1.党组会议落实“第一议题”制度不到位。\n整改情况：修订议事规则。已完成整改。\n2.机关公文运转效率不高。\n整改情况：建立督办机制。正在整改中。\n（二）财务审计科牵头整改的问题\n1.机关车辆管理存在漏洞。\n整改情况：修订车辆管理办法。已完成整改。');
    expect(titles(q)).toEqual(['党组会议落实“第一议题”制度不到位', '机关公文运转效率不高', '机关车辆管理存在漏洞']);
  });

  it('rectification: problems listed first and answered by number (针对第1个问题); questions and answers (问：……“……”…… / 答：……)', () => {
    const r = parse('中共某县住房和城乡建设局党组关于巡察整改情况的通报\n一、巡察反馈问题清单\n1.理论学习不够深入，学用结合不紧。\n2.老旧小区改造推进迟缓。\n二、整改落实情况\n（一）针对第1个问题。修订学习制度。已完成整改。\n（二）针对第2个问题。建立周调度机制。正在推进中。');
    expect(findingsOf(r).map((f) => [f.title, f.progress])).toEqual([
      ['理论学习不够深入，学用结合不紧', 'done'],
      ['老旧小区改造推进迟缓', 'in-progress'],
    ]);
    const q = parse('临川市公安局交通警察支队党委就巡察整改进展情况答问\n问：支队党委是如何组织开展巡察整改工作的？\n答：成立领导小组。\n问：巡察反馈指出“对‘两客一危’车辆源头监管存在盲区”，整改进展如何？\n答：开展专项整治。已完成整改。\n问：针对执法岗位监督制约机制不健全的问题，采取了哪些措施？\n答：梳理权力清单。正在推进中。');
    expect(findingsOf(q).map((f) => [f.title, f.measures, f.progress])).toEqual([
      ['对‘两客一危’车辆源头监管存在盲区', '开展专项整治。已完成整改。', 'done'],
      ['执法岗位监督制约机制不健全', '梳理权力清单。正在推进中。', 'in-progress'],
    ]);
  });

  it('the team of a firm or a bank: 市烟草专卖局（公司）党组第二巡察组, 云岭分行党委第二巡察组; 正在清收中 under a progress label', () => {
    expect(parse('关于巡察的反馈\n市烟草专卖局（公司）党组第二巡察组对县局开展了巡察。').meta.inspector).toBe('市烟草专卖局（公司）党组第二巡察组');
    expect(parse('关于巡察的反馈\n根据分行党委部署，云岭分行党委第二巡察组对支行开展了巡察。').meta.inspector).toBe('云岭分行党委第二巡察组');
    const r = parse('中共某局党组关于巡察整改情况的通报\n1.货款结算不规范。\n整改措施：推行电子结算。\n整改进展：已清收欠款15.2万元，剩余6.5万元正在清收中。\n2.制度不健全。\n整改措施：修订制度。\n整改进展：已完成。');
    expect(findingsOf(r).map((f) => f.progress)).toEqual(['in-progress', 'done']);
  });
});

describe('layouts of docs35–36 and the rowspan table of docs32 (each failed before its fix)', () => {
  const statuses = (r: ReturnType<typeof parse>) => findingsOf(r).map((f) => [f.title, f.progress]);

  it('rectification: （一）…… over 问题描述：/整改措施：/整改结果： (the result states the status); 【问题N】/【整改】/【状态】 paragraphs', () => {
    const r = parse('中共某县自然资源局党组关于巡察整改情况的通报\n（一）耕地保护决策部署落实不够到位\n问题描述：违法占用耕地图斑未按期整改。\n整改措施：开展专项整治。\n整改结果：已完成线索复核63条，此项工作需长期坚持。\n（二）登记窗口服务效率不高\n问题描述：群众等候时间长。\n整改措施：增设窗口。\n整改结果：已完成。');
    expect(statuses(r)).toEqual([['耕地保护决策部署落实不够到位', 'long-term'], ['登记窗口服务效率不高', 'done']]);
    const q = parse('江州市中心医院党委关于巡察整改进展情况的通报\n【问题1】落实院长负责制不到位。\n【整改】修订议事规则。\n【状态】已完成\n【问题2】医联体建设措施不实。\n【整改】组建专科联盟。\n【状态】正在推进');
    expect(statuses(q)).toEqual([['落实院长负责制不到位', 'done'], ['医联体建设措施不实', 'in-progress']]);
  });

  it('news: 巡察发现，1.……；2.……；3.…… in one paragraph; paragraphs opened by 巡视发现，/巡视还发现，/同时，巡视指出，', () => {
    const r = parse('区委第一巡察组向白沙镇党委反馈巡察情况\n巡察发现，1.整治部署推进较慢；2.镇党委对“小微权力”监督不到位；3.为群众办实事主动性不强，项目推进拖沓。\n巡察组要求，镇党委要抓好整改。');
    expect(findingsOf(r).map((f) => f.title)).toEqual(['整治部署推进较慢', '镇党委对“小微权力”监督不到位', '为群众办实事主动性不强']);
    const q = parse('省委第三巡视组向中共江岭市委反馈巡视情况\n巡视发现，市委贯彻落实生态保护决策部署不够有力，搬迁改造推进迟缓。\n巡视还发现，一些干部遇到矛盾绕着走。\n同时，巡视指出，形式主义问题仍然存在，文件会议多。\n巡视组要求，江岭市委要认真落实整改主体责任。');
    expect(findingsOf(q).map((f) => f.title)).toEqual(['市委贯彻落实生态保护决策部署不够有力，搬迁改造推进迟缓', '一些干部遇到矛盾绕着走', '形式主义问题仍然存在，文件会议多']);
  });

  it('a rectification news paragraph of 针对……的问题，…… sentences, each answered up to the next, the paragraph closing the last', () => {
    const r = parse('泸阳市巡视整改工作取得阶段性成效\n据悉，泸阳市认真抓好整改。针对营商环境优化不到位的问题，该市精简审批事项，已完成整改。针对主体责任压力传导不够的问题，该市制定责任清单，正在持续推进。\n泸阳市委表示，将持续巩固整改成果。');
    expect(findingsOf(r).map((f) => [f.title, f.measures, f.progress])).toEqual([
      ['营商环境优化不到位', '该市精简审批事项，已完成整改。', 'done'],
      ['主体责任压力传导不够', '该市制定责任清单，正在持续推进。', 'in-progress'],
    ]);
  });

  it('an HTML table whose 问题领域 cells span several rows: rows without that cell keep their problem', () => {
    const r = parse('中共某区人社局党组关于巡察整改进展情况的通报\n二、巡察反馈问题整改进展情况\n序号\n问题领域\n反馈问题\n整改措施\n责任领导\n完成时限\n整改进展\n1\n贯彻落实决策部署方面\n稳就业政策落实不够精准。\n1.核查公益性岗位。\n副局长\n2024年3月底\n已完成。\n2\n根治欠薪工作推进不够有力。\n1.开展欠薪排查。\n2024年6月底\n正在推进。');
    expect(statuses(r)).toEqual([['稳就业政策落实不够精准', 'done'], ['根治欠薪工作推进不够有力', 'in-progress']]);
  });
});

describe('layouts of docs37–38 (each failed before its fix)', () => {
  it('rectification: 一、关于……的问题 sections over （一）…… problems that carry their own 整改措施：/整改进展：', () => {
    const r = parse('中共某县农业农村局党组关于巡察整改进展情况的通报\n一、关于贯彻落实上级决策部署不够到位的问题\n（一）推进乡村振兴战略措施不够有力。产业链条短。\n整改措施：一是修订规划；二是评估项目。\n整改进展：已完成整改。\n（二）落实粮食安全党政同责有差距。建设任务滞后。\n整改措施：制定管护办法。\n整改进展：正在推进。\n二、关于作风建设不够扎实的问题\n（一）违规发放津贴补贴。以加班误餐名义发放补贴。\n整改措施：全额清退。\n整改进展：已完成整改。');
    expect(findingsOf(r).map((f) => [f.title, f.progress])).toEqual([
      ['推进乡村振兴战略措施不够有力', 'done'],
      ['落实粮食安全党政同责有差距', 'in-progress'],
      ['违规发放津贴补贴', 'done'],
    ]);
  });

  it('a 关于……的问题 heading over measures numbered （一）（二） stays the problem', () => {
    const r = parse('中共某县农业农村局党组关于巡察整改进展情况的通报\n一、关于理论学习不深入的问题\n（一）完善学习制度。整改措施：修订中心组学习规则。\n（二）开展专题研讨。整改措施：每季度研讨一次。\n二、关于财务管理不规范的问题\n整改措施：修订财务制度。');
    expect(findingsOf(r).map((f) => f.title)).toEqual(['理论学习不深入', '财务管理不规范']);
  });
});

describe('layouts of docs41–42 (each failed before its fix)', () => {
  it('an unnumbered 巡察整改意见建议 heading: its （一）（二） items are suggestions, not findings', () => {
    const r = parse('县委第一巡察组关于巡察县科学技术局党组的反馈意见\n巡察发现的主要问题\n一、在作风建设方面\n1.形式主义问题仍有存在。以文件落实文件。\n2.落实中央八项规定精神不够严格。公务接待费用列支不规范。\n巡察整改意见建议\n（一）强化政治建设，提高政治站位。严格落实第一议题制度。\n（二）压紧压实管党治党责任。班子成员落实一岗双责。');
    expect(findingsOf(r).map((f) => f.title)).toEqual(['形式主义问题仍有存在', '落实中央八项规定精神不够严格']);
  });
});

describe('layouts of docs39–40 (each failed before its fix)', () => {
  it('"10.110接处警……" after item 9 is item 10, not a decimal; 3.2亿元 opening a line is not an item', () => {
    const items = Array.from({ length: 9 }, (_, i) => `${i + 1}.第${i + 1}项工作落实不到位。具体表现略。`).join('\n');
    const r = parse(`县委第二巡察组关于巡察县公安局党委的反馈意见\n二、巡察发现的主要问题\n${items}\n10.110接处警响应不够及时。部分派出所出警超时。\n3.2亿元专项资金拨付滞后。`);
    expect(findingsOf(r).map((f) => f.title).slice(8)).toEqual(['第9项工作落实不到位', '110接处警响应不够及时']);
  });

  it('status sentences: 仍在推进中, 属长期整改事项, 是一项长期工作; a part 已完成 with the rest 正在修订 or 长期整改任务', () => {
    const r = parse('中共某县供销社党组关于巡察整改情况的报告\n一、关于社有资产出租管理混乱的问题\n1.开展清产核资。\n目前，欠租清收工作仍在推进中。\n二、关于干部队伍年龄老化的问题\n1.招聘专业人才。\n该问题属长期整改事项，将持续推进。\n三、关于发展党员工作滞后的问题\n1.确定积极分子。\n培养发展党员是一项长期工作，我们将持续抓下去。');
    expect(findingsOf(r).map((f) => f.progress)).toEqual(['in-progress', 'long-term', 'long-term']);
    const q = parse('国家税务总局某市税务局党委关于巡察整改进展情况的通报\n问题1：执法风险疑点应对质量不高。\n整改措施：开展疑点复核。\n整改进展：疑点抽查复核已完成，执法过错责任追究办法正在修订，预计2024年1月底前印发。\n问题2：党支部建设质量不高。\n整改措施：开展评估。\n整改进展：已完成首轮支部建设质量评估，该项为长期整改任务，将持续推进。\n问题3：发票管理不规范。\n整改措施：全面清理。\n整改进展：已完成整改，将持续巩固。');
    expect(findingsOf(q).map((f) => f.progress)).toEqual(['in-progress', 'long-term', 'done']);
  });
});

describe('layouts of docs43–44 (each failed before its fix)', () => {
  const progress = (r: ReturnType<typeof parse>) => findingsOf(r).map((f) => f.progress);

  it('statuses in so many words: 已于……前整改完毕, 常态化推进, 仍在核实处理中, 尚在进行中，预计……完成, a 下一步 sentence after the status', () => {
    const r = parse('中共某县住房公积金管理中心党组关于巡察整改进展情况的通报\n问题1：理论学习不深入。\n整改情况：修订学习制度，开展专题研讨4次。该问题已于2023年11月底前整改完毕。\n问题2：廉政风险防控机制不健全。\n整改情况：已于2023年10月底前整改完毕。梳理风险点36个，制定防控措施52条。\n问题3：主体责任落实不到位。\n整改情况：制定责任清单。该项工作将常态化推进，持续压紧压实责任。\n问题4：往来款长期挂账。\n整改情况：已清理11笔，尚有3笔因涉及历史遗留问题仍在核实处理中。\n问题5：资产清查不彻底。\n整改情况：已完成9个村的清查，其余3个村的清查工作尚在进行中，预计2024年5月底完成。\n问题6：租金拖欠。\n整改情况：该问题已全部整改完成，拖欠租金已全部收回。下一步，中心将持续加强资产管理，防止问题反弹。');
    expect(progress(r)).toEqual(['done', 'done', 'long-term', 'in-progress', 'in-progress', 'done']);
  });

  it('statuses under 整改成效：/整改结果：: the first sentence of the result; a stage done while the rest goes on; a task going on that is called long-term', () => {
    const r = parse('宁州城市建设投资集团党委关于巡察整改进展情况的通报\n一、关于政治建设方面\n1.服务全市重点工程不够有力。\n整改措施：建立项目推进机制。\n整改成效：该问题已整改到位。2023年完成投资86.5亿元，同比增长18%。\n2.意识形态工作责任制落实不到位。\n整改措施：修订实施细则。\n整改结果：阶段性整改任务已完成，专题研究已开展；宣传阵地排查仍在持续推进，已排查账号17个。\n3.基层党组织建设薄弱。\n整改措施：开展支部达标创建。\n整改成效：目前，支部标准化建设正在按计划推进，集团党委将把支部建设作为一项长期任务，持续抓下去。');
    expect(progress(r)).toEqual(['done', 'in-progress', 'long-term']);
  });

  it('a numbered problem over 一是/二是 measure lines is the finding, not dropped with its measures', () => {
    const r = parse('中共某镇委员会关于巡察反馈意见整改情况的报告\n二、反馈问题整改落实情况\n1.落实乡村振兴战略部署不够有力，村集体经济发展不平衡。\n镇党委召开专题会议，一是实施项目；二是盘活资产。目前正在推进中。\n2.生态环境保护责任落实不到位，河道保洁存在监管盲区。\n一是全面落实河长制，聘请保洁员；二是实行网格化责任制；三是清理垃圾点。该问题已整改完成。\n3.村级党组织建设薄弱，发展党员程序不规范。\n镇党委复查档案，已整改完成。');
    expect(findingsOf(r).map((f) => [f.title, f.progress])).toEqual([
      ['落实乡村振兴战略部署不够有力，村集体经济发展不平衡', 'in-progress'],
      ['生态环境保护责任落实不到位，河道保洁存在监管盲区', 'done'],
      ['村级党组织建设薄弱，发展党员程序不规范', 'done'],
    ]);
  });

  it('news: a 巡视发现 paragraph of several problem sentences gives one finding a sentence; a detail sentence stays with its problem', () => {
    const r = parse('省委第五巡视组向临江市委反馈巡视情况\n巡视发现，市委学习贯彻党的创新理论不够深入系统，推动工作还有差距。贯彻新发展理念推动高质量发展有差距，产业转型升级步伐不快。\n巡视还发现，全面从严治党压力传导不够有效，监督不够有力。部分县区整改不彻底，问题反弹。\n巡视组要求，临江市委要认真抓好整改。');
    expect(findingsOf(r).map((f) => f.title)).toEqual([
      '市委学习贯彻党的创新理论不够深入系统，推动工作还有差距',
      '贯彻新发展理念推动高质量发展有差距，产业转型升级步伐不快',
      '全面从严治党压力传导不够有效，监督不够有力',
    ]);
  });

  it('news: numbered problems quoted inside an account of the meeting stay news; ……问题：1.A；2.B；3.C titles without their numbers', () => {
    const r = parse('巡察进行时｜县委第三巡察组向县医疗保障局党组反馈巡察情况\n9月12日，县委第三巡察组向县医疗保障局党组反馈巡察情况。\n反馈会上，县委第三巡察组组长通报了巡察发现的问题。\n巡察指出的主要问题\n（一）医保基金监管责任落实不到位，查处不及时。\n（二）党组落实全面从严治党主体责任有差距，风险排查不全面。\n（三）窗口服务作风有待改进，群众多次跑腿。\n县医疗保障局党组书记表示，将照单全收、立行立改。');
    expect(r.meta.kind).toBe('feedback-news');
    const q = parse('县委第四巡察组向县文化和旅游局党组反馈巡察情况\n巡察组指出，该局党组在全面从严治党等方面还存在以下问题：1.落实意识形态工作责任制不够到位，阵地管理不严；2.推动文旅融合发展成效不明显，项目推进缓慢；3.党组落实主体责任不够有力，压力传导不够。\n巡察组要求，该局党组要抓好整改。');
    expect(findingsOf(q).map((f) => f.title)).toEqual(['落实意识形态工作责任制不够到位', '推动文旅融合发展成效不明显', '党组落实主体责任不够有力']);
  });
});
