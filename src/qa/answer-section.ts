import { normalizeSearch } from './normalize.js';
import { type BuiltQuery, coverage } from './query.js';
import type { Passage } from './types.js';

/**
 * Whole-section answers: a list question (包括哪些, 有哪几项) about a document section whose items
 * are separate passages (附件二 二、1 … 二、4) is answered with the section's items, each with its
 * locator, instead of one of its paragraphs.
 */

/** 附件二 二、1 → 附件二 二; 四（确立先进理念） → 四; 三、(一) → 三; 第四十四条 → null. */
export function parentLocator(locator: string): string | null {
  const m = /^(.+?)(、\s*[(（]?[一二三四五六七八九十\d]+[)）]?|（[^（）]+）|\([^()]+\))$/.exec(locator.trim());
  return m?.[1] ? m[1].trim() : null;
}

const sections = new WeakMap<Passage[], Map<string, Passage[]>>();

/** The passages of the section `p` belongs to (itself included), in document order; [] if none. */
export function sectionOf(passages: Passage[], p: Passage): Passage[] {
  let map = sections.get(passages);
  if (!map) {
    map = new Map();
    for (const x of passages) {
      const parent = parentLocator(x.locator);
      if (parent === null) continue;
      const key = `${x.doc}\u0000${parent}`;
      map.set(key, [...(map.get(key) ?? []), x]);
    }
    sections.set(passages, map);
  }
  const parent = parentLocator(p.locator);
  return parent === null ? [] : (map.get(`${p.doc}\u0000${parent}`) ?? []);
}

/** Heading parts all items share (the section's own heading). */
function sharedHeading(items: Passage[]): string[] {
  const parts = items.map((x) => x.heading.split(' ').filter(Boolean));
  const first = parts[0] ?? [];
  let n = 0;
  while (n < first.length && parts.every((ps) => ps[n] === first[n])) n++;
  return first.slice(0, n);
}

/** An item's label: its own heading part, else its first sentence. */
function itemLabel(p: Passage, shared: number): string {
  const own = p.heading.split(' ').filter(Boolean).slice(shared).join(' ');
  if (own) return own;
  const first = /^[^。；！？\n]+/.exec(p.text)?.[0] ?? p.text;
  return first.length > 60 ? `${first.slice(0, 60)}…` : first;
}

/** Answer with the whole section when this shares this much of the question's key words. */
export const SECTION_COVER = 0.5;

export interface SectionAnswer {
  locator: string;
  title: string;
  /** Share of the question's key-word weight the section's own heading carries. */
  cover: number;
  items: { locator: string; label: string }[];
}

/** The section answer for a list question, or null when one passage is the better answer. */
export function sectionAnswer(q: BuiltQuery, passages: Passage[], top: Passage): SectionAnswer | null {
  if (q.asks !== 'list') return null;
  const items = sectionOf(passages, top);
  if (items.length < 2) return null;
  const shared = sharedHeading(items);
  const parent = parentLocator(top.locator) ?? '';
  const sectionText = normalizeSearch(`${top.doc} ${top.title} ${shared.join(' ')} ${parent}`);
  // Words unknown to the corpus (列出) and counts (四项, 4) cannot be in a heading: not the topic.
  const unknownIdf = Math.log(1 + (passages.length + 0.5) / 0.5) - 1e-6;
  const keys = q.keys.filter(
    (k) =>
      k.idf < unknownIdf && !/^\d/.test(k.word) && !/^[一二两三四五六七八九十]+(项|个|条|种|类|方面)$/.test(k.word),
  );
  const cov = coverage(keys, sectionText);
  const own = coverage(keys, normalizeSearch(`${sectionText} ${top.text}`));
  // The section's heading must carry the question, not the one passage's text.
  if (cov < SECTION_COVER || cov < 0.8 * own) return null;
  return {
    locator: parent,
    title: shared[shared.length - 1] ?? parent,
    cover: cov,
    items: items.map((p) => ({ locator: p.locator, label: itemLabel(p, shared.length) })),
  };
}

/**
 * The section answer among the best passages: the best passage's section, else the section of a
 * runner-up of the same document (within the first five) whose heading alone carries as much of
 * the question as the best passage does with its text, the one carrying most (工作要点里的工作重点
 * 分别是什么: the items under 工作重点, not the paragraph on 指导思想 that mentions a 重点).
 */
export function sectionAnswerAmong(
  q: BuiltQuery,
  passages: Passage[],
  ranked: { passage: Passage; coverage: number }[],
): SectionAnswer | null {
  const top = ranked[0];
  if (!top || q.asks !== 'list') return null;
  const own = sectionAnswer(q, passages, top.passage);
  if (own) return own;
  let best: SectionAnswer | null = null;
  for (const r of ranked.slice(1, 5)) {
    if (r.passage.doc !== top.passage.doc) continue;
    const s = sectionAnswer(q, passages, r.passage);
    if (s && s.cover >= top.coverage && s.cover > (best?.cover ?? 0)) best = s;
  }
  return best;
}

/** The section as answer text: its title, then one line per item with its locator. */
export function sectionText(s: SectionAnswer): string {
  return `${s.title}：\n${s.items.map((it, i) => `${i + 1}. ${it.label}（${it.locator}）`).join('\n')}`;
}
