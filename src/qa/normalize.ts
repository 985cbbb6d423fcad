/**
 * Text normalisation for real-world documents: full-width forms, odd spacing inside
 * Chinese names (张  帆 → 张帆), mixed quotes.
 */

const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
/** A single Chinese character, spaces, a single Chinese character: a spaced-out name (张  帆). */
const SPACED_NAME = new RegExp(`(^|[^${CJK}])([${CJK}])[ \\t\\u3000\\u00a0]+([${CJK}])(?![${CJK}])`, 'gm');

/** Full-width punctuation that reads better kept in Chinese text. */
const KEEP_FULLWIDTH = '，；：（）！？';

/** Display form: full-width letters/digits/symbols to ASCII (Chinese punctuation kept), collapsed spaces, spaces between Chinese characters removed. */
export function normalizeDisplay(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[\uff01-\uff5e]/g, (c) =>
      KEEP_FULLWIDTH.includes(c) ? c : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
    )
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(SPACED_NAME, '$1$2$3')
    .replace(/[ \t\u3000\u00a0]+/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .join('\n');
}

/** Search form: display form plus unified quotes/dashes, lower-case Latin. */
export function normalizeSearch(s: string): string {
  return normalizeDisplay(s)
    .normalize('NFKC')
    .replace(/[“”„‟"「」『』]/g, '"')
    .replace(/[‘’‚‛']/g, "'")
    .replace(/[—–―]+/g, '-')
    .toLowerCase();
}

/** Compare form used by the evaluation: NFKC with all whitespace removed. */
export function normalizeCompare(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '');
}
