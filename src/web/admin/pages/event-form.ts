import { DateTime } from 'luxon';
import { firstStart, nextOccurrences, parseRule } from '../../../calendar/recurrence.js';
import { ruleText } from '../../../calendar/rule-text.js';
import type { CalEvent } from '../../../calendar/types.js';
import type { AdminCtx } from '../context.js';
import { type SafeHtml, html } from '../html.js';
import { field, isoToLocal, localToIso, showTime, tags } from '../input.js';

/** The recurrence picker's choices; each becomes one RRULE from the start date. */
const REPEATS = ['', 'daily', 'weekly', 'monthly', 'monthly_last', 'yearly'] as const;
const ENDS = ['never', 'count', 'until'] as const;
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** Checkbox values from a urlencoded body: one string or several. */
function many(body: unknown, name: string): string[] {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

/** The picker's RRULE for a start (the weekday and day of the month come from it), or an error key. */
function ruleOf(v: Record<string, string>, days: string[], start: DateTime): string | { error: string } | undefined {
  const wd = DAYS[start.weekday - 1]!;
  let rule: string;
  switch (v['repeat']) {
    case 'daily':
      rule = 'FREQ=DAILY';
      break;
    case 'weekly':
      rule = `FREQ=WEEKLY;BYDAY=${(days.length ? days : [wd]).join(',')}`;
      break;
    case 'monthly':
      rule = `FREQ=MONTHLY;BYMONTHDAY=${start.day}`;
      break;
    case 'monthly_last':
      rule = `FREQ=MONTHLY;BYDAY=-1${wd}`;
      break;
    case 'yearly':
      rule = `FREQ=YEARLY;BYMONTH=${start.month};BYMONTHDAY=${start.day}`;
      break;
    default:
      return undefined;
  }
  if (v['end'] === 'count') {
    const n = Number(v['count']);
    if (!Number.isInteger(n) || n < 1 || n > 999) return { error: 'admin.cal.bad_repeat' };
    rule += `;COUNT=${n}`;
  } else if (v['end'] === 'until') {
    const u = DateTime.fromISO(v['until'] ?? '', { zone: start.zone });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v['until'] ?? '') || !u.isValid || u < start.startOf('day'))
      return { error: 'admin.cal.bad_repeat' };
    rule += `;UNTIL=${u.endOf('day').toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")}`;
  }
  return rule;
}

/** Validate the add/edit event form; returns the error text or the cleaned input (rule '' = no repeat). */
export function readEventForm(ctx: AdminCtx, body: unknown) {
  const zone = ctx.deps.config.TIMEZONE;
  const values: Record<string, string> = {
    title: field(body, 'title'),
    start: field(body, 'start'),
    place: field(body, 'place'),
    description: field(body, 'description'),
    audience: field(body, 'audience'),
    repeat: field(body, 'repeat'),
    end: field(body, 'end') || 'never',
    count: field(body, 'count'),
    until: field(body, 'until'),
    all_day: field(body, 'all_day') ? 'on' : '',
  };
  const days = many(body, 'byday').filter((d) => (DAYS as readonly string[]).includes(d));
  values['byday'] = days.join(',');
  let start = localToIso(values['start']!, zone);
  let rule = '';
  let error: string | undefined;
  if (values['title']!.length < 2 || values['title']!.length > 100) error = ctx.t('admin.cal.bad_title');
  else if (!start) error = ctx.t('admin.cal.bad_start');
  else if (values['place']!.length > 200 || values['description']!.length > 2000) error = ctx.t('admin.cal.too_long');
  else {
    let s: DateTime = DateTime.fromISO(start, { zone });
    if (values['all_day']) s = s.startOf('day');
    const r = ruleOf(values, days, s);
    if (typeof r === 'object') error = ctx.t(r.error);
    else if (r) {
      const first = firstStart(r, s, s.toJSDate());
      if (!first) error = ctx.t('admin.cal.bad_repeat');
      else {
        rule = r;
        s = first;
      }
    }
    start = s.toISO();
  }
  return {
    values,
    error,
    start: start ?? '',
    audience: tags(values['audience']!),
    rule,
    allDay: values['all_day'] === 'on',
  };
}

