import type { DateTime } from 'luxon';
import { findDate, leadMs, parseDate } from './dates.js';
import type { EventInput, EventPatch } from './types.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string; vars?: Record<string, string> };

const TAG = /(?:^|\s)#([^\s#|]+)/g;
const LEAD = /(?:^|\s)(?:提醒|lead)[=＝:：]\s*([\dsmhd,，\s]+?)(?=\s|$)/i;

/** Pull `#tag` (audience) and `提醒=7d,2h` (lead times) out of the text. */
function options(text: string): { rest: string; audience: string[]; leadTimes?: string[]; badLead?: string } {
  const audience = [...text.matchAll(TAG)].map((m) => m[1]!);
  let rest = text.replace(TAG, ' ');
  const lm = LEAD.exec(rest);
  let leadTimes: string[] | undefined;
  let badLead: string | undefined;
  if (lm) {
    leadTimes = lm[1]!.split(/[,，\s]+/).filter(Boolean);
    badLead = leadTimes.find((l) => !Number.isFinite(leadMs(l)));
    rest = rest.replace(lm[0], ' ');
  }
  const out: { rest: string; audience: string[]; leadTimes?: string[]; badLead?: string } = {
    rest: rest.trim(),
    audience,
  };
  if (leadTimes) out.leadTimes = leadTimes;
  if (badLead) out.badLead = badLead;
  return out;
}

function timing(d: { start: DateTime; monthOnly: boolean }): Pick<EventInput, 'start' | 'monthOnly'> {
  return { start: d.start.toISO()!, monthOnly: d.monthOnly };
}

/**
 * `/event add` arguments, either by position ("演讲比赛 6月15日下午2点 市工人文化宫": title, date,
 * place) or with pipes ("标题 | 时间 | 地点 | 说明"). `#district:滨湖` sets the audience,
 * `提醒=7d,2h` the lead times.
 */
export function parseEventAdd(args: string, now: Date, zone: string): ParseResult<EventInput> {
  const o = options(args);
  if (o.badLead) return { ok: false, error: 'calendar.bad_lead', vars: { lead: o.badLead } };
  let input: EventInput;
  if (o.rest.includes('|') || o.rest.includes('｜')) {
    const [title = '', when = '', place = '', ...desc] = o.rest.split(/[|｜]/).map((s) => s.trim());
    if (!title) return { ok: false, error: 'calendar.add_usage' };
    const d = parseDate(when, now, zone);
    if (!d) return { ok: false, error: 'calendar.bad_date', vars: { text: when || '（空）' } };
    input = { title, ...timing(d) };
    if (place) input.place = place;
    if (desc.join('|').trim()) input.description = desc.join('|').trim();
  } else {
    const f = findDate(o.rest, now, zone);
    if (!f) return { ok: false, error: o.rest ? 'calendar.no_date' : 'calendar.add_usage', vars: { text: o.rest } };
    const title = o.rest.slice(0, f.index).trim();
    const place = o.rest.slice(f.index + f.length).trim();
    if (!title) return { ok: false, error: 'calendar.no_title' };
    input = { title, ...timing(f) };
    if (place) input.place = place;
  }
  if (o.audience.length) input.audience = o.audience;
  if (o.leadTimes) input.leadTimes = o.leadTimes;
  return { ok: true, value: input };
}

const FIELDS: Record<string, keyof EventPatch | 'time'> = {
  标题: 'title',
  title: 'title',
  时间: 'time',
  日期: 'time',
  time: 'time',
  地点: 'place',
  place: 'place',
  说明: 'description',
  描述: 'description',
  desc: 'description',
  受众: 'audience',
  audience: 'audience',
  提醒: 'leadTimes',
  lead: 'leadTimes',
};
const FIELD_RE = new RegExp(`(?:^|\\s)(${Object.keys(FIELDS).join('|')})\\s*[=＝:：]?\\s*`, 'gi');

/** `/event edit ID 时间 6月16日下午3点 地点 市工人文化宫` (or just a date: `/event edit ID 6月16日`). */
export function parseEventEdit(args: string, now: Date, zone: string): ParseResult<{ id: string; patch: EventPatch }> {
  const m = /^#?(\S+)\s*([\s\S]*)$/.exec(args.trim());
  if (!m?.[2]) return { ok: false, error: 'calendar.edit_usage' };
  const id = m[1]!;
  const body = m[2];
  const marks = [...body.matchAll(FIELD_RE)];
  const patch: EventPatch = {};
  const setTime = (text: string): ParseResult<null> | null => {
    const d = parseDate(text, now, zone);
    if (!d) return { ok: false, error: 'calendar.bad_date', vars: { text } };
    Object.assign(patch, timing(d));
    return null;
  };
  if (marks.length === 0 || marks[0]!.index !== 0) {
    const err = setTime(body.trim());
    if (err) return { ok: false, error: 'calendar.edit_usage' };
    return { ok: true, value: { id, patch } };
  }
  for (let i = 0; i < marks.length; i++) {
    const mk = marks[i]!;
    const field = FIELDS[mk[1]!.toLowerCase()] ?? FIELDS[mk[1]!]!;
    const value = body.slice(mk.index + mk[0].length, marks[i + 1]?.index ?? body.length).trim();
    if (field === 'time') {
      const err = setTime(value);
      if (err && !err.ok) return err;
    } else if (field === 'audience') {
      patch.audience = value
        .split(/[,，\s]+/)
        .map((t) => t.replace(/^#/, ''))
        .filter(Boolean);
    } else if (field === 'leadTimes') {
      const leads = value.split(/[,，\s]+/).filter(Boolean);
      const bad = leads.find((l) => !Number.isFinite(leadMs(l)));
      if (bad) return { ok: false, error: 'calendar.bad_lead', vars: { lead: bad } };
      patch.leadTimes = leads;
    } else if (!value && field === 'title') {
      return { ok: false, error: 'calendar.no_title' };
    } else {
      patch[field as 'title' | 'place' | 'description'] = value;
    }
  }
  return { ok: true, value: { id, patch } };
}
