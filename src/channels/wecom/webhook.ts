import { timingSafeEqual } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { INTERACTIVE_WAIT_MS, answerAndSend, sendWithShortRetry } from '../../core/answer.js';
import type { RoutePlugin } from '../../core/module.js';
import { type Lang, type Reply, conversationOf } from '../../core/types.js';
import { ChannelError } from '../../errors.js';
import { toWecomError } from './errors.js';
import { CHOSEN_KEY, MAX_PUSH_BYTES, buttonCard, chosenCard, choiceGroups, pressedLabel, repliesMarkdown, splitBytes } from './format.js';
import { type WecomContext, goneAware, once } from './handler.js';
import { type WecomBody, parseCardPress, parseMessage } from './parse.js';

export const EVENTS_PATH = '/wecom/events';
/** A signed request this far off our clock is refused: an old capture replayed does nothing. */
export const MAX_SKEW_S = 3600;

export interface WebhookOptions {
  token: string;
  encodingAesKey: string;
  ctx: WecomContext;
  now?: () => number;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null ? (v as Rec) : {});

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * One message to a callback's `response_url` (it takes one, within an hour): the markdown, or with
 * choices a button card carrying the text. Used for answers in webhook mode only — never for
 * reminders or broadcasts (webhook mode cannot push; see docs/setup-wecom.md).
 */
export async function postResponseUrl(url: string, replies: Reply[], lang: Lang, waitMs: number): Promise<void> {
  const text = splitBytes(repliesMarkdown(replies), MAX_PUSH_BYTES)[0] ?? '…';
  const [choices] = choiceGroups(replies);
  const body = choices
    ? { msgtype: 'template_card', template_card: { ...buttonCard(choices, lang), sub_title_text: text.slice(0, 112) } }
    : { msgtype: 'markdown', markdown: { content: text } };
  const call = async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const answer = rec(await res.json().catch(() => ({})));
    if (!res.ok) throw new ChannelError('wecom', `response_url: HTTP ${res.status}`, { kind: 'transient' });
    if (typeof answer['errcode'] === 'number' && answer['errcode'] !== 0) throw answer;
  };
  await sendWithShortRetry(call, (err) => toWecomError(err, 'response_url'), waitMs);
}

/**
 * The 智能机器人 callback URL: GET verifies the URL (decrypted echostr back as plain text); POST
 * takes `{encrypt}` bodies. Both check msg_signature = sha1(sort(token, timestamp, nonce, encrypt))
 * in constant time and the 1 h clock window; decryption (EncodingAESKey, receiveid "" for a bot)
 * via @wecom/crypto. A message is acked at once and answered through its response_url; a card press
 * gets its updated card in the (encrypted) response, within WeCom's 5 s.
 */
export function wecomWebhookRoute(opts: WebhookOptions): RoutePlugin {
  const { token, encodingAesKey, ctx } = opts;
  const { deps } = ctx;
  const now = opts.now ?? (() => Date.now());
  const refuse = (reply: FastifyReply, code: number, why: string) => {
    deps.logger.warn({ why }, 'wecom request refused');
    return reply.code(code).send({ error: 'refused', message: `请求未通过校验 / request refused: ${why}` });
  };

  /** Check the signature and clock, then decrypt; a string is the refusal reason. */
  function open(q: Rec, cipher: string): { plain: string } | string {
    const ts = String(q['timestamp'] ?? '');
    const nonce = String(q['nonce'] ?? '');
    const sig = String(q['msg_signature'] ?? '');
    if (!ts || !sig || !cipher || !same(sig, getSignature(token, ts, nonce, cipher))) return 'bad signature';
    if (!(Math.abs(now() / 1000 - Number(ts)) <= MAX_SKEW_S)) return 'stale timestamp';
    try {
      const { message, id } = decrypt(encodingAesKey, cipher);
      if (id !== '' && id !== deps.config.WECOM_BOT_ID) return 'wrong receiveid';
      return { plain: message };
    } catch {
      return 'cannot decrypt';
    }
  }

  function sealed(plain: unknown): Rec {
    const timestamp = String(Math.floor(now() / 1000));
    const nonce = Math.random().toString(36).slice(2, 12);
    const cipher = encrypt(encodingAesKey, JSON.stringify(plain), '');
    return { encrypt: cipher, msgsignature: getSignature(token, timestamp, nonce, cipher), timestamp, nonce };
  }

  const later = (run: () => Promise<unknown>) =>
    ctx.track(run().catch((err: unknown) => deps.logger.error({ err }, 'wecom callback failed')));

  async function answer(body: WecomBody, parsed: NonNullable<ReturnType<typeof parseMessage>>): Promise<void> {
    const url = typeof body['response_url'] === 'string' ? body['response_url'] : '';
    const conv = conversationOf(parsed.inc);
    await answerAndSend(deps, ctx.io.router, parsed.inc, {
      log: { msgid: parsed.msgid },
      send: (replies, lang, patient) =>
        goneAware(ctx, conv, async () => {
          if (!url) throw new ChannelError('wecom', 'callback without response_url', { kind: 'permanent' });
          await postResponseUrl(url, replies, lang, patient ? INTERACTIVE_WAIT_MS : 0);
        }),
    });
  }

  async function post(req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const cipher = String(rec(req.body)['encrypt'] ?? '');
    const opened = open(rec(req.query), cipher);
    if (typeof opened === 'string') return refuse(reply, 401, opened);
    let body: WecomBody;
    try {
      body = rec(JSON.parse(opened.plain));
    } catch {
      return refuse(reply, 400, 'not JSON');
    }
    if (!(await once(ctx, body))) return reply.code(200).send('');
    if (body['msgtype'] === 'event') {
      const press = parseCardPress(body);
      if (!press || press.inc.action === CHOSEN_KEY) {
        deps.metrics.handled.inc({ channel: 'wecom', outcome: 'ignored' });
        return reply.code(200).send('');
      }
      later(() => answer(body, press));
      const label = pressedLabel(press.taskId, press.inc.action!) ?? '✓';
      return sealed({ response_type: 'update_template_card', template_card: chosenCard(press.taskId, label, 'zh') });
    }
    const parsed = parseMessage(body, ctx.botName);
    if (!parsed) deps.metrics.handled.inc({ channel: 'wecom', outcome: 'ignored' });
    else later(() => answer(body, parsed));
    return reply.code(200).send('');
  }

  async function verify(req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const q = rec(req.query);
    const opened = open(q, String(q['echostr'] ?? ''));
    if (typeof opened === 'string') return refuse(reply, 401, opened);
    return reply.code(200).type('text/plain').send(opened.plain);
  }

  return async (server) => {
    server.get(EVENTS_PATH, verify);
    server.post(EVENTS_PATH, post);
  };
}
