/**
 * CJK Radicals Supplement (U+2E80–U+2EFF) → the equivalent unified ideograph, from the Unicode data
 * file EquivalentUnifiedIdeograph.txt (Unicode 14). Kangxi Radicals (U+2F00–U+2FDF) need no table:
 * NFKC maps them. PDF text layers often carry these code points (the font's ToUnicode maps the shared
 * glyph of 见/⻅, 自/⾃ to the radical), so text that looks right reads 意⻅, ⾃然.
 */
const FROM = [..."⺁⺂⺃⺄⺅⺆⺇⺈⺉⺊⺋⺌⺍⺎⺏⺐⺑⺒⺓⺔⺕⺖⺗⺘⺙⺛⺜⺝⺞⺟⺠⺡⺢⺣⺤⺥⺦⺧⺨⺩⺪⺫⺬⺭⺮⺯⺰⺱⺲⺳⺴⺵⺶⺷⺸⺹⺺⺻⺼⺽⺾⺿⻀⻁⻂⻃⻄⻅⻆⻇⻈⻉⻊⻋⻌⻍⻎⻏⻐⻑⻒⻓⻔⻕⻖⻗⻘⻙⻚⻛⻜⻝⻞⻟⻠⻡⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰⻱⻲⻳"];
const TO = [..."厂乛乚乙亻冂𠘨刀刂卜㔾小小兀尣尢𡯂巳幺彑彐忄心扌攵旡日月歺母民氵氺灬爫爫丬牛犭王𤴔目示礻𥫗糹纟罓罒㓁冗𦉫羊𦍌𦍋耂肀聿肉𦥑艹艹艹虎衤覀西见角𧢲讠贝𧾷车辶辶辶邑钅長镸长门𨸏阝雨青韦页风飞食𩙿飠饣𩠐马骨鬼鱼鸟卤麦黄黾斉齐歯齿竜龙龜亀龟"];
const TABLE = new Map<string, string>(FROM.map((c, i) => [c, TO[i]]));

/** Replace CJK radical code points with the ideographs they stand for. May change string length (a few map outside the BMP). */
export function unifyRadicals(text: string): string {
  return text.replace(/[\u2e80-\u2eff\u2f00-\u2fdf]/g, (ch) => TABLE.get(ch) ?? ch.normalize('NFKC'));
}
