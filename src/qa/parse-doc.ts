import type { Passage } from './types.js';

/**
 * Chinese official documents: 一、 (一) 1、 (1) numbering, unnumbered topic paragraphs
 * (确立先进理念，…。 → 四（确立先进理念）), and annexes 附件一/附件二 that restart numbering.
 */

const CN = '[一二三四五六七八九十]+';
const ANNEX = new RegExp(`^附件\\s*(${CN}|\\d+)\\s*(?:[:：]\\s*)?(\\S.*|)$`);
// `\s*(\S.*|)$`, not `\s*(.*)$`: the two overlapped and backtracked quadratically on a line of
// spaces ending in a line separator (uploaded documents are untrusted; bench/redos.ts).
const TOP = new RegExp(`^(${CN})\\s*[、．.]\\s*(\\S.*|)$`);
const SUB = new RegExp(`^[(（]\\s*(${CN})\\s*[)）]\\s*(\\S.*|)$`);
const ITEM = /^(\d+)\s*[、．.](?!\d)\s*(\S.*|)$/;
const SUBITEM = /^[(（]\s*(\d+)\s*[)）]\s*(\S.*|)$/;

interface State {
  annex: string;
  top: string;
  sub: string;
  item: string;
  subitem: string;
  topic: string;
  headings: { annex: string; top: string; sub: string; item: string };
}

/** A numbered line is a heading when it carries no full sentence. */
function isHeadingText(s: string): boolean {
  return s.length <= 60 && !/[。！？；;!?]/.test(s);
}

/** "确立先进理念，营造浓厚的学习氛围。" → "确立先进理念" (short lead sentence, no numbers). */
function topicOf(line: string): string {
  const end = line.indexOf('。');
  if (end < 0 || end > 20) return '';
  const lead = line.slice(0, end);
  if (/\d/.test(lead)) return '';
  const clause = lead.split(/[，,：:]/)[0] ?? '';
  return clause.length >= 2 && clause.length <= 12 ? clause : '';
}

function locatorOf(s: State): string {
  let loc = s.top;
  if (loc !== '' && (s.sub || s.item)) loc += '、';
  loc += s.sub + s.item;
  if (s.subitem) loc += `(${s.subitem})`;
  if (s.topic) loc += `（${s.topic}）`;
  if (loc === '') loc = s.annex ? '' : '开篇';
  return [s.annex, loc].filter(Boolean).join(' ');
}

export function parseDoc(doc: string, lines: string[]): { title: string; passages: Passage[] } {
  const nonEmpty = lines.filter((l) => l !== '');
  const title = (nonEmpty[0] ?? doc).replace(/^#+\s*/, '');
  const s: State = {
    annex: '',
    top: '',
    sub: '',
    item: '',
    subitem: '',
    topic: '',
    headings: { annex: '', top: '', sub: '', item: '' },
  };
  const passages: Passage[] = [];
  let cur: { locator: string; heading: string; lines: string[] } | null = null;

  const flush = (): void => {
    if (cur && cur.lines.length > 0)
      passages.push({ doc, title, locator: cur.locator, heading: cur.heading, text: cur.lines.join('\n') });
    cur = null;
  };
  const add = (text: string): void => {
    const locator = locatorOf(s);
    if (!cur || cur.locator !== locator) {
      flush();
      const h = s.headings;
      cur = { locator, heading: [h.annex, h.top, h.sub, h.item].filter(Boolean).join(' '), lines: [] };
    }
    cur.lines.push(text);
  };

  for (const line of nonEmpty.slice(1)) {
    const m = ANNEX.exec(line);
    if (m && line.length <= 40) {
      s.annex = `附件${m[1] ?? ''}`;
      s.top = s.sub = s.item = s.subitem = s.topic = '';
      s.headings = { annex: m[2] ?? '', top: '', sub: '', item: '' };
      continue;
    }
    const top = TOP.exec(line);
    const sub = top ? null : SUB.exec(line);
    const item = top || sub ? null : ITEM.exec(line);
    const subitem = top || sub || item ? null : SUBITEM.exec(line);
    const numbered = top !== null || sub !== null || item !== null;
    if (s.annex && !s.top && !numbered && isHeadingText(line)) {
      s.headings.annex = `${s.headings.annex}${line}`;
      continue;
    }
    let rest: string | null = null;
    if (top) {
      s.top = top[1] ?? '';
      s.sub = s.item = s.subitem = s.topic = '';
      rest = top[2] ?? '';
      if (isHeadingText(rest)) {
        s.headings.top = rest;
        s.headings.sub = s.headings.item = '';
        continue;
      }
    } else if (sub) {
      s.sub = `(${sub[1] ?? ''})`;
      s.item = s.subitem = s.topic = '';
      rest = sub[2] ?? '';
      if (isHeadingText(rest)) {
        s.headings.sub = rest;
        s.headings.item = '';
        continue;
      }
    } else if (item) {
      s.item = item[1] ?? '';
      s.subitem = s.topic = '';
      rest = item[2] ?? '';
      if (isHeadingText(rest)) {
        s.headings.item = rest;
        continue;
      }
    } else if (subitem && s.top) {
      s.subitem = subitem[1] ?? '';
      rest = subitem[2] ?? '';
    } else if (s.top && !s.sub && !s.item) {
      // Unnumbered paragraph directly under a top-level section: a topic paragraph?
      s.topic = topicOf(line);
    }
    add(rest ?? line);
  }
  flush();
  return { title, passages };
}
