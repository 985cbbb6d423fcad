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
  /** The identity that typed /link (for the log and the confirmation). */
  from: string;
}

async function issue(ctx: HandlerContext): Promise<Reply[]> {
  const { redis, keys } = ctx.deps;
  if (!hasRole(ctx.role, 'officer')) return [{ text: ctx.t('link.officer_only') }];
  const code = newLinkCode();
  const grant: LinkGrant = { person: ctx.identity, from: identityOf(ctx.inc) };
  await redis.set(keys.identityLink(code), JSON.stringify(grant), 'EX', LINK_TTL_S, 'NX');
  return [{ text: ctx.t('link.issued', { code, minutes: LINK_TTL_S / 60 }) }];
}

async function redeem(ctx: HandlerContext, raw: string): Promise<Reply[]> {
  const { redis, keys, logger } = ctx.deps;
  const code = raw.toUpperCase().replace(/[\s-]/g, '');
  if (!new RegExp(`^[${ALPHABET}]{${CODE_LEN}}$`).test(code))
    return [{ text: ctx.t('link.bad_code', { len: CODE_LEN }) }];
  // One-time: whoever reads the code first consumes it.
  const stored = await redis.getdel(keys.identityLink(code));
  if (!stored) return [{ text: ctx.t('link.unknown_code') }];
  const grant = JSON.parse(stored) as LinkGrant;
  const own = identityOf(ctx.inc);
  if (grant.person === own || grant.from === own || ctx.identity === grant.person) {
    return [{ text: ctx.t('link.same', { identity: grant.person }) }];
  }
  await redis.set(keys.person(own), grant.person);
  logger.info({ identity: own, person: grant.person, via: grant.from }, 'identities linked');
  const role = await ctx.deps.roles.get(grant.person);
  return [{ text: ctx.t('link.done', { identity: own, person: grant.person, role: ctx.t(`role.${role}`) }) }];
}

/** /link issues a one-time code; /link CODE on the other platform makes this identity the same person. */
export function createLinkModule(): Module {
  return {
    name: 'link',
    commands: [
      {
        names: ['link', '绑定'],
        help: 'link.help',
        handler: async (ctx, args) => (args.trim() === '' ? issue(ctx) : redeem(ctx, args.trim())),
      },
    ],
  };
}
