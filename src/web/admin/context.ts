import type { FastifyReply, FastifyRequest } from 'fastify';
import { translate } from '../../core/i18n.js';
import type { Lang } from '../../core/types.js';
import type { Deps } from '../../core/deps.js';
import { type SafeHtml, html, view } from './html.js';
import type { LoginLimiter } from './login-limit.js';
import type { AdminPorts } from './ports.js';
import type { AdminSession, SessionStore } from './session.js';
import type { StaffStore } from './staff.js';

export const SESSION_COOKIE = 'ud_admin';
export const LANG_COOKIE = 'ud_admin_lang';

/** Long-lived pieces shared by every console route. */
export interface AdminEnv {
  deps: Deps;
  /** The services the console shows (given by src/app.ts). */
  ports: AdminPorts;
  sessions: SessionStore;
  staff: StaffStore;
  limiter: LoginLimiter;
  /** Cookies get the Secure flag when PUBLIC_URL is https. */
  secure: boolean;
}

/** Everything a console page handler needs about the current request. */
export interface AdminCtx {
  env: AdminEnv;
  deps: Deps;
  lang: Lang;
  t: (key: string, vars?: Record<string, string | number>) => string;
  /** The signed-in session (null only on the sign-in page). */
  session: AdminSession | null;
  ports: AdminPorts;
  /** The current path with query, for the language switch. */
  path: string;
}

export function langOf(req: FastifyRequest): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.['lang'];
  if (q === 'en' || q === 'zh') return q;
  return req.cookies[LANG_COOKIE] === 'en' ? 'en' : 'zh';
}

export function makeCtx(env: AdminEnv, req: FastifyRequest, session: AdminSession | null): AdminCtx {
  const lang = langOf(req);
  return {
    env,
    deps: env.deps,
    lang,
    t: (key, vars) => translate(lang, key, vars),
    session,
    ports: env.ports,
    path: req.url,
  };
}

/**
 * The signed-in session, re-checked against its account on every request: a removed account or a
 * changed password ends it (deleted at once), and the level is the account's level now.
 */
export async function liveSession(env: AdminEnv, sid: string | undefined): Promise<AdminSession | null> {
  const session = await env.sessions.get(sid);
  if (!session?.user) return null;
  const account = await env.staff.current(session.user);
  if (!account || account.stamp !== session.stamp) {
    await env.sessions.destroy(session.sid);
    return null;
  }
  return { ...session, level: account.level };
}

export function cookieOptions(env: AdminEnv, maxAge: number) {
  return { path: '/admin', httpOnly: true, sameSite: 'lax' as const, secure: env.secure, maxAge };
}

const NAV = [
  ['overview', '/admin'],
  ['reports', '/admin/reports'],
  ['calendar', '/admin/calendar'],
  ['knowledge', '/admin/knowledge'],
  ['pending', '/admin/pending'],
  ['people', '/admin/people'],
] as const;

export type NavKey = (typeof NAV)[number][0];

/** Query parameters the console's pages read; the language link keeps these and drops the rest. */
const KEPT_PARAMS = ['next', 'month', 'months', 'district', 'q'] as const;
const MAX_PARAM = 200;
/** A console path: /admin, then segments of letters, digits, `.`, `_`, `-` (`%`-escapes allowed, never `/` or `\`). */
const CONSOLE_PATH = /^\/admin(?:\/[\w.%-]{1,100}){0,4}\/?$/;

/**
 * The language switch's target, built from the parsed request path rather than the raw one: a
 * console path (anything else becomes /admin, so `//evil`, `/\evil`, absolute URLs and `..` never
 * lead off the console), only the query parameters the pages read, re-encoded, and `lang`.
 */
export function langHref(rawPath: string, lang: Lang): string {
  const [rawPathname = '', rawQuery = ''] = rawPath.split('?', 2);
  const pathname = CONSOLE_PATH.test(rawPathname) && !/(^|\/)(?:\.|%2e){1,2}(\/|$)/i.test(rawPathname) ? rawPathname : '/admin';
  const given = new URLSearchParams(rawQuery);
  const kept = new URLSearchParams();
  for (const k of KEPT_PARAMS) {
    const v = given.get(k);
    if (v !== null && v.length <= MAX_PARAM) kept.set(k, v);
  }
  kept.set('lang', lang);
  return `${pathname}?${kept.toString()}`;
}

function langSwitch(ctx: AdminCtx): SafeHtml {
  const href = langHref(ctx.path, ctx.lang === 'zh' ? 'en' : 'zh');
  return html`<a class="lang" href="${href}">${ctx.lang === 'zh' ? 'English' : '中文'}</a>`;
}

/** The page shell: navigation, language switch, sign-out form, flash message. */
export function page(ctx: AdminCtx, active: NavKey | null, title: string, body: SafeHtml, flash?: string): string {
  const nav = NAV.map(
    ([key, href]) =>
      html`<a href="${href}"${key === active ? html` class="active" aria-current="page"` : ''}>${ctx.t(`admin.nav.${key}`)}</a>`,
  );
  const user = ctx.session?.user
    ? html`<span class="who">${ctx.session.user}</span>
        <form method="post" action="/admin/logout" class="inline"><input type="hidden" name="_csrf" value="${ctx.session.csrf}"><button type="submit" class="link">${ctx.t('admin.nav.logout')}</button></form>`
    : '';
  return view(
    'layout',
    {
      lang: ctx.lang === 'zh' ? 'zh-CN' : 'en',
      title,
      nav: ctx.session?.user ? html`<nav class="nav">${nav}</nav>` : '',
      user,
      langSwitch: langSwitch(ctx),
      flash: flash ? html`<p class="flash" role="status">${flash}</p>` : '',
      body,
    },
    ctx.t,
  ).value;
}

/** A panel saying a part of the console is not available (its service was not given to the console). */
export function unavailable(ctx: AdminCtx, what: string): SafeHtml {
  return html`<section class="panel unavailable"><h2>${ctx.t('admin.unavailable.title')}</h2><p>${ctx.t('admin.unavailable.body', { what })}</p></section>`;
}

export function sendPage(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'same-origin')
    .header(
      'content-security-policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'",
    )
    .send(body);
}
