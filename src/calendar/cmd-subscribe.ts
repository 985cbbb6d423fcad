import type { HandlerContext } from '../core/module.js';
import type { Reply } from '../core/types.js';
import type { CalendarService } from './service.js';
import { eventLine } from './format.js';
import { isQuietSpec } from './quiet.js';
import { SubscriptionCapError } from './store.js';

const TAG_RE = /^[\w\u4e00-\u9fff:.-]{1,64}$/u;

/** /events: upcoming events, for everyone. */
export async function eventsCommand(svc: CalendarService, ctx: HandlerContext): Promise<Reply[]> {
  const events = await svc.listEvents({ from: ctx.deps.clock.now() });
  if (events.length === 0) return [{ text: ctx.t('calendar.none_upcoming') }];
  const zone = ctx.deps.config.TIMEZONE;
  const now = ctx.deps.clock.now();
  const lines = events.slice(0, 20).map((e) => eventLine(e, ctx.lang, zone, now));
  return [{ text: `${ctx.t('calendar.upcoming_title')}\n${lines.join('\n')}\n\n${ctx.t('calendar.subscribe_hint')}` }];
}

/** /subscribe [tag…] [quiet=22:00-08:00|off]: this chat (group or DM) gets reminders and broadcasts. */
export async function subscribeCommand(svc: CalendarService, ctx: HandlerContext, args: string): Promise<Reply[]> {
  const tags: string[] = [];
  let quiet: string | undefined;
  for (const raw of args.split(/\s+/).filter(Boolean)) {
    const q = /^(?:quiet|免打扰)[=＝:：](.+)$/i.exec(raw);
    if (q) {
      if (!isQuietSpec(q[1]!)) return [{ text: ctx.t('calendar.bad_quiet', { text: q[1]! }) }];
      quiet = q[1]!;
      continue;
    }
    const tag = raw.replace(/^#/, '');
    if (!TAG_RE.test(tag)) return [{ text: ctx.t('calendar.bad_tag', { tag: raw }) }];
    tags.push(tag);
  }
  const opts: { quietHours?: string; by: string; lang: typeof ctx.lang } = { by: ctx.identity, lang: ctx.lang };
  if (quiet) opts.quietHours = quiet;
  let sub: Awaited<ReturnType<CalendarService['subscribe']>>;
  try {
    sub = await svc.subscribe(ctx.conv, tags, opts);
  } catch (err) {
    if (err instanceof SubscriptionCapError) return [{ text: ctx.t('calendar.sub_cap', { max: err.max }) }];
    throw err;
  }
  return [
    {
      text: ctx.t('calendar.subscribed', {
        tags: sub.tags.length ? sub.tags.join(', ') : ctx.t('calendar.no_tags'),
        quiet: sub.quietHours ?? ctx.deps.config.QUIET_HOURS,
      }),
    },
  ];
}

/** /unsubscribe: this chat stops getting reminders and broadcasts. */
export async function unsubscribeCommand(svc: CalendarService, ctx: HandlerContext): Promise<Reply[]> {
  const was = await svc.unsubscribe(ctx.conv);
  return [{ text: ctx.t(was ? 'calendar.unsubscribed' : 'calendar.not_subscribed') }];
}
