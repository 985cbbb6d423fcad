import { type AnswerView, answerView } from '../../core/answer-view.js';
import { translate } from '../../core/i18n.js';
import type { Choice, Citation, Lang, Reply } from '../../core/types.js';

/** Slack's limits: section text 3,000 characters, 50 blocks a message, 25 buttons an actions block, 75 a button label. */
const SECTION_MAX = 3000;
const MAX_BLOCKS = 50;
const MAX_BUTTONS = 25;
const LABEL_MAX = 75;

export type Block = Record<string, unknown>;

/** Escape the three characters mrkdwn treats as control characters. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cut text into sections at sentence ends so no section passes Slack's limit. */
export function sections(text: string, max = SECTION_MAX): string[] {
  const out: string[] = [];
  let rest = text;
  while (escapeMrkdwn(rest).length > max) {
    let i = max;
    while (escapeMrkdwn(rest.slice(0, i)).length > max) i -= 50;
    const head = rest.slice(0, i);
    const cut = Math.max(...['。', '！', '？', '\n', '!', '?'].map((c) => head.lastIndexOf(c)));
    const at = cut > i / 2 ? cut + 1 : i;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n+/, '');
  }
  if (rest.trim() !== '') out.push(rest);
  return out;
}

export function citationBlocks(citations: Citation[]): Block[] {
  return citations.map((c) => {
    const quote = c.quote.length > 300 ? `${c.quote.slice(0, 300)}…` : c.quote;
    const where = c.locator ? ` · ${escapeMrkdwn(c.locator)}` : '';
    return {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `📄 *${escapeMrkdwn(c.doc)}*${where}${quote ? `\n“${escapeMrkdwn(quote)}”` : ''}` },
      ],
    };
  });
}

/** A context block's text element holds at most 3,000 characters. */
const CONTEXT_MAX = 3000;

/**
 * A Q&A answer's citations as context blocks (Slack's small grey print; it has no collapsed text):
 * the source with its article quoted once, then 相关条文 on one line.
 */
export function answerCitationBlocks(v: AnswerView): Block[] {
  const out: Block[] = [];
  if (v.source) {
    const head = `📄 ${escapeMrkdwn(v.labels.source)}：*${escapeMrkdwn(v.source.label)}*`;
    let text = head;
    if (v.source.quote) {
      const room = CONTEXT_MAX - head.length - 4;
      const quoted = (q: string) => escapeMrkdwn(q).replace(/\n/g, '\n>');
      let q = v.source.quote;
      while (quoted(q).length > room) q = `${q.slice(0, Math.max(0, q.length - 100)).replace(/…$/, '')}…`;
      text += `\n>${quoted(q)}`;
    }
    out.push({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
  }
  if (v.related.length) {
    const list = v.related.map((r) => escapeMrkdwn(r.label)).join(' · ');
    out.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `*${escapeMrkdwn(v.labels.related)}*：${list}` }] });
  }
  return out;
}

const CANCEL = /取消|放弃|cancel|^no$|否/i;

function button(c: Choice, i: number, confirm: boolean, lang: Lang): Block {
  const b: Block = {
    type: 'button',
    action_id: `ud_choice_${i}`,
    text: { type: 'plain_text', text: c.label.slice(0, LABEL_MAX), emoji: true },
    value: c.value,
  };
  if (confirm && !CANCEL.test(c.label)) {
    b['style'] = 'primary';
    b['confirm'] = {
      title: { type: 'plain_text', text: translate(lang, 'channels.confirm_title') },
      text: { type: 'mrkdwn', text: escapeMrkdwn(translate(lang, 'channels.confirm_text', { label: c.label })) },
      confirm: { type: 'plain_text', text: translate(lang, 'channels.confirm_yes') },
      deny: { type: 'plain_text', text: translate(lang, 'channels.confirm_no') },
    };
  }
  return b;
}

export interface SlackMessage {
  /** Notification / fallback text. */
  text: string;
  blocks: Block[];
}

/** One Reply → a Block Kit message: text sections, citations in context blocks, choices as buttons (with a confirm dialog when asked). */
export function renderMessage(reply: Reply, lang: Lang = 'zh'): SlackMessage {
  const v = answerView(reply);
  const blocks: Block[] = v?.confirmed
    ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `✅ *${escapeMrkdwn(v.confirmed)}*` }] }]
    : [];
  for (const s of sections(reply.text))
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(s) } });
  if (v) blocks.push(...answerCitationBlocks(v));
  else if (reply.citations?.length) blocks.push(...citationBlocks(reply.citations));
  const choices = reply.choices ?? [];
  for (let i = 0; i < choices.length; i += MAX_BUTTONS) {
    blocks.push({
      type: 'actions',
      block_id: `ud_choices_${i / MAX_BUTTONS}`,
      elements: choices.slice(i, i + MAX_BUTTONS).map((c, j) => button(c, i + j, reply.confirm === true, lang)),
    });
  }
  const text = reply.text.length > 3000 ? `${reply.text.slice(0, 2990)}…` : reply.text;
  return { text: escapeMrkdwn(text || '…'), blocks: blocks.slice(0, MAX_BLOCKS) };
}

/** After a press: the buttons give way to a line saying what was chosen. */
export function chosenBlocks(original: Block[], label: string, lang: Lang): Block[] {
  const kept = original.filter((b) => b['type'] !== 'actions');
  kept.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `✅ ${escapeMrkdwn(translate(lang, 'channels.chosen', { label }))}` }],
  });
  return kept;
}
