/** Chinese numerals as used in numbering and dates (一…九十九, 〇/零 digits). */

const DIGIT: Record<string, number> = {
  〇: 0, 零: 0, '○': 0, Ｏ: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** "一" → 1, "十二" → 12, "二十" → 20, "九十九" → 99; null when not a numeral below 1000. */
export function chineseToInt(s: string): number | null {
  if (s.length === 0 || s.length > 6) return null;
  if (/^\d+$/.test(s)) return Number(s);
  let total = 0;
  let cur = 0;
  for (const ch of s) {
    if (ch in DIGIT) cur = DIGIT[ch];
    else if (ch === '十') { total += (cur || 1) * 10; cur = 0; }
    else if (ch === '百') { total += (cur || 1) * 100; cur = 0; }
    else return null;
  }
  return total + cur;
}

/** "二〇二一" → 2021 (digit by digit, for years). */
export function chineseDigitsToInt(s: string): number | null {
  let v = 0;
  for (const ch of s) {
    if (!(ch in DIGIT)) return null;
    v = v * 10 + DIGIT[ch];
  }
  return s.length ? v : null;
}

/** Parse either Arabic digits or a Chinese numeral. */
export function numeralValue(s: string): number | null {
  return /^\d{1,4}$/.test(s) ? Number(s) : chineseToInt(s);
}
