import { DateTime } from 'luxon';
import { translate } from '../core/i18n.js';
import type { Lang } from '../core/types.js';
import { leadLabel } from './dates.js';
import { nextOccurrences } from './recurrence.js';
import { ruleText } from './rule-text.js';
import type { CalEvent } from './types.js';

const WEEK_ZH = ['', '一', '二', '三', '四', '五', '六', '日'];

/**
 * When one occurrence is: "2026年6月15日（周一）14:00", "2026年6月（具体日期待定）", "2026年5月1日（周五）"
 * (all-day: no time), "Mon 15 Jun 2026 14:00". For a series, pass the occurrence as `start`.
 */
export function whenText(
  e: Pick<CalEvent, 'start' | 'end' | 'monthOnly' | 'allDay'>,
  lang: Lang,
  zone: string,
): string {
  const s = DateTime.fromISO(e.start, { zone });
  if (e.monthOnly) {
    const end = e.end ? DateTime.fromISO(e.end, { zone }) : null;
    const span = end && end.month !== s.month ? end : null;
    if (lang === 'en') return `${s.toFormat('LLLL yyyy')}${span ? ` – ${span.toFormat('LLLL')}` : ''} (date to be set)`;
    return `${s.year}年${s.month}月${span ? `—${span.month}月` : ''}（具体日期待定）`;
  }
  const day = (d: DateTime) =>
    lang === 'en'
      ? d.setLocale('en').toFormat('ccc d LLL yyyy')
      : `${d.year}年${d.month}月${d.day}日（周${WEEK_ZH[d.weekday]}）`;
  const sep = lang === 'en' ? ' ' : '';
  if (e.allDay) {
    const last = e.end ? DateTime.fromISO(e.end, { zone }) : null;
    const range = last && last.startOf('day') > s.startOf('day') ? last : null;
    return `${day(s)}${range ? ` – ${day(range)}` : ''}${sep}${translate(lang, 'calendar.all_day')}`;
  }
  return `${day(s)}${sep}${s.toFormat('HH:mm')}`;
}

/** How an event repeats, in words ("每月5日 09:00，共12次"), or when it is, for a single event. */
export function scheduleText(e: CalEvent, lang: Lang, zone: string): string {
  return e.rule ? ruleText(e, lang, zone) : whenText(e, lang, zone);
}

/** The next `n` occurrences from `now`, one line each ("• 2026年6月5日（周五）09:00"). */
export function nextLines(e: CalEvent, lang: Lang, zone: string, now: Date, n = 3): string[] {
  return nextOccurrences(e, now, n, zone).map((o) => `• ${whenText({ ...e, start: o.toISO()! }, lang, zone)}`);
}

/** One line for lists: "#3 演讲比赛 — 2026年6月15日（周一）14:00 @ 市工人文化宫". */
export function eventLine(e: CalEvent, lang: Lang, zone: string, now?: Date): string {
  let when = scheduleText(e, lang, zone);
  const next = e.rule && now ? nextOccurrences(e, now, 1, zone)[0] : undefined;
  if (next)
    when += translate(lang, 'calendar.next_mark', { when: whenText({ ...e, start: next.toISO()! }, lang, zone) });
  const parts = [`#${e.id} ${e.title} — ${when}`];
  if (e.place) parts.push(`@ ${e.place}`);
  if (e.audience.length) parts.push(`[${e.audience.join(', ')}]`);
  if (e.status === 'cancelled') parts.push(translate(lang, 'calendar.cancelled_mark'));
  return parts.join(' ');
}

/** A reminder of one occurrence: pass the event with the occurrence as its `start`. */
export function reminderText(e: CalEvent, lead: string, lang: Lang, zone: string): string {
  const keys: Record<string, string> = {
    month: 'calendar.reminder_month',
    eve: 'calendar.reminder_allday_eve',
    day: 'calendar.reminder_allday_day',
  };
  const key = keys[lead] ?? 'calendar.reminder';
  const text = translate(lang, key, { title: e.title, when: whenText(e, lang, zone), lead: leadLabel(lead, lang) });
  const extra = [
    e.place ? translate(lang, 'calendar.place_line', { place: e.place }) : '',
    e.description ? e.description : '',
  ].filter(Boolean);
  return [text, ...extra].join('\n');
}

/** What changed between two versions of an event, one line per field. */
export function changeLines(before: CalEvent, after: CalEvent, lang: Lang, zone: string): string[] {
  const lines: string[] = [];
  const line = (field: string, a: string, b: string) =>
    lines.push(
      translate(lang, 'calendar.change_line', {
        field: translate(lang, `calendar.field.${field}`),
        from: a || '—',
        to: b || '—',
      }),
    );
  if (before.title !== after.title) line('title', before.title, after.title);
  if (scheduleText(before, lang, zone) !== scheduleText(after, lang, zone))
    line('time', scheduleText(before, lang, zone), scheduleText(after, lang, zone));
  if ((before.place ?? '') !== (after.place ?? '')) line('place', before.place ?? '', after.place ?? '');
  if ((before.description ?? '') !== (after.description ?? ''))
    line('description', before.description ?? '', after.description ?? '');
  return lines;
}

/** The message subscribers get when an event changes or is cancelled (or one occurrence of a series is). */
export function noticeText(before: CalEvent, after: CalEvent, lang: Lang, zone: string, occurrence?: string): string {
  if (occurrence) {
    const when = whenText({ ...after, start: occurrence }, lang, zone);
    return translate(lang, 'calendar.notice_occurrence_cancelled', { title: after.title, when });
  }
  if (after.status === 'cancelled') {
    return translate(lang, 'calendar.notice_cancelled', { title: after.title, when: scheduleText(before, lang, zone) });
  }
  return [
    translate(lang, 'calendar.notice_changed', { title: after.title }),
    ...changeLines(before, after, lang, zone),
  ].join('\n');
}
