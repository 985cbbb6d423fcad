import { answerView } from '../../core/answer-view.js';
import { translate } from '../../core/i18n.js';
import type { Choice, Citation, Lang, Reply } from '../../core/types.js';
import { splitAtSentences } from '../../core/text.js';

/**
 * DingTalk rendering for the robot OpenAPI (`msgKey` + `msgParam` JSON string): plain replies as
 * `sampleText`, replies with citations or choices as `sampleMarkdown` — the citations as a
 * markdown section, the choices as a numbered list the user answers by typing the number
 * (interactive cards need a card template made in the developer console, so they are not used;
 * ActionCard buttons are only links). See docs/setup-dingtalk.md.
 */
export interface DingTalkMessage {
  msgKey: 'sampleText' | 'sampleMarkdown';
  msgParam: string;
  /** The choice values in the numbered order, when this message offered numbered choices. */
  numbered?: string[];
}

/** Kept well below msgParam's 15,000-byte limit (3 bytes per Chinese character). */
export const MAX_TEXT = 3500;
const MAX_QUOTE = 600;

/** Cut at the last sentence end that fits, else at the limit (core/text.ts). */
export function splitText(text: string, max = MAX_TEXT): string[] {
  return splitAtSentences(text, max);
}

/**
 * Choices after which the user types a value (a number question's 跳过 / 上一步, the "您填的是 95%，确认吗"
 * check): a bare number there is the answer, not the choice, so these are offered as words.
 */
export function offersNumbers(choices: Choice[]): boolean {
  if (choices.some((c) => c.value.startsWith('form:sure:'))) return false;
  return !choices.every((c) => c.value === 'form:skip' || c.value === 'form:back');
}

/**
 * DingTalk markdown: keep our line breaks, and do not let a line of our (or a quoted article's) text
 * open a heading, quote, list or rule. Backslash escapes are not dependable in DingTalk's renderer, so
 * such a line starts with an invisible zero-width space instead.
 */
export function md(text: string): string {
  return text.replace(/^([ \t]*)(#|>|[-+*][ \t]|\d+[.)][ \t]|---|\*\*\*|___)/gm, '$1\u200b$2').replace(/\n/g, '  \n');
}

/** How a numbered choice reads: 【1】已启动 (the number the user replies with, not a markdown list). */
export const choiceLine = (n: number, label: string): string => `【${n}】${md(label)}`;

const cut = (s: string, n: number) => (Array.from(s).length > n ? `${Array.from(s).slice(0, n).join('')}…` : s);
const quote = (s: string) =>
  s
    .split('\n')
    .map((l) => `> ${md(l)}`)
    .join('\n');

function citationMarkdown(reply: Reply, lang: Lang): string[] {
  const v = answerView(reply);
  if (v) {
    const parts: string[] = [];
    if (v.confirmed) parts.push(`✅ ${md(v.confirmed)}`);
    if (v.source) {
      parts.push('---');
      parts.push(`📄 **${md(v.labels.source)}**：${md(v.source.label)}`);
      if (v.source.quote) parts.push(quote(cut(v.source.quote, MAX_QUOTE)));
    }
    if (v.related.length)
      parts.push(`**${md(v.labels.related)}**\n\n${v.related.map((r) => `- ${md(r.label)}`).join('\n')}`);
    return parts;
  }
  if (!reply.citations?.length) return [];
  return [
    '---',
    `**${md(translate(lang, 'channels.sources'))}**`,
    ...reply.citations.map(
      (c: Citation, i) =>
        `${i + 1}. 📄 ${md(`${c.doc} ${c.locator}`.trim())}${c.quote ? `\n\n${quote(cut(c.quote, 300))}` : ''}`,
    ),
  ];
}

function choiceMarkdown(choices: Choice[], lang: Lang): { text: string; numbered?: string[] } {
  if (offersNumbers(choices)) {
    const lines = choices.map((c, i) => choiceLine(i + 1, c.label));
    return {
      text: `**${md(translate(lang, 'dingtalk.choose'))}**\n\n${lines.join('  \n')}`,
      numbered: choices.map((c) => c.value),
    };
  }
  const words = choices.map((c) => `「${c.label}」`).join(' ');
  return { text: md(translate(lang, 'dingtalk.reply_words', { words })) };
}

/** The title DingTalk shows in the chat list and notifications: the text's first line, short. */
function titleOf(text: string): string {
  const first = text.split('\n').find((l) => l.trim() !== '') ?? '工会助手';
  return cut(first.trim(), 30);
}

const textMessage = (content: string): DingTalkMessage => ({
  msgKey: 'sampleText',
  msgParam: JSON.stringify({ content }),
});

/** One Reply → DingTalk messages (long text split; the markdown with sources and choices is the last). */
export function renderReply(reply: Reply, lang: Lang = 'zh'): DingTalkMessage[] {
  const extras = citationMarkdown(reply, lang);
  const choices = reply.choices ?? [];
  const pieces = splitText(reply.text || '…');
  const out = pieces.slice(0, -1).map(textMessage);
  const last = pieces[pieces.length - 1] ?? '…';
  if (extras.length === 0 && choices.length === 0) {
    out.push(textMessage(last));
    return out;
  }
  const parts = [md(last), ...extras];
  let numbered: string[] | undefined;
  if (choices.length) {
    const c = choiceMarkdown(choices, lang);
    parts.push(c.text);
    numbered = c.numbered;
  }
  const msg: DingTalkMessage = {
    msgKey: 'sampleMarkdown',
    msgParam: JSON.stringify({ title: titleOf(last), text: parts.join('\n\n') }),
  };
  if (numbered) msg.numbered = numbered;
  out.push(msg);
  return out;
}
