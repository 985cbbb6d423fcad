import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import type { CalEvent } from '../../../calendar/types.js';
import { type AdminCtx, page, sendPage, unavailable } from '../context.js';
import { type CtxOf, redirectWith, takeFlash } from '../flow.js';
import { type SafeHtml, html, view } from '../html.js';
import { field, isoToLocal, showTime } from '../input.js';
import type { CalendarPort } from '../ports.js';
import { eventFormFields, pickerValues, readEventForm, scheduleCell } from './event-form.js';

/** A chat's delivery state (`sent`, `failed:<why>`, `scheduled:<ISO>`, `skipped:<why>`) in words. */
function stateText(ctx: AdminCtx, raw: string): string {
  const [state = '', ...rest] = raw.split(':');
  const detail = rest.join(':');
  const word = ctx.t(`admin.cal.state.${state}`);
  if (state === 'scheduled' && detail) return `${word} ${showTime(detail, ctx.deps.config.TIMEZONE)}`;
  return detail ? `${word}（${detail}）` : word;
}

async function eventBody(
  ctx: AdminCtx,
  cal: CalendarPort,
  e: CalEvent,
  form: { error?: string; values?: Record<string, string> } = {},
): Promise<SafeHtml> {
  const zone = ctx.deps.config.TIMEZONE;
  const [subs, leads] = await Promise.all([cal.subscribersOf(e.id), cal.deliveryStatus(e.id).catch(() => [])]);
  const subRows = subs.map(
    (s) =>
      html`<tr><td>${s.convId}</td><td>${s.tags.map((t) => html`<span class="tag">${t}</span>`)}</td><td>${s.quietHours ?? ctx.deps.config.QUIET_HOURS}</td></tr>`,
  );
  const leadRows = leads.map(
    (
      l,
    ) => html`<tr><td>${e.rule ? `${showTime(l.occurrence, zone)} · ` : ''}${l.lead}</td><td>${showTime(l.fireAt, zone)}</td><td>${l.pending ? ctx.t('admin.cal.pending') : Date.parse(l.fireAt) > ctx.deps.clock.now().getTime() ? ctx.t('admin.cal.later') : ''}</td>
<td>${ctx.t('admin.cal.lead_counts', { scheduled: l.scheduled, sent: l.sent, failed: l.failed, skipped: l.skipped })}</td>
<td>${Object.keys(l.chats).length ? html`<ul class="plain">${Object.entries(l.chats).map(([c, st]) => html`<li>${c}: ${stateText(ctx, st)}</li>`)}</ul>` : ''}</td></tr>`,
  );
  const v = form.values ?? pickerValues(e, zone);
  const cancelled = e.status === 'cancelled';
  return view(
    'event',
    {
      csrf: ctx.session?.csrf ?? '',
      id: e.id,
      heading: e.title,
      when: scheduleCell(ctx, e, ctx.deps.clock.now(), 5),
      status: ctx.t(`admin.cal.status.${e.status}`),
      statusClass: cancelled ? 'cancelled' : '',
      ...eventFormFields(ctx, form.error, v),
      skip:
        e.rule && !cancelled
          ? html`<form method="post" action="/admin/calendar/${e.id}/skip" class="inline" id="skip-occurrence">
<input type="hidden" name="_csrf" value="${ctx.session?.csrf ?? ''}"><label>${ctx.t('admin.cal.skip_date')} <input name="date" type="date" required></label>
<button type="submit" class="secondary">${ctx.t('admin.cal.skip')}</button></form>`
          : '',
      cancel: cancelled
        ? ''
        : html`<form method="post" action="/admin/calendar/${e.id}/cancel" data-confirm="${ctx.t('admin.cal.cancel_confirm')}" class="inline">
<input type="hidden" name="_csrf" value="${ctx.session?.csrf ?? ''}"><button type="submit" class="secondary">${ctx.t('admin.cal.cancel')}</button></form>`,
      subs: subs.length ? subRows : html`<tr><td colspan="3" class="muted">${ctx.t('admin.cal.no_subs')}</td></tr>`,
      leads: leads.length ? leadRows : html`<tr><td colspan="5" class="muted">${ctx.t('admin.cal.no_leads')}</td></tr>`,
    },
    ctx.t,
  );
}

