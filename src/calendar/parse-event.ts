import type { DateTime } from 'luxon';
import { type FoundDate, findDate, leadMs, parseDate } from './dates.js';
import { type FoundRule, findRule, isRuleError, parseRuleText } from './parse-rule.js';
import type { EventInput, EventPatch } from './types.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string; vars?: Record<string, string> };

const TAG = /(?:^|\s)#([^\s#|]+)/g;
/** "全天" / "整天" after a date or rule: an all-day event. */
const ALL_DAY = /全天|整天/g;
const ALL_DAY_ONE = /全天|整天/;
const NO_RULE = /^(?:无|不重复|取消重复|none|off)$/i;
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

function timing(
  d: { start: DateTime; monthOnly: boolean },
  allDay = false,
): Pick<EventInput, 'start' | 'monthOnly' | 'allDay'> {
  if (allDay && !d.monthOnly) return { start: d.start.startOf('day').toISO()!, monthOnly: false, allDay: true };
  return { start: d.start.toISO()!, monthOnly: d.monthOnly };
}

function ruleTiming(r: FoundRule, allDay: boolean): Pick<EventInput, 'start' | 'monthOnly' | 'rule' | 'allDay'> {
  return { ...timing({ start: r.start, monthOnly: false }, allDay), rule: r.rule };
}

/** A time field: a recurrence ("每月5日上午9点 共12次") or one date. */
function whenOf(text: string, now: Date, zone: string, allDay: boolean): ParseResult<Partial<EventInput>> {
  const r = parseRuleText(text, now, zone);
  if (isRuleError(r)) return { ok: false, error: r.error, vars: r.vars ?? {} };
  if (r) return { ok: true, value: ruleTiming(r, allDay) };
  const d = parseDate(text, now, zone);
  if (!d) return { ok: false, error: 'calendar.bad_date', vars: { text: text || '（空）' } };
  return { ok: true, value: timing(d, allDay) };
}

/**
 * `/event add` arguments, either by position ("演讲比赛 6月15日下午2点 市工人文化宫": title, date,
 * place) or with pipes ("标题 | 时间 | 地点 | 说明"). The time may be a recurrence ("每月5日上午9点 共12次");
 * "全天" makes it all-day. `#district:滨湖` sets the audience, `提醒=7d,2h` the lead times.
 */
export function parseEventAdd(args: string, now: Date, zone: string): ParseResult<EventInput> {
  const o = options(args);
  if (o.badLead) return { ok: false, error: 'calendar.bad_lead', vars: { lead: o.badLead } };
  const allDay = ALL_DAY_ONE.test(o.rest);
  const rest = o.rest.replace(ALL_DAY, ' ').trim();
  let input: EventInput;
  if (rest.includes('|') || rest.includes('｜')) {
    const [title = '', when = '', place = '', ...desc] = rest.split(/[|｜]/).map((s) => s.trim());
    if (!title) return { ok: false, error: 'calendar.add_usage' };
    const w = whenOf(when, now, zone, allDay);
    if (!w.ok) return w;
    input = { title, ...(w.value as Pick<EventInput, 'start'>) };
    if (place) input.place = place;
    if (desc.join('|').trim()) input.description = desc.join('|').trim();
  } else {
    const found = findWhen(rest, now, zone);
    if (found && 'error' in found) return { ok: false, error: found.error, vars: found.vars ?? {} };
    if (!found) return { ok: false, error: rest ? 'calendar.no_date' : 'calendar.add_usage', vars: { text: rest } };
    const title = rest.slice(0, found.index).trim();
    const place = rest.slice(found.index + found.length).trim();
    if (!title) return { ok: false, error: 'calendar.no_title' };
    input = { title, ...('rule' in found ? ruleTiming(found, allDay) : timing(found, allDay)) };
    if (place) input.place = place;
  }
  if (o.audience.length) input.audience = o.audience;
  if (o.leadTimes) input.leadTimes = o.leadTimes;
  return { ok: true, value: input };
}

/**
 * The recurrence or date in an `/event add` line: whichever comes first after a title. A rule word
 * at the very start ("每日一题 6月15日") is part of the title when a date follows.
 */
function findWhen(
  text: string,
  now: Date,
  zone: string,
): FoundRule | FoundDate | { error: string; vars?: Record<string, string> } | null {
  const r = findRule(text, now, zone);
  const d = findDate(text, now, zone);
  if (isRuleError(r)) return d && d.index > 0 ? d : r;
  if (r && d) {
    if (r.index === 0 && d.index > 0) return d;
    if (d.index < r.index && d.index > 0) return d;
    return r;
  }
  return r ?? d;
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
  重复: 'rule',
  repeat: 'rule',
};
const FIELD_RE = new RegExp(`(?:^|\\s)(${Object.keys(FIELDS).join('|')})\\s*[=＝:：]?\\s*`, 'gi');

/**
 * `/event edit ID 时间 6月16日下午3点 地点 市工人文化宫` (or just a date: `/event edit ID 6月16日`);
 * `重复 每周二` / `时间 每月5日上午9点` make it a series, `重复 无` a single event again.
 */
export function parseEventEdit(args: string, now: Date, zone: string): ParseResult<{ id: string; patch: EventPatch }> {
  const m = /^#?(\S+)\s*([\s\S]*)$/.exec(args.trim());
  if (!m?.[2]) return { ok: false, error: 'calendar.edit_usage' };
  const id = m[1]!;
  const body = m[2];
  const marks = [...body.matchAll(FIELD_RE)];
  const patch: EventPatch = {};
  const setTime = (text: string): ParseResult<null> | null => {
    const allDay = ALL_DAY_ONE.test(text);
    const w = whenOf(text.replace(ALL_DAY, ' ').trim(), now, zone, allDay);
    if (!w.ok) return w;
    Object.assign(patch, w.value);
    if (!allDay) patch.allDay = false;
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
    } else if (field === 'rule') {
      if (NO_RULE.test(value)) patch.rule = '';
      else {
        const r = parseRuleText(value, now, zone);
        if (!r) return { ok: false, error: 'calendar.bad_rule', vars: { text: value || '（空）' } };
        if (isRuleError(r)) return { ok: false, error: r.error, vars: r.vars ?? {} };
        Object.assign(patch, { start: r.start.toISO()!, rule: r.rule, monthOnly: false });
      }
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
