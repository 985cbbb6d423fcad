import { DateTime } from 'luxon';

/**
 * Quiet hours ("22:00-08:00", wrapping midnight, or "off"): a message due inside them moves to
 * the next allowed minute, i.e. the end of the quiet period, in the chat's time zone.
 */
export function nextAllowed(at: Date, quiet: string, zone: string): Date {
  const m = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(quiet);
  if (!m) return at;
  const from = Number(m[1]) * 60 + Number(m[2]);
  const to = Number(m[3]) * 60 + Number(m[4]);
  if (from === to) return at;
  const t = DateTime.fromJSDate(at, { zone });
  const minute = t.hour * 60 + t.minute;
  const inside = from < to ? minute >= from && minute < to : minute >= from || minute < to;
  if (!inside) return at;
  let end = t.set({ hour: Math.floor(to / 60), minute: to % 60, second: 0, millisecond: 0 });
  if (end <= t) end = end.plus({ days: 1 });
  return end.toJSDate();
}

export function isQuietSpec(s: string): boolean {
  return s === 'off' || /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/.test(s);
}
