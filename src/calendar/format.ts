import { DateTime } from 'luxon';
import { translate } from '../core/i18n.js';
import type { Lang } from '../core/types.js';
import { leadLabel } from './dates.js';
import type { CalEvent } from './types.js';

const WEEK_ZH = ['', '一', '二', '三', '四', '五', '六', '日'];

/** "2026年6月15日（周一）14:00", "2026年6月（具体日期待定）", "Mon 15 Jun 2026 14:00". */
export function whenText(e: Pick<CalEvent, 'start' | 'end' | 'monthOnly'>, lang: Lang, zone: string): string {
  const s = DateTime.fromISO(e.start, { zone });
  if (e.monthOnly) {
    const end = e.end ? DateTime.fromISO(e.end, { zone }) : null;
    const span = end && end.month !== s.month ? end : null;
    if (lang === 'en') return `${s.toFormat('LLLL yyyy')}${span ? ` – ${span.toFormat('LLLL')}` : ''} (date to be set)`;
    return `${s.year}年${s.month}月${span ? `—${span.month}月` : ''}（具体日期待定）`;
  }
  if (lang === 'en') return s.setLocale('en').toFormat('ccc d LLL yyyy HH:mm');
  return `${s.year}年${s.month}月${s.day}日（周${WEEK_ZH[s.weekday]}）${s.toFormat('HH:mm')}`;
}

/** One line for lists: "#3 演讲比赛 — 2026年6月15日（周一）14:00 @ 市工人文化宫". */
export function eventLine(e: CalEvent, lang: Lang, zone: string): string {
  const parts = [`#${e.id} ${e.title} — ${whenText(e, lang, zone)}`];
  if (e.place) parts.push(`@ ${e.place}`);
  if (e.audience.length) parts.push(`[${e.audience.join(', ')}]`);
  if (e.status === 'cancelled') parts.push(translate(lang, 'calendar.cancelled_mark'));
  return parts.join(' ');
}

export function reminderText(e: CalEvent, lead: string, lang: Lang, zone: string): string {
  const key = lead === 'month' ? 'calendar.reminder_month' : 'calendar.reminder';
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
  if (whenText(before, lang, zone) !== whenText(after, lang, zone))
    line('time', whenText(before, lang, zone), whenText(after, lang, zone));
  if ((before.place ?? '') !== (after.place ?? '')) line('place', before.place ?? '', after.place ?? '');
  if ((before.description ?? '') !== (after.description ?? ''))
    line('description', before.description ?? '', after.description ?? '');
  return lines;
}

/** The message subscribers get when an event changes or is cancelled. */
export function noticeText(before: CalEvent, after: CalEvent, lang: Lang, zone: string): string {
  if (after.status === 'cancelled') {
    return translate(lang, 'calendar.notice_cancelled', { title: after.title, when: whenText(before, lang, zone) });
  }
  return [
    translate(lang, 'calendar.notice_changed', { title: after.title }),
    ...changeLines(before, after, lang, zone),
  ].join('\n');
}
