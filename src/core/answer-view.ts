import { translate } from './i18n.js';
import type { Citation, Lang, Reply } from './types.js';
import { parseChineseInt } from './zh-numerals.js';

/**
 * How a Q&A answer reads in a chat, decided once for every channel: lead with the rule (the reply
 * text), cite the article that states it, quote that article once (channels collapse it where they
 * can), and list other articles under 相关条文 only when they add something.
 */
export interface AnswerView {
  /** The rule, one or two sentences (the reply text). */
  lead: string;
  /** "已经工会办公室确认" on a curated answer. */
  confirmed: string | null;
  /** The citation that states the rule. */
  source: { label: string; quote: string | null } | null;
  /** Other articles worth reading, by label, with their quote. */
  related: { label: string; quote: string }[];
  labels: { source: string; related: string; quote: string };
}

/** At most this many related articles are listed. */
export const MAX_RELATED = 3;

/** `劳动法(2018-12-29)` → `劳动法`: the file name's date suffix is not part of the title. */
export function docTitle(doc: string): string {
  return doc.replace(/\s*[（(]\d{4}(?:-\d{1,2}){0,2}[)）]\s*$/u, '').trim() || doc;
}

/** `第四十四条` → `Article 44` (English answers name the article in English beside the Chinese). */
export function englishLocator(locator: string): string | null {
  const m = /^第([零〇一二两三四五六七八九十百千\d]+)条$/u.exec(locator.trim());
  if (!m) return null;
  const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : parseChineseInt(m[1]!);
  return n === null ? null : `Article ${n}`;
}

/** `《劳动法》第四十四条`, in English `《劳动法》第四十四条 (Article 44)`. */
export function citeLabel(c: Pick<Citation, 'doc' | 'locator'>, lang: Lang = 'zh'): string {
  const base = `《${docTitle(c.doc)}》${c.locator}`;
  const en = lang === 'en' ? englishLocator(c.locator) : null;
  return en ? `${base} (${en})` : base;
}

const squash = (s: string): string => s.replace(/[\s，。、；：:;,.!?！？“”"'（）()《》]+/gu, '');

/** True when `inner` says nothing `outer` does not already say (ignoring spacing and punctuation). */
function containedIn(inner: string, outer: string): boolean {
  const a = squash(inner);
  return a === '' || squash(outer).includes(a);
}

/** The answer layout of a reply, or null when the reply is not a Q&A answer. */
export function answerView(reply: Reply): AnswerView | null {
  const meta = reply.answer;
  if (!meta) return null;
  const lang = meta.lang;
  const cites = reply.citations ?? [];
  const first = cites[0];
  const lead = reply.text.trim();
  let source: AnswerView['source'] = null;
  if (first) {
    const quote = first.quote.trim();
    // The quote is shown once: not at all when the lead already says all of it.
    source = { label: citeLabel(first, lang), quote: quote === '' || containedIn(quote, lead) ? null : quote };
  }
  const seen = new Set(first ? [`${first.doc}|${first.locator}`] : []);
  const related: AnswerView['related'] = [];
  for (const c of cites.slice(1)) {
    const id = `${c.doc}|${c.locator}`;
    if (seen.has(id)) continue;
    seen.add(id);
    // A related article adds something only when its words are not already in the answer or its source.
    if (c.quote.trim() !== '' && containedIn(c.quote, `${lead}\n${first?.quote ?? ''}`)) continue;
    related.push({ label: citeLabel(c, lang), quote: c.quote.trim() });
    if (related.length >= MAX_RELATED) break;
  }
  return {
    lead,
    confirmed: meta.confirmed ? translate(lang, 'answer.confirmed') : null,
    source,
    related,
    labels: {
      source: translate(lang, 'answer.source'),
      related: translate(lang, 'answer.related'),
      quote: translate(lang, 'answer.quote'),
    },
  };
}

/** The same layout as plain text (command line, notification previews). */
export function answerPlainText(reply: Reply): string {
  const v = answerView(reply);
  if (!v) return reply.text;
  const lines = [v.confirmed ? `✅ ${v.confirmed}` : '', v.lead].filter(Boolean);
  if (v.source) {
    lines.push('', `${v.labels.source}：${v.source.label}`);
    if (v.source.quote) lines.push(`> ${v.source.quote.replace(/\n/g, '\n> ')}`);
  }
  if (v.related.length) lines.push('', `${v.labels.related}：`, ...v.related.map((r) => `· ${r.label}`));
  return lines.join('\n');
}
