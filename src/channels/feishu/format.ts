import { answerView } from '../../core/answer-view.js';
import type { Choice, Citation, ConversationRef, Reply } from '../../core/types.js';
import { ACTION_KEY, THREAD_KEY } from './parse.js';
import { splitAtSentences } from '../../core/text.js';

/**
 * Feishu rendering. Plain replies go as `text`; replies with buttons or citations as a card JSON
 * 2.0 (`interactive`): the text, the citations as a card section, each choice a button whose
 * `callback` behaviour comes back as `card.action.trigger`. Every piece of our own or the user's
 * text is `plain_text`, so nothing in a quoted article is read as markdown.
 */
export interface FeishuMessage {
  msg_type: 'text' | 'interactive';
  /** The JSON string the message API takes as `content`. */
  content: string;
}

/** Kept well below Feishu's limits (text 150 KB, card 30 KB request body) so a card never bounces. */
export const MAX_TEXT = 8000;
const MAX_QUOTE = 1500;

/** Cut at the last sentence end that fits, else at the limit (core/text.ts). */
export function splitText(text: string, max = MAX_TEXT): string[] {
  return splitAtSentences(text, max);
}

const plain = (content: string) => ({ tag: 'div', text: { tag: 'plain_text', content } });
const note = (content: string) => ({
  tag: 'div',
  text: { tag: 'plain_text', content, text_color: 'grey', text_size: 'notation' },
});
const cut = (s: string, n: number) => (Array.from(s).length > n ? `${Array.from(s).slice(0, n).join('')}…` : s);

function citationElements(reply: Reply): unknown[] {
  const v = answerView(reply);
  if (v) {
    const els: unknown[] = [];
    if (v.confirmed) els.unshift(plain(`✅ ${v.confirmed}`));
    if (v.source) {
      els.push({ tag: 'hr' });
      els.push(plain(`📄 ${v.labels.source}：${v.source.label}`));
      if (v.source.quote) {
        els.push({
          tag: 'collapsible_panel',
          expanded: false,
          header: { title: { tag: 'plain_text', content: v.labels.quote } },
          elements: [note(cut(v.source.quote, MAX_QUOTE))],
        });
      }
    }
    if (v.related.length) els.push(plain(`${v.labels.related}\n${v.related.map((r) => `• ${r.label}`).join('\n')}`));
    return els;
  }
  if (!reply.citations?.length) return [];
  return [
    { tag: 'hr' },
    ...reply.citations.map((c: Citation, i) =>
      note(`${i + 1}. 📄 ${c.doc} ${c.locator}${c.quote ? `\n${cut(c.quote, 300)}` : ''}`),
    ),
  ];
}

function button(c: Choice, to: ConversationRef, primary: boolean): unknown {
  const value: Record<string, string> = { [ACTION_KEY]: c.value };
  if (to.threadId) value[THREAD_KEY] = to.threadId;
  return {
    tag: 'button',
    text: { tag: 'plain_text', content: cut(c.label, 40) },
    type: primary ? 'primary' : 'default',
    behaviors: [{ type: 'callback', value }],
  };
}

/** A card JSON 2.0 with these elements. */
export function card(elements: unknown[]): string {
  return JSON.stringify({ schema: '2.0', config: { update_multi: true }, body: { elements } });
}

/** One Reply → Feishu messages (long text split; the card with buttons and sources is the last). */
export function renderReply(reply: Reply, to: ConversationRef): FeishuMessage[] {
  const extras = citationElements(reply);
  const choices = reply.choices ?? [];
  const pieces = splitText(reply.text || '…');
  const out: FeishuMessage[] = pieces
    .slice(0, -1)
    .map((p) => ({ msg_type: 'text', content: JSON.stringify({ text: p }) }));
  const last = pieces[pieces.length - 1] ?? '…';
  if (extras.length === 0 && choices.length === 0) {
    out.push({ msg_type: 'text', content: JSON.stringify({ text: last }) });
    return out;
  }
  const elements: unknown[] = [plain(last), ...extras, ...choices.map((c, i) => button(c, to, i === 0))];
  out.push({ msg_type: 'interactive', content: card(elements) });
  return out;
}
