import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { VISITOR_PREFIX } from '../../core/types.js';

export { cookieSecret } from '../../store/secret.js';

/** The web chat's visitor cookie: a server-issued id, signed, HttpOnly; the page never sees it. */
export const VISITOR_COOKIE = 'ud_visitor';
const VISITOR_RE = new RegExp(`^${VISITOR_PREFIX}[A-Za-z0-9_-]{22}$`);
const MAX_AGE_S = 365 * 24 * 3600;

export function newVisitorId(): string {
  return VISITOR_PREFIX + randomBytes(16).toString('base64url');
}

/** The visitor id this browser's signed cookie carries, or null (none, forged or malformed). */
export function visitorOf(req: FastifyRequest): string | null {
  const raw = req.cookies[VISITOR_COOKIE];
  if (!raw) return null;
  const u = req.unsignCookie(raw);
  return u.valid && u.value && VISITOR_RE.test(u.value) ? u.value : null;
}

/** The browser's visitor id; a new one (and its cookie) when it has none. */
export function ensureVisitor(req: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const known = visitorOf(req);
  if (known) return known;
  const id = newVisitorId();
  reply.setCookie(VISITOR_COOKIE, id, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: MAX_AGE_S,
  });
  return id;
}

/** Constant-time comparison of a presented Bearer header with the configured token. */
export function bearerMatches(header: unknown, token: string): boolean {
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(header.slice(7)), digest(token));
}
