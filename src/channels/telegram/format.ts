import { type AnswerView, answerView } from '../../core/answer-view.js';
import type { Choice, Citation, Reply } from '../../core/types.js';

/** Telegram's limit for one message, counted after HTML escaping. */
export const MAX_MESSAGE = 4096;
/** Telegram's limit for inline-button callback_data, in bytes. */
export const MAX_CALLBACK_BYTES = 64;

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const escapedLen = (ch: string): number => (ch === '&' ? 5 : ch === '<' || ch === '>' ? 4 : ch.length);
const SENTENCE_END = new Set(['。', '！', '？', '!', '?', '\n', '；', ';']);

/**
 * Split plain text into pieces whose HTML-escaped length is at most `max`, cutting after the last
 * sentence end (。！？!?；\n) that fits, else after the last space, else at the limit itself.
 */
export function splitText(text: string, max = MAX_MESSAGE): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest !== '') {
    let len = 0;
    let cut = -1;
    let i = 0;
    const chars = Array.from(rest);
    for (; i < chars.length; i++) {
      len += escapedLen(chars[i]!);
      if (len > max) break;
    }
    if (i === chars.length) {
      out.push(rest);
      break;
    }
    // chars[0..i) fits; look for a natural break in its second half.
    const floor = Math.floor(i / 2);
    for (let j = i - 1; j >= floor; j--) {
      if (SENTENCE_END.has(chars[j]!)) {
        cut = j + 1;
        break;
      }
    }
    if (cut < 0) {
      for (let j = i - 1; j >= floor; j--) {
        if (chars[j] === ' ') {
          cut = j + 1;
          break;
        }
      }
    }
    if (cut < 0) cut = Math.max(1, i);
    const piece = chars.slice(0, cut).join('');
    out.push(piece.replace(/\s+$/u, '') || piece);
    rest = chars.slice(cut).join('').replace(/^\n+/u, '');
  }
  return out;
}

const MAX_QUOTE = 300;

/** Citations as an HTML block: the document in bold, where in it, and the quoted words. */
export function citationsHtml(citations: Citation[]): string {
  return citations
    .map((c, i) => {
      const quote = c.quote.length > MAX_QUOTE ? `${c.quote.slice(0, MAX_QUOTE)}…` : c.quote;
      const where = c.locator ? ` ${escapeHtml(c.locator)}` : '';
      return `${i + 1}. 📄 <b>${escapeHtml(c.doc)}</b>${where}${quote ? `\n<blockquote>${escapeHtml(quote)}</blockquote>` : ''}`;
    })
    .join('\n');
}

export interface InlineButton {
  text: string;
  callback_data: string;
}

/** Short labels two to a row, longer ones alone, so buttons stay readable on a phone. */
export function keyboardRows(choices: Choice[], data: (c: Choice) => string): InlineButton[][] {
  const rows: InlineButton[][] = [];
  const wide = choices.some((c) => Array.from(c.label).length > 12);
  for (const c of choices) {
    const b = { text: c.label.slice(0, 64), callback_data: data(c) };
    const last = rows[rows.length - 1];
    if (!wide && last && last.length < 2) last.push(b);
    else rows.push([b]);
  }
  return rows;
}

export interface RenderedMessage {
  html: string;
  choices?: Choice[];
}

/** Room kept for the source line, the related list and the tags around a quote. */
const QUOTE_MARGIN = 600;
/** Below this much room after the answer, the quoted article moves to a message of its own. */
const MIN_QUOTE_ROOM = 1500;

/**
 * A Q&A answer's citations: the source in bold, its article once in an expandable blockquote
 * (collapsed until tapped), then 相关条文 by name only. Fits in `room` characters.
 */
export function answerCitationsHtml(v: AnswerView, room = MAX_MESSAGE): string {
  const parts: string[] = [];
  if (v.source) {
    parts.push(`📄 ${escapeHtml(v.labels.source)}：<b>${escapeHtml(v.source.label)}</b>`);
    if (v.source.quote) {
      const first = splitText(v.source.quote, Math.max(100, room - QUOTE_MARGIN))[0] ?? '';
      const q = first.length < v.source.quote.length ? `${first}…` : first;
      parts.push(`<blockquote expandable>${escapeHtml(q)}</blockquote>`);
    }
  }
  if (v.related.length) {
    parts.push(
      `<b>${escapeHtml(v.labels.related)}</b>\n${v.related.map((r) => `• ${escapeHtml(r.label)}`).join('\n')}`,
    );
  }
  return parts.join('\n');
}

/** One Reply → one or more HTML messages; the buttons ride on the last one. */
export function renderReply(reply: Reply): RenderedMessage[] {
  const v = answerView(reply);
  const badge = v?.confirmed ? `✅ <b>${escapeHtml(v.confirmed)}</b>\n` : '';
  const pieces = splitText(reply.text, MAX_MESSAGE - badge.length).map((p) => escapeHtml(p));
  if (pieces.length === 0) pieces.push('');
  pieces[0] = `${badge}${pieces[0]}`;
  if (v) {
    const last = pieces[pieces.length - 1]!;
    const room = MAX_MESSAGE - last.length - 2;
    // The article rides with the answer when a fair part of it fits; otherwise it gets its own message.
    const block = answerCitationsHtml(v, room);
    if (block.length <= room && (room >= MIN_QUOTE_ROOM || !v.source?.quote)) {
      if (block) pieces[pieces.length - 1] = last ? `${last}\n\n${block}` : block;
    } else pieces.push(answerCitationsHtml(v));
  } else if (reply.citations?.length) {
    const block = citationsHtml(reply.citations);
    const last = pieces[pieces.length - 1]!;
    if (last.length + block.length + 2 <= MAX_MESSAGE) pieces[pieces.length - 1] = last ? `${last}\n\n${block}` : block;
    else pieces.push(block.slice(0, MAX_MESSAGE));
  }
  const out: RenderedMessage[] = pieces.filter((p) => p.trim() !== '').map((html) => ({ html }));
  if (out.length === 0) out.push({ html: '…' });
  if (reply.choices?.length) out[out.length - 1]!.choices = reply.choices;
  return out;
}
