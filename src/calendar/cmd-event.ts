import type { HandlerContext } from '../core/module.js';
import type { Reply } from '../core/types.js';
import { leadLabel } from './dates.js';
import { eventLine } from './format.js';
import { parseEventAdd, parseEventEdit } from './parse-event.js';
import type { CalendarService } from './service.js';

const err = (ctx: HandlerContext, r: { error: string; vars?: Record<string, string> }): Reply[] => [
  { text: ctx.t(r.error, r.vars) },
];

async function add(svc: CalendarService, ctx: HandlerContext, args: string): Promise<Reply[]> {
  const p = parseEventAdd(args, ctx.deps.clock.now(), ctx.deps.config.TIMEZONE);
  if (!p.ok) return err(ctx, p);
  const e = await svc.addEvent(p.value, ctx.identity);
  return [{ text: ctx.t('calendar.added', { line: eventLine(e, ctx.lang, ctx.deps.config.TIMEZONE), id: e.id }) }];
}

async function edit(svc: CalendarService, ctx: HandlerContext, args: string): Promise<Reply[]> {
  const p = parseEventEdit(args, ctx.deps.clock.now(), ctx.deps.config.TIMEZONE);
  if (!p.ok) return err(ctx, p);
  const r = await svc.editEvent(p.value.id, p.value.patch, ctx.identity);
  if (!r) return [{ text: ctx.t('calendar.not_found', { id: p.value.id }) }];
  if (r.event.status === 'cancelled') return [{ text: ctx.t('calendar.is_cancelled', { id: r.event.id }) }];
  const line = eventLine(r.event, ctx.lang, ctx.deps.config.TIMEZONE);
  return [{ text: ctx.t(r.changed ? 'calendar.edited' : 'calendar.unchanged', { line }) }];
}

async function cancel(svc: CalendarService, ctx: HandlerContext, args: string): Promise<Reply[]> {
  const id = args.trim().replace(/^#/, '');
  if (!id) return [{ text: ctx.t('calendar.cancel_usage') }];
  const e = await svc.cancelEvent(id, ctx.identity);
  if (!e) return [{ text: ctx.t('calendar.not_found', { id }) }];
  return [{ text: ctx.t('calendar.cancelled', { title: e.title, id: e.id }) }];
}

async function list(svc: CalendarService, ctx: HandlerContext): Promise<Reply[]> {
  const events = await svc.listEvents({ includeCancelled: true });
  if (events.length === 0) return [{ text: ctx.t('calendar.empty') }];
  const zone = ctx.deps.config.TIMEZONE;
  return [{ text: `${ctx.t('calendar.list_title')}\n${events.map((e) => eventLine(e, ctx.lang, zone)).join('\n')}` }];
}

async function status(svc: CalendarService, ctx: HandlerContext, args: string): Promise<Reply[]> {
  const id = args.trim().replace(/^#/, '');
  const e = id ? await svc.getEvent(id) : null;
  if (!e) return [{ text: id ? ctx.t('calendar.not_found', { id }) : ctx.t('calendar.status_usage') }];
  const rows = (await svc.deliveryStatus(id)).map((s) =>
    ctx.t('calendar.status_line', {
      lead: s.lead === 'month' ? ctx.t('calendar.lead_month') : leadLabel(s.lead, ctx.lang),
      at: s.fireAt.slice(0, 16).replace('T', ' '),
      state: s.pending ? ctx.t('calendar.state_pending') : ctx.t('calendar.state_fired'),
      scheduled: s.scheduled,
      sent: s.sent,
      failed: s.failed,
    }),
  );
  return [{ text: [eventLine(e, ctx.lang, ctx.deps.config.TIMEZONE), ...rows].join('\n') }];
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
