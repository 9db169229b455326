import { describe, expect, it } from 'vitest';
import { loadRuleSet, type RuleSet } from '../../src/rules/index.js';
import { getSegmenter } from '../../src/segment/index.js';
import { Tagger } from '../../src/tag/index.js';
import { finding } from './helpers/records.js';

const seg = getSegmenter();
const res = loadRuleSet();
if (!res.ok) throw new Error('default rules do not load');
const rules: RuleSet = res.value;
const tagger = new Tagger(rules, seg);
const words = (text: string) => tagger.tag(finding(text), text).evidence.flatMap((e) => e.terms);

describe('terms match on word boundaries', () => {
  it('"作风" is not found inside "工作风采" (工作|风采), but is in "工作作风"', () => {
    expect(words('开展工作风采评比活动，营造比学赶超氛围')).not.toContain('作风');
    expect(words('防范工作风险')).not.toContain('作风');
    expect(words('工作作风不严不实')).toContain('工作作风');
    expect(words('改进工作作风')).toEqual(expect.arrayContaining(['工作作风']));
    expect(words('作风不严不实')).toContain('作风');
    expect(words('作风转变不够到位')).toContain('作风转变'); // the longer term wins the overlap
  });

  it('"公款" is not found inside "办公款项" (办公|款项), but is on its own', () => {
    expect(words('办公款项已按期结清')).not.toContain('公款');
    expect(words('存在挪用公款问题')).toContain('公款');
  });

  it('dev rows d41–d43 (praise, procedure, 工作风采) come out none', () => {
    for (const t of ['该单位连续三年获评市级文明单位。', '巡察期间共开展个别谈话56人次，受理来信来访12件。', '开展工作风采评比活动，营造比学赶超氛围。']) {
      const r = tagger.tag(finding(t), t);
      expect(r.primary, t).toBe('none');
      expect(r.categories).toEqual(['none']);
    }
  });

  it('the same words match in traditional characters and full-width forms', () => {
    expect(words('工作作風不嚴不實')).toContain('工作作风');
    expect(words('財務支出不規範')).toContain('财务支出');
    expect(words('存在“小金庫”')).toContain('小金库');
  });
});
