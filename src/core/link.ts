import { randomInt } from 'node:crypto';
import type { HandlerContext, Module } from './module.js';
import { hasRole } from './roles.js';
import { identityOf, type Reply } from './types.js';

/** Codes are typed by hand on another device: no 0/O/1/I/L. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_LEN = 8;
export const LINK_TTL_S = 10 * 60;

export function newLinkCode(): string {
  let s = '';
  for (let i = 0; i < CODE_LEN; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

interface LinkGrant {
  /** The issuer's canonical identity: the person the redeemer becomes. */
  person: string;
  /** The identity that typed /link (it confirms the link). */
  from: string;
}

interface PendingLink extends LinkGrant {
  /** The identity that redeemed the code, waiting for the issuer's confirmation. */
  redeemer: string;
}

const CONFIRM = new Set(['confirm', 'ok', 'yes', '确认', '同意']);
const CANCEL = new Set(['cancel', 'no', '取消', '拒绝']);
const platformOf = (identity: string) => identity.split(':')[0]!;

/** A code is only shown in a private chat: in a group another member could redeem it first. */
async function issue(ctx: HandlerContext): Promise<Reply[]> {
  const { redis, keys } = ctx.deps;
  if (!hasRole(ctx.role, 'officer')) return [{ text: ctx.t('link.officer_only') }];
  if (ctx.inc.isGroup) return [{ text: ctx.t('link.private_only') }];
  const code = newLinkCode();
  const grant: LinkGrant = { person: ctx.identity, from: identityOf(ctx.inc) };
  await redis.set(keys.identityLink(code), JSON.stringify(grant), 'EX', LINK_TTL_S, 'NX');
  return [{ text: ctx.t('link.issued', { code, minutes: LINK_TTL_S / 60 }) }];
}

async function redeem(ctx: HandlerContext, raw: string): Promise<Reply[]> {
  const { redis, keys } = ctx.deps;
  const code = raw.toUpperCase().replace(/[\s-]/g, '');
  if (!new RegExp(`^[${ALPHABET}]{${CODE_LEN}}$`).test(code))
    return [{ text: ctx.t('link.bad_code', { len: CODE_LEN }) }];
  const own = identityOf(ctx.inc);
  // One-time: whoever reads the code first consumes it.
  const stored = await redis.getdel(keys.identityLink(code));
  if (!stored) return [{ text: ctx.t('link.unknown_code') }];
  const grant = JSON.parse(stored) as LinkGrant;
  if (grant.person === own || grant.from === own || ctx.identity === grant.person) {
    return [{ text: ctx.t('link.same', { identity: grant.person }) }];
  }
  if (platformOf(grant.from) === ctx.inc.channel) return [{ text: ctx.t('link.same_platform') }];
  // The issuer confirms on their own platform: a code seen over a shoulder gives nothing by itself.
  const pending: PendingLink = { ...grant, redeemer: own };
  await redis.set(keys.identityLinkPending(grant.from), JSON.stringify(pending), 'EX', LINK_TTL_S);
  return [{ text: ctx.t('link.pending', { identity: own, issuer: grant.from }) }];
}

/** `/link 确认` (or 取消) by the issuer: the pending redeemer becomes this person, or not. */
async function answerPending(ctx: HandlerContext, yes: boolean): Promise<Reply[]> {
  const { redis, keys, logger } = ctx.deps;
  const stored = await redis.getdel(keys.identityLinkPending(identityOf(ctx.inc)));
  if (!stored) return [{ text: ctx.t('link.nothing_pending') }];
  const p = JSON.parse(stored) as PendingLink;
  if (!yes) return [{ text: ctx.t('link.cancelled', { identity: p.redeemer }) }];
  await redis.set(keys.person(p.redeemer), p.person);
  logger.info({ identity: p.redeemer, person: p.person, via: p.from }, 'identities linked');
  const role = await ctx.deps.roles.get(p.person);
  return [{ text: ctx.t('link.done', { identity: p.redeemer, person: p.person, role: ctx.t(`role.${role}`) }) }];
}

async function link(ctx: HandlerContext, args: string): Promise<Reply[]> {
  const a = args.trim().toLowerCase();
  if (a === '') return issue(ctx);
  if (CONFIRM.has(a) || CANCEL.has(a)) {
    if (ctx.inc.isGroup) return [{ text: ctx.t('link.private_only') }];
    return answerPending(ctx, CONFIRM.has(a));
  }
  return redeem(ctx, args.trim());
}

/**
 * /link issues a one-time code (private chats only); /link CODE on another platform asks to be the
 * same person; /link 确认 by the issuer makes it so (/link 取消 refuses).
 */
export function createLinkModule(): Module {
  return {
    name: 'link',
    commands: [
      {
        names: ['link', '绑定'],
        help: 'link.help',
        handler: link,
      },
    ],
  };
}