export function registerEventPages(scope: FastifyInstance, ctxOf: CtxOf): void {
  const render = (ctx: AdminCtx, reply: Parameters<typeof sendPage>[0], body: SafeHtml, status = 200, flash?: string) =>
    sendPage(reply, page(ctx, 'calendar', ctx.t('admin.cal.event'), body, flash), status);
  const load = async (ctx: AdminCtx, id: string) => {
    const cal = ctx.ports.calendar;
    if (!cal) return { cal: null, e: null };
    return { cal, e: /^[\w-]{1,64}$/.test(id) ? await cal.getEvent(id) : null };
  };
  const missing = (ctx: AdminCtx, reply: Parameters<typeof sendPage>[0], cal: CalendarPort | null) =>
    cal
      ? render(
          ctx,
          reply,
          html`<p class="error">${ctx.t('admin.cal.no_event')}</p><p><a href="/admin/calendar">← ${ctx.t('admin.nav.calendar')}</a></p>`,
          404,
        )
      : render(ctx, reply, unavailable(ctx, ctx.t('admin.what.calendar')));

  scope.get('/calendar/:id', async (req, reply) => {
    const ctx = ctxOf(req);
    const { cal, e } = await load(ctx, (req.params as { id: string }).id);
    if (!cal || !e) return missing(ctx, reply, cal);
    const flash = await takeFlash(ctx);
    return render(ctx, reply, await eventBody(ctx, cal, e), 200, flash);
  });

  scope.post('/calendar/:id/edit', async (req, reply) => {
    const ctx = ctxOf(req);
    const { cal, e } = await load(ctx, (req.params as { id: string }).id);
    if (!cal || !e) return missing(ctx, reply, cal);
    const f = readEventForm(ctx, req.body);
    if (f.error) return render(ctx, reply, await eventBody(ctx, cal, e, { error: f.error, values: f.values }), 400);
    const patch = {
      title: f.values['title'],
      start: f.start,
      audience: f.audience,
      place: f.values['place'] || undefined,
      description: f.values['description'] || undefined,
      rule: f.rule,
      allDay: f.allDay,
    } as Parameters<CalendarPort['editEvent']>[1];
    // An untouched picker keeps the rule as it was (an imported one may say more than the picker can).
    const was = pickerValues(e, ctx.deps.config.TIMEZONE);
    const same = ['start', 'repeat', 'end', 'count', 'until', 'all_day'].every(
      (k) => (was[k] ?? '') === (f.values[k] ?? ''),
    );
    if (e.rule && same && (was['byday'] ?? '') === (f.values['byday'] || (was['byday'] ?? ''))) {
      patch.rule = e.rule;
      patch.start = e.start;
    }
    if (e.monthOnly && isoToLocal(e.start, ctx.deps.config.TIMEZONE) !== f.values['start']) patch.monthOnly = false;
    else if (e.monthOnly) delete patch.start;
    const r = await cal.editEvent(e.id, patch, `admin:${ctx.session?.user}`);
    const msg = r?.changed ? ctx.t('admin.cal.edited') : ctx.t('admin.cal.unchanged');
    return redirectWith(ctx, reply, `/admin/calendar/${e.id}`, msg);
  });

  scope.post('/calendar/:id/skip', async (req, reply) => {
    const ctx = ctxOf(req);
    const { cal, e } = await load(ctx, (req.params as { id: string }).id);
    if (!cal || !e) return missing(ctx, reply, cal);
    const day = DateTime.fromISO(field(req.body, 'date'), { zone: ctx.deps.config.TIMEZONE });
    const r = day.isValid ? await cal.cancelOccurrence(e.id, day.toJSDate(), `admin:${ctx.session?.user}`) : null;
    if (!r || 'error' in r) {
      const body = await eventBody(ctx, cal, e, { error: ctx.t('admin.cal.no_occurrence') });
      return render(ctx, reply, body, 400);
    }
    const when = showTime(r.occurrence, ctx.deps.config.TIMEZONE);
    return redirectWith(ctx, reply, `/admin/calendar/${e.id}`, ctx.t('admin.cal.skipped', { when }));
  });

  scope.post('/calendar/:id/cancel', async (req, reply) => {
    const ctx = ctxOf(req);
    const { cal, e } = await load(ctx, (req.params as { id: string }).id);
    if (!cal || !e) return missing(ctx, reply, cal);
    await cal.cancelEvent(e.id, `admin:${ctx.session?.user}`);
    return redirectWith(ctx, reply, `/admin/calendar/${e.id}`, ctx.t('admin.cal.cancelled', { title: e.title }));
  });
}