/** The picker's values for an existing event (its rule read back). */
export function pickerValues(e: CalEvent, zone: string): Record<string, string> {
  const v: Record<string, string> = {
    title: e.title,
    start: isoToLocal(e.start, zone),
    place: e.place ?? '',
    description: e.description ?? '',
    audience: e.audience.join(', '),
    all_day: e.allDay ? 'on' : '',
    repeat: '',
    end: 'never',
  };
  const o = e.rule ? parseRule(e.rule) : null;
  if (!o) return v;
  const days = (Array.isArray(o.byweekday) ? o.byweekday : o.byweekday ? [o.byweekday] : []).map((d) =>
    typeof d === 'number' ? { weekday: d, n: undefined } : (d as { weekday: number; n?: number }),
  );
  const kinds = ['yearly', 'monthly', 'weekly', 'daily'];
  v['repeat'] = kinds[o.freq ?? -1] ?? '';
  if (v['repeat'] === 'monthly' && days.some((d) => d.n)) v['repeat'] = 'monthly_last';
  v['byday'] = days.map((d) => DAYS[d.weekday]).join(',');
  if (o.count) Object.assign(v, { end: 'count', count: String(o.count) });
  else if (o.until)
    Object.assign(v, { end: 'until', until: DateTime.fromJSDate(o.until, { zone }).toFormat('yyyy-MM-dd') });
  return v;
}

const option = (ctx: AdminCtx, prefix: string, value: string, current: string) =>
  html`<option value="${value}"${current === value ? html` selected` : ''}>${ctx.t(`${prefix}${value || 'none'}`)}</option>`;

/** The event form's template fields (add form on the calendar page, edit form on an event's page). */
export function eventFormFields(ctx: AdminCtx, error: string | undefined, v: Record<string, string>) {
  const days = (v['byday'] ?? '').split(',');
  const boxes: SafeHtml[] = DAYS.map(
    (d) =>
      html`<label class="inline"><input type="checkbox" name="byday" value="${d}"${days.includes(d) ? html` checked` : ''}> ${ctx.t(`admin.cal.day.${d}`)}</label>`,
  );
  return {
    error: error ? html`<p class="error" role="alert">${error}</p>` : '',
    title: v['title'] ?? '',
    start: v['start'] ?? '',
    place: v['place'] ?? '',
    description: v['description'] ?? '',
    audience: v['audience'] ?? '',
    allDayChecked: v['all_day'] ? html` checked` : '',
    repeatOptions: REPEATS.map((r) => option(ctx, 'admin.cal.repeat.', r, v['repeat'] ?? '')),
    endOptions: ENDS.map((r) => option(ctx, 'admin.cal.end.', r, v['end'] ?? 'never')),
    bydayBoxes: boxes,
    count: v['count'] ?? '',
    until: v['until'] ?? '',
  };
}

/** When an event is, for tables and headings: a series' rule in words and its next occurrences. */
export function scheduleCell(ctx: AdminCtx, e: CalEvent, now: Date, n = 3): SafeHtml {
  const zone = ctx.deps.config.TIMEZONE;
  const day = (iso: string) =>
    e.allDay ? `${showTime(iso, zone).slice(0, 10)} ${ctx.t('calendar.all_day')}` : showTime(iso, zone);
  if (!e.rule) return html`${e.allDay ? day(e.start) : showTime(e.start, zone, e.monthOnly)}`;
  const next = nextOccurrences(e, now, n, zone);
  return html`<span class="rule">${ruleText(e, ctx.lang, zone)}</span>${
    next.length
      ? html`<ul class="plain next" aria-label="${ctx.t('admin.cal.next')}">${next.map((o) => html`<li>${day(o.toISO()!)}</li>`)}</ul>`
      : html` <span class="muted">${ctx.t('admin.cal.series_over')}</span>`
  }`;
}
