import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AdminCtx, page, sendPage, unavailable } from '../context.js';
import { type CtxOf, redirectWith, takeFlash } from '../flow.js';
import { type SafeHtml, html, view } from '../html.js';
import { field, showTime } from '../input.js';
import { eventFormFields, readEventForm, scheduleCell } from './event-form.js';
import type { CalendarPort } from '../ports.js';
import { registerEventPages } from './event.js';

const MAX_BROADCAST = 2000;

/** The broadcast form's text and tag, or the error to show when the text is empty or too long. */
function readBroadcast(ctx: AdminCtx, body: unknown): { text: string; tag: string } | { error: string } {
  const text = field(body, 'text');
  const tag = field(body, 'tag');
  if (!text || text.length > MAX_BROADCAST) return { error: ctx.t('admin.cal.bad_broadcast', { max: MAX_BROADCAST }) };
  return { text, tag };
}

async function listBody(
  ctx: AdminCtx,
  cal: CalendarPort,
  form: { error?: string; values?: Record<string, string> } = {},
): Promise<SafeHtml> {
  const zone = ctx.deps.config.TIMEZONE;
  const now = ctx.deps.clock.now();
  const events = await cal.listEvents({ includeCancelled: true });
  const counts = await Promise.all(
    events.map((e) =>
      cal
        .subscribersOf(e.id)
        .then((s) => s.length)
        .catch(() => 0),
    ),
  );
  const rows = events.map(
    (e, i) => html`<tr class="${e.status === 'cancelled' ? 'cancelled' : ''}">
<td><a href="/admin/calendar/${e.id}">${e.title}</a></td><td>${scheduleCell(ctx, e, now)}</td><td>${e.place ?? ''}</td>
<td>${e.audience.length ? e.audience.map((t) => html`<span class="tag">${t}</span>`) : ctx.t('admin.cal.everyone')}</td>
<td>${counts[i] ?? 0}</td><td>${ctx.t(`admin.cal.status.${e.status}`)}</td></tr>`,
  );
  const broadcasts = await cal.listBroadcasts(20);
  const reports = await Promise.all(broadcasts.map((b) => cal.broadcastReport(b.id).catch(() => null)));
  const brows = broadcasts.map((b, i) => {
    const r = reports[i];
    return html`<tr><td>${showTime(b.at, zone)}</td><td>${b.text.slice(0, 80)}</td><td>${b.tag ?? ctx.t('admin.cal.everyone')}</td>
<td>${r ? ctx.t('admin.cal.delivery', { sent: r.sent, failed: r.failed.length, pending: r.pending, total: r.total }) : '—'}
${r?.failed.length ? html`<details><summary>${ctx.t('admin.cal.why_failed')}</summary><ul>${r.failed.map((f) => html`<li>${f.conv}: ${f.reason}</li>`)}</ul></details>` : ''}</td><td>${b.by}</td></tr>`;
  });
  const v = form.values ?? {};
  return view(
    'calendar',
    {
      csrf: ctx.session?.csrf ?? '',
      events: events.length ? rows : html`<tr><td colspan="6" class="muted">${ctx.t('admin.cal.no_events')}</td></tr>`,
      broadcasts: broadcasts.length
        ? brows
        : html`<tr><td colspan="5" class="muted">${ctx.t('admin.cal.no_broadcasts')}</td></tr>`,
      ...eventFormFields(ctx, form.error, { end: 'never', ...v }),
      max: MAX_BROADCAST,
      subs: (await cal.listSubscriptions()).length,
    },
    ctx.t,
  );
}

export function registerCalendar(scope: FastifyInstance, ctxOf: CtxOf): void {
  const render = async (
    ctx: AdminCtx,
    reply: Parameters<typeof sendPage>[0],
    body: SafeHtml,
    status = 200,
    flash?: string,
  ) => sendPage(reply, page(ctx, 'calendar', ctx.t('admin.nav.calendar'), body, flash), status);
  const none = (ctx: AdminCtx, reply: Parameters<typeof sendPage>[0]) =>
    render(ctx, reply, unavailable(ctx, ctx.t('admin.what.calendar')));

  scope.get('/calendar', async (req, reply) => {
    const ctx = ctxOf(req);
    const cal = ctx.ports.calendar;
    if (!cal) return none(ctx, reply);
    const flash = await takeFlash(ctx);
    return render(ctx, reply, await listBody(ctx, cal), 200, flash);
  });

  scope.post('/calendar/events', async (req, reply) => {
    const ctx = ctxOf(req);
    const cal = ctx.ports.calendar;
    if (!cal) return none(ctx, reply);
    const f = readEventForm(ctx, req.body);
    if (f.error) return render(ctx, reply, await listBody(ctx, cal, { error: f.error, values: f.values }), 400);
    const input = { title: f.values['title']!, start: f.start, audience: f.audience } as Parameters<
      CalendarPort['addEvent']
    >[0];
    if (f.values['place']) input.place = f.values['place'];
    if (f.values['description']) input.description = f.values['description'];
    if (f.rule) input.rule = f.rule;
    if (f.allDay) input.allDay = true;
    const e = await cal.addEvent(input, `admin:${ctx.session?.user}`);
    return redirectWith(ctx, reply, `/admin/calendar/${e.id}`, ctx.t('admin.cal.added', { title: e.title }));
  });

  /** A broadcast form's POST: no calendar → the unavailable page; bad text → the list with the error (400). */
  const broadcastRoute =
    (
      then: (
        ctx: AdminCtx,
        cal: CalendarPort,
        b: { text: string; tag: string },
        reply: FastifyReply,
      ) => Promise<FastifyReply>,
    ) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      const ctx = ctxOf(req);
      const cal = ctx.ports.calendar;
      if (!cal) return none(ctx, reply);
      const b = readBroadcast(ctx, req.body);
      if ('error' in b) return render(ctx, reply, await listBody(ctx, cal, { error: b.error }), 400);
      return then(ctx, cal, b, reply);
    };

  scope.post(
    '/calendar/broadcast/preview',
    broadcastRoute(async (ctx, cal, { text, tag }, reply) => {
      const { recipients } = await cal.previewBroadcast(text, tag || undefined);
      return render(
        ctx,
        reply,
        view(
          'broadcast-preview',
          { csrf: ctx.session?.csrf ?? '', text, tag, tagShown: tag || ctx.t('admin.cal.everyone'), recipients },
          ctx.t,
        ),
      );
    }),
  );

  scope.post(
    '/calendar/broadcast/send',
    broadcastRoute(async (ctx, cal, { text, tag }, reply) => {
      const input: { text: string; tag?: string; by: string } = { text, by: `admin:${ctx.session?.user}` };
      if (tag) input.tag = tag;
      const id = await cal.sendBroadcast(input);
      return redirectWith(ctx, reply, '/admin/calendar#broadcasts', ctx.t('admin.cal.sent', { id }));
    }),
  );

  registerEventPages(scope, ctxOf);
}
