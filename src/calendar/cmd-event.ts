import type { HandlerContext } from '../core/module.js';
import type { Reply } from '../core/types.js';
import { leadLabel, parseDate } from './dates.js';
import { eventLine, nextLines, scheduleText, whenText } from './format.js';
import { parseEventAdd, parseEventEdit } from './parse-event.js';
import type { CalendarService } from './service.js';

const err = (ctx: HandlerContext, r: { error: string; vars?: Record<string, string> }): Reply[] => [
  { text: ctx.t(r.error, r.vars) },
];

async function add(svc: CalendarService, ctx: HandlerContext, args: string): Promise<Reply[]> {
  const p = parseEventAdd(args, ctx.deps.clock.now(), ctx.deps.config.TIMEZONE);
  if (!p.ok) return err(ctx, p);
  const e = await svc.addEvent(p.value, ctx.identity);
  const zone = ctx.deps.config.TIMEZONE;
  if (!e.rule) return [{ text: ctx.t('calendar.added', { line: eventLine(e, ctx.lang, zone), id: e.id }) }];
  const next = nextLines(e, ctx.lang, zone, ctx.deps.clock.now());
  const text = ctx.t('calendar.added_series', {
    id: e.id,
    title: e.title,
    rule: scheduleText(e, ctx.lang, zone),
    place: e.place ? ` @ ${e.place}` : '',
    next: next.join('\n'),
  });
  return [{ text }];
}

async function edit(svc: CalendarService, ctx: HandlerContext, args: string): Promise<Reply[]> {
  const p = parseEventEdit(args, ctx.deps.clock.now(), ctx.deps.config.TIMEZONE);
  if (!p.ok) return err(ctx, p);
  const r = await svc.editEvent(p.value.id, p.value.patch, ctx.identity);
  if (!r) return [{ text: ctx.t('calendar.not_found', { id: p.value.id }) }];
  if (r.event.status === 'cancelled') return [{ text: ctx.t('calendar.is_cancelled', { id: r.event.id }) }];
  const zone = ctx.deps.config.TIMEZONE;
  const line = eventLine(r.event, ctx.lang, zone, ctx.deps.clock.now());
  const next = r.event.rule ? `\n${nextLines(r.event, ctx.lang, zone, ctx.deps.clock.now()).join('\n')}` : '';
  return [{ text: `${ctx.t(r.changed ? 'calendar.edited' : 'calendar.unchanged', { line })}${next}` }];
}

/** `/event cancel ID` cancels the event (a whole series); `/event cancel ID 7月5日` one occurrence of a series. */
async function cancel(svc: CalendarService, ctx: HandlerContext, args: string): Promise<Reply[]> {
  const [rawId = '', ...rest] = args.trim().split(/\s+/);
  const id = rawId.replace(/^#/, '');
  if (!id) return [{ text: ctx.t('calendar.cancel_usage') }];
  const dayText = rest.join(' ').trim();
  if (dayText) return cancelOne(svc, ctx, id, dayText);
  const e = await svc.cancelEvent(id, ctx.identity);
  if (!e) return [{ text: ctx.t('calendar.not_found', { id }) }];
  return [{ text: ctx.t('calendar.cancelled', { title: e.title, id: e.id }) }];
}

async function cancelOne(svc: CalendarService, ctx: HandlerContext, id: string, dayText: string): Promise<Reply[]> {
  const zone = ctx.deps.config.TIMEZONE;
  const d = parseDate(dayText, ctx.deps.clock.now(), zone);
  if (!d || d.monthOnly) return [{ text: ctx.t('calendar.bad_date', { text: dayText }) }];
  const r = await svc.cancelOccurrence(id, d.start.toJSDate(), ctx.identity);
  if (!r) return [{ text: ctx.t('calendar.not_found', { id }) }];
  if ('error' in r) {
    if (r.error === 'cancelled') return [{ text: ctx.t('calendar.is_cancelled', { id }) }];
    const key = r.error === 'not_series' ? 'calendar.not_series' : 'calendar.no_occurrence';
    return [
      {
        text: ctx.t(key, {
          id,
          day: whenText({ start: d.start.toISO()!, monthOnly: false, allDay: true }, ctx.lang, zone),
        }),
      },
    ];
  }
  const when = whenText({ ...r.event, start: r.occurrence }, ctx.lang, zone);
  const next = nextLines(r.event, ctx.lang, zone, ctx.deps.clock.now());
  return [
    { text: ctx.t('calendar.occurrence_cancelled', { title: r.event.title, when, next: next.join('\n') || '—' }) },
  ];
}

async function list(svc: CalendarService, ctx: HandlerContext): Promise<Reply[]> {
  const events = await svc.listEvents({ includeCancelled: true });
  if (events.length === 0) return [{ text: ctx.t('calendar.empty') }];
  const zone = ctx.deps.config.TIMEZONE;
  const now = ctx.deps.clock.now();
  const lines = events.map((e) => eventLine(e, ctx.lang, zone, now));
  return [{ text: `${ctx.t('calendar.list_title')}\n${lines.join('\n')}` }];
}

async function status(svc: CalendarService, ctx: HandlerContext, args: string): Promise<Reply[]> {
  const id = args.trim().replace(/^#/, '');
  const e = id ? await svc.getEvent(id) : null;
  if (!e) return [{ text: id ? ctx.t('calendar.not_found', { id }) : ctx.t('calendar.status_usage') }];
  const zone = ctx.deps.config.TIMEZONE;
  const special: Record<string, string> = {
    month: 'calendar.lead_month',
    eve: 'calendar.lead_eve',
    day: 'calendar.lead_day',
  };
  const rows = (await svc.deliveryStatus(id)).map(
    (s) =>
      (e.rule ? `${whenText({ ...e, start: s.occurrence }, ctx.lang, zone)} · ` : '') +
      ctx.t('calendar.status_line', {
        lead: special[s.lead] ? ctx.t(special[s.lead]!) : leadLabel(s.lead, ctx.lang),
        at: s.fireAt.slice(0, 16).replace('T', ' '),
        // A series' later reminders are not queued yet (the window), but not fired either.
        state:
          s.pending || Date.parse(s.fireAt) > ctx.deps.clock.now().getTime()
            ? ctx.t('calendar.state_pending')
            : ctx.t('calendar.state_fired'),
        scheduled: s.scheduled,
        sent: s.sent,
        failed: s.failed,
      }),
  );
  return [{ text: [eventLine(e, ctx.lang, zone, ctx.deps.clock.now()), ...rows].join('\n') }];
}

/** /event add|edit|cancel|list|status (staff). */
export async function eventCommand(svc: CalendarService, ctx: HandlerContext, args: string): Promise<Reply[]> {
  const trimmed = args.trim();
  const sub = trimmed.split(/\s+/)[0] ?? '';
  const rest = trimmed.slice(sub.length).trim();
  switch (sub.toLowerCase()) {
    case 'add':
    case '添加':
    case '新增':
      return add(svc, ctx, rest);
    case 'edit':
    case '修改':
      return edit(svc, ctx, rest);
    case 'cancel':
    case '取消':
      return cancel(svc, ctx, rest);
    case '':
    case 'list':
    case '列表':
      return list(svc, ctx);
    case 'status':
    case '状态':
      return status(svc, ctx, rest);
    default:
      return [{ text: ctx.t('calendar.event_usage') }];
  }
}
