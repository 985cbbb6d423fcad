/** “There was none” statements: a field named with 没有/暂无 and no number fills 0 (events only). */
import { REPORT_LEXICON, type ReportLexicon } from './definitions/lexicon.js';
import type { ReadClause } from './read.js';
import type { FieldDef } from './types.js';

const ESC = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const hasAny = (s: string, words: string[]) => words.some((w) => s.includes(w));

/** Fields a clause says there was none of (没有组织培训 → 培训场次 0; 新建学习型班组暂无 → 0). */
export function zeroStatements(
  fields: FieldDef[],
  clauses: ReadClause[],
  lex: ReportLexicon = REPORT_LEXICON,
): Record<string, number> {
  const out: Record<string, number> = {};
  const before = lex.noneBefore.map(ESC).join('|');
  const after = lex.noneAfter.map(ESC).join('|');
  clauses.forEach((c, i) => {
    if (c.quantities.length > 0) return;
    for (const f of fields) {
      const rule = f.extract;
      if (!rule?.zero) continue;
      const named = rule.all.every(
        (g) =>
          hasAny(c.text, g) || (i > 0 && clauses[i - 1]!.sentence === c.sentence && hasAny(clauses[i - 1]!.text, g)),
      );
      if (!named) continue;
      const cues = rule.all.flat().map(ESC).join('|');
      const none = new RegExp(
        `(?:${before})(?:开展|组织|举办|搞|进行|安排|开|办|有)?[^，]{0,4}?(?:${cues})|(?:${cues}).{0,8}?(?:${after})(?:新增|新建|了)?$`,
      );
      if (none.test(c.text)) out[f.key] = 0;
    }
  });
  return out;
}
