import { createHash, timingSafeEqual } from 'node:crypto';
import * as lark from '@larksuiteoapi/node-sdk';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../../logger.js';
import type { RoutePlugin } from '../../core/module.js';

export const EVENTS_PATH = '/feishu/events';
/** A signed request older (or newer) than this is refused: a replay does nothing. */
export const MAX_SKEW_S = 3600;

export interface WebhookOptions {
  verificationToken: string;
  encryptKey: string | undefined;
  dispatcher: lark.EventDispatcher;
  logger: Logger;
  now?: () => number;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null ? (v as Rec) : {});

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** X-Lark-Signature = sha256(timestamp + nonce + encryptKey + body), over the bytes as sent. */
export function feishuSignature(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + body)
    .digest('hex');
}

/**
 * POST /feishu/events, what the SDK's `adaptDefault(path, dispatcher, {autoChallenge: true})` does,
 * on our HTTP server and stricter: the signature is checked over the raw bytes (the SDK re-serializes
 * the parsed body) in constant time, with a 1 h clock window; the Verification Token inside the
 * (decrypted) payload must match, challenge included. Then the SDK's EventDispatcher decrypts and
 * dispatches; its handlers return at once, so the ack goes out within the 3 s Feishu allows.
 */
export function feishuWebhookRoute(opts: WebhookOptions): RoutePlugin {
  const { verificationToken, encryptKey, dispatcher, logger } = opts;
  const now = opts.now ?? (() => Date.now());
  const cipher = encryptKey ? new lark.AESCipher(encryptKey) : null;
  const refuse = (reply: FastifyReply, code: number, why: string) => {
    logger.warn({ why }, 'feishu request refused');
    return reply.code(code).send({ error: 'refused', message: `请求未通过校验 / request refused: ${why}` });
  };

  async function handle(req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const raw = typeof req.body === 'string' ? req.body : '';
    let body: Rec;
    try {
      body = rec(JSON.parse(raw));
    } catch {
      return reply.code(400).send({ error: 'bad_request', message: '需要 JSON 请求体 / expected a JSON body' });
    }
    let plain: Rec = body;
    if (typeof body['encrypt'] === 'string') {
      if (!cipher) return refuse(reply, 400, 'encrypted body but FEISHU_ENCRYPT_KEY is unset');
      try {
        plain = rec(JSON.parse(cipher.decrypt(body['encrypt'])));
      } catch {
        return refuse(reply, 400, 'cannot decrypt');
      }
    } else if (cipher) {
      return refuse(reply, 400, 'unencrypted body while FEISHU_ENCRYPT_KEY is set');
    }
    const token = rec(plain['header'])['token'] ?? plain['token'];
    if (typeof token !== 'string' || !sameHex(token, verificationToken))
      return refuse(reply, 403, 'wrong verification token');

    if (plain['type'] === 'url_verification') return { challenge: plain['challenge'] };

    if (encryptKey) {
      const h = (n: string) => String(req.headers[n] ?? '');
      const ts = h('x-lark-request-timestamp');
      const sig = h('x-lark-signature');
      if (!ts || !sig || !sameHex(sig, feishuSignature(ts, h('x-lark-request-nonce'), encryptKey, raw))) {
        return refuse(reply, 401, 'bad signature');
      }
      if (!(Math.abs(now() / 1000 - Number(ts)) <= MAX_SKEW_S)) return refuse(reply, 401, 'stale timestamp');
    }
    const data = Object.assign(Object.create({ headers: req.headers }) as Rec, body);
    const value = await dispatcher.invoke(data, { needCheck: false });
    return typeof value === 'object' && value !== null ? value : {};
  }

  return async (server) => {
    await server.register(async (scope) => {
      // The signature covers the exact bytes, so this route keeps the body as a string.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string' }, (_req, b, done) => done(null, b));
      scope.post(EVENTS_PATH, handle);
    });
  };
}
