/**
 * Lists of kinds inside one field, read only where the reading is unambiguous:
 * - a run of items, each introduced by a different kind the field counts (岗位练兵3场、技术比武1场、
 *   技能竞赛2场 → 6; 新增技师3人、高级技师1人 → 4) is summed; two items of the same kind (一车间培训2场，
 *   二车间培训3场) are not, and neither are items that other numbers separate;
 * - 各 after a list of kinds (技术比武和技能竞赛各一项 → 2): the number times the kinds listed.
 */
import type { Quantity } from './read.js';

export interface Claim {
  q: Quantity;
  /** The value this field would take from it (the number, or the number × the kinds listed before 各). */
  v: number;
  /** The longest cue of the field's first group introducing the number (技师, 高级技师); '' if none. */
  kind: string;
  /** Position of the quantity among all the paragraph's quantities. */
  index: number;
}

/** The cue of `cues` nearest the end of `lead` (the kind a list item names; 高级技师 over 技师), or ''. */
export function kindOf(lead: string, cues: string[]): string {
  let best = '';
  let end = -1;
  for (const c of cues) {
    const i = lead.lastIndexOf(c);
    if (i < 0) continue;
    const e = i + c.length;
    if (e > end || (e === end && c.length > best.length)) [best, end] = [c, e];
  }
  return best;
}

const JOIN = /和|与|及|以及|、|跟|同|还有/;
/** The lead of a list's next item: a list mark, then the item (、高级技师; 和技能竞赛). */
const LIST_LEAD = /^\s*(?:、|和|与|及|以及|还有|另有)/;

/** 技术比武和技能竞赛各一项: how many kinds (each naming a different cue) stand before 各; null if not a list of kinds. */
export function distributed(lead: string, cues: string[]): number | null {
  const m =
    /([^，、；：]*?(?:(?:和|与|及|以及|、|跟|同|还有)[^，；：各]*?)+)各(?!类|种|项|级|界|地|式|方面)[^，、]{0,6}$/.exec(
      lead,
    );
  if (!m) return null;
  const items = m[1]!.split(JOIN).filter((s) => s.trim() !== '');
  if (items.length < 2) return null;
  const kinds = items.map((s) => kindOf(s, cues));
  if (kinds.some((k) => k === '') || new Set(kinds).size !== kinds.length) return null;
  return items.length;
}

/** Claims that are one list (、和及) of different kinds in one clause: their sum; else null. */
export function listSum(cs: Claim[]): number | null {
  if (cs.length < 2) return null;
  const sorted = [...cs].sort((a, b) => a.index - b.index);
  for (const [i, c] of sorted.entries()) {
    if (!c.kind) return null;
    if (i === 0) continue;
    const prev = sorted[i - 1]!;
    if (c.index !== prev.index + 1 || c.q.clause !== prev.q.clause || !LIST_LEAD.test(c.q.lead)) return null;
  }
  if (new Set(sorted.map((c) => c.kind)).size !== sorted.length) return null;
  return sorted.reduce((s, c) => s + c.v, 0);
}

/** Claims naming different kinds (so different things), e.g. to keep 技术比武1场 … 技能竞赛1场 from reading as 1. */
export const differentKinds = (cs: Claim[]): boolean =>
  cs.every((c) => c.kind !== '') && new Set(cs.map((c) => c.kind)).size > 1;
