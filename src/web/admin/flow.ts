import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AdminCtx, sendPage } from './context.js';
import { view } from './html.js';

export type CtxOf = (req: FastifyRequest) => AdminCtx;

/** Sanitise a post-sign-in target: only console paths, never another origin. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/admin(\/|\?|$)/.test(next) && !next.startsWith('//') ? next : '/admin';
}

/** Redirect after a POST with a one-shot message shown on the next page. */
export async function redirectWith(
  ctx: AdminCtx,
  reply: FastifyReply,
  to: string,
  flash?: string,
): Promise<FastifyReply> {
  if (ctx.session && flash) await ctx.env.sessions.setFlash(ctx.session, flash);
  return reply.code(303).redirect(to);
}

/** Read and clear the one-shot message. */
export async function takeFlash(ctx: AdminCtx): Promise<string | undefined> {
  const f = ctx.session?.flash;
  if (ctx.session && f !== undefined) await ctx.env.sessions.setFlash(ctx.session, undefined);
  return f;
}

export function refuseCsrf(ctx: AdminCtx, reply: FastifyReply): FastifyReply {
  return sendPage(reply, view('message', { text: ctx.t('admin.csrf_refused') }, ctx.t).value, 403);
}
