/**
 * Chinese integer numerals, shared by the Q&A index, the form answers and the calendar:
 * 三, 两, 仨, 十二, 一百零五, 三万五千, 一万二 (= 12000), 一亿五千万, 二〇〇八 (digit by digit), 财务大写
 * 壹贰叁肆伍陆柒捌玖拾佰仟 (壹佰贰拾, 陆佰伍拾, 拾肆), and plain Arabic digits, half- or full-width ("7", "７").
 */

export const ZH_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  壹: 1,
  二: 2,
  贰: 2,
  两: 2,
  俩: 2,
  三: 3,
  叁: 3,
  仨: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};
const SMALL: Readonly<Record<string, number>> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG: Readonly<Record<string, number>> = { 万: 10_000, 亿: 100_000_000 };

/** Every character a Chinese integer numeral may use (digits, 十百千 and their 大写 forms, 万, 亿). */
export const ZH_NUMERAL_CHARS = '零〇一壹二贰两俩三叁仨四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿';

/** A Chinese (or Arabic-digit) integer, or null when the string is not one. */
export function parseChineseInt(s: string): number | null {
  const ascii = s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (/^\d+$/.test(ascii)) return Number(ascii);
  const chars = [...s];
  if (chars.length === 0 || !chars.every((c) => ZH_NUMERAL_CHARS.includes(c))) return null;
  // Digit-by-digit reading without any unit: 二〇〇八 → 2008.
  if (chars.length > 1 && chars.every((c) => c in ZH_DIGITS)) {
    return Number(chars.map((c) => ZH_DIGITS[c]).join(''));
  }
  let yi = 0; // amount already multiplied by 亿
  let wan = 0; // amount since the last 亿, already multiplied by 万
  let section = 0; // below 万
  let num = 0;
  let sawDigit = false;
  let lastUnit = 0;
  for (const c of chars) {
    const d = ZH_DIGITS[c];
    const small = SMALL[c];
    if (d !== undefined) {
      num = d;
      sawDigit = true;
    } else if (small !== undefined) {
      section += (sawDigit ? num : 1) * small;
      num = 0;
      sawDigit = false;
      lastUnit = small;
    } else if (c === '万') {
      const part = section + num;
      // A bare 万 reads as 一万.
      wan = (wan + (part === 0 && !sawDigit && wan === 0 && yi === 0 ? 1 : part)) * BIG[c]!;
      section = 0;
      num = 0;
      sawDigit = false;
      lastUnit = BIG[c]!;
    } else {
      const part = wan + section + num;
      yi = (yi + (part === 0 && !sawDigit && yi === 0 ? 1 : part)) * BIG[c]!;
      wan = 0;
      section = 0;
      num = 0;
      sawDigit = false;
      lastUnit = BIG[c]!;
    }
  }
  // 一百二 → 120, 一万二 → 12000: a lone digit right after a unit counts one step lower.
  if (sawDigit && num > 0 && lastUnit >= 100 && chars.length >= 3) {
    const before = chars[chars.length - 2]!;
    if (before in SMALL || before in BIG) num *= lastUnit / 10;
  }
  return yi + wan + section + num;
}
