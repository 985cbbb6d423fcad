import { randomBytes } from 'node:crypto';
import type { TemplateCard } from '@wecom/aibot-node-sdk';
import { answerView } from '../../core/answer-view.js';
import { translate } from '../../core/i18n.js';
import type { Choice, Lang, Reply } from '../../core/types.js';

/**
 * WeCom rendering. Text, citations and the answer layout as WeCom markdown (bold, `>` quotes);
 * choices as a `button_interaction` template card whose button keys are the choices' values —
 * a press comes back as `template_card_event` with that `event_key`.
 */

/** A stream's content may be 20480 bytes; a pushed markdown message 4096 (group robot markdown). */
export const MAX_STREAM_BYTES = 20_000;
export const MAX_PUSH_BYTES = 4000;
/** button_interaction: at most 6 buttons per card. */
export const MAX_BUTTONS = 6;
/** The key of the one button an answered card keeps (pressing it again does nothing). */
export const CHOSEN_KEY = 'ud-chosen';
const MAX_QUOTE = 1500;

const cut = (s: string, n: number) => (Array.from(s).length > n ? `${Array.from(s).slice(0, n).join('')}…` : s);
const quoted = (s: string) => s.replace(/\n+/g, '\n').split('\n').map((l) => `> ${l}`).join('\n');

/** One Reply as markdown: the text, then the source, its quote and related articles (or the citations). */
export function replyMarkdown(reply: Reply): string {
  const v = answerView(reply);
  const lines: string[] = [];
  if (v) {
    if (v.confirmed) lines.push(`✅ ${v.confirmed}`);
    lines.push(v.lead || '…');
    if (v.source) {
      lines.push('', `📄 **${v.labels.source}**：${v.source.label}`);
      if (v.source.quote) lines.push(quoted(cut(v.source.quote, MAX_QUOTE)));
    }
    if (v.related.length) lines.push('', `**${v.labels.related}**`, ...v.related.map((r) => `• ${r.label}`));
    return lines.join('\n');
  }
  lines.push(reply.text || '…');
  if (reply.citations?.length) {
    lines.push('');
    reply.citations.forEach((c, i) => {
      lines.push(`${i + 1}. 📄 ${c.doc} ${c.locator}`);
      if (c.quote) lines.push(quoted(cut(c.quote, 300)));
    });
  }
  return lines.join('\n');
}

/** Cut text into pieces of at most `max` UTF-8 bytes, at a line or sentence end where one is near. */
export function splitBytes(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (Buffer.byteLength(rest) > max) {
    const chars = Array.from(rest);
    let n = 0;
    let bytes = 0;
    while (n < chars.length && bytes + Buffer.byteLength(chars[n]!) <= max) bytes += Buffer.byteLength(chars[n++]!);
    let at = n;
    for (let j = n - 1; j >= n / 2; j--) {
      if ('\n。！？!?；'.includes(chars[j]!)) {
        at = j + 1;
        break;
      }
    }
    out.push(chars.slice(0, at).join('').trimEnd());
    rest = chars.slice(at).join('').trimStart();
  }
  if (rest !== '' || out.length === 0) out.push(rest);
  return out;
}

/** A task_id: unique per card, letters, digits and _-@ only, ≤ 128 bytes. */
export function newTaskId(): string {
  return `ud_${Date.now().toString(36)}_${randomBytes(8).toString('hex')}`;
}

/** Labels of recent cards' buttons by task_id, so a press can show what was chosen (bounded; a miss shows the key's choice generically). */
const recentCards = new Map<string, Map<string, string>>();
const MAX_RECENT_CARDS = 2000;

/** The label of a pressed button, when this process sent the card. */
export function pressedLabel(taskId: string, key: string): string | undefined {
  return recentCards.get(taskId)?.get(key);
}

/** A button_interaction card for up to six choices. */
export function buttonCard(choices: Choice[], lang: Lang, taskId = newTaskId()): TemplateCard {
  recentCards.set(taskId, new Map(choices.slice(0, MAX_BUTTONS).map((c) => [c.value, c.label])));
  if (recentCards.size > MAX_RECENT_CARDS) recentCards.delete(recentCards.keys().next().value!);
  return {
    card_type: 'button_interaction',
    main_title: { title: translate(lang, 'wecom.pick') },
    button_list: choices.slice(0, MAX_BUTTONS).map((c, i) => ({
      text: cut(c.label, 16),
      style: i === 0 ? 1 : 2,
      key: c.value,
    })),
    task_id: taskId,
  };
}

/** The card after a press: the chosen button alone, under "已选择：…" (sent back within 5 s). */
export function chosenCard(taskId: string, label: string, lang: Lang): TemplateCard {
  return {
    card_type: 'button_interaction',
    main_title: { title: translate(lang, 'wecom.chosen', { label: cut(label, 20) }) },
    button_list: [{ text: cut(label, 16), style: 4, key: CHOSEN_KEY }],
    task_id: taskId,
  };
}

/** Every choice of the replies, in groups of six (one card each). */
export function choiceGroups(replies: Reply[]): Choice[][] {
  const all = replies.flatMap((r) => r.choices ?? []);
  const groups: Choice[][] = [];
  for (let i = 0; i < all.length; i += MAX_BUTTONS) groups.push(all.slice(i, i + MAX_BUTTONS));
  return groups;
}

/** All replies' markdown, one after another. */
export function repliesMarkdown(replies: Reply[]): string {
  return replies.map(replyMarkdown).join('\n\n');
}

/** What aibot_send_msg takes: markdown (split to fit) and one template card per six choices. */
export type PushBody =
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'template_card'; template_card: TemplateCard };

export function pushBodies(replies: Reply[], lang: Lang): PushBody[] {
  const out: PushBody[] = splitBytes(repliesMarkdown(replies), MAX_PUSH_BYTES).map((content) => ({
    msgtype: 'markdown',
    markdown: { content },
  }));
  for (const g of choiceGroups(replies)) out.push({ msgtype: 'template_card', template_card: buttonCard(g, lang) });
  return out;
}
