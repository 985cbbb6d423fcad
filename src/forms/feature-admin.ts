import type { CommandSpec, HandlerContext } from '../core/module.js';
import { IDENTITY_RE, type Reply, identityOf, isWebVisitor } from '../core/types.js';

/** Wrong /join codes one identity may try in an hour. */
export const JOIN_TRIES = 5;
import { currentMonth, findMonth } from './answers.js';
import { renderProgress } from './progress.js';
import { MONTH_RE } from './schema.js';
import type { FormsInternals } from './service.js';
import { UNIT_TYPES, type Unit, parseBool, parseUnitType } from './units.js';


function monthArg(ctx: HandlerContext, args: string): string | null {
  const now = ctx.deps.clock.now();
  const tz = ctx.deps.config.TIMEZONE;
  if (!args.trim()) return currentMonth(now, tz);
  const s = args.trim();
  return MONTH_RE.test(s) ? s : findMonth(s, now, tz);
}

function unitLine(ctx: HandlerContext, u: Unit): string {
  return ctx.t('forms.unit_line', {
    name: u.name,
    district: u.district || '—',
    type: u.type,
    high: u.highTrainingNeeds ? ctx.t('forms.high_needs') : '',
  });
}

async function unitCommand(ctx: HandlerContext, fi: FormsInternals, args: string): Promise<Reply[]> {
  const [sub, ...rest] = args.trim().split(/\s+/).filter(Boolean);
  if (sub === 'list' || sub === '列表') {
    const all = await fi.units.listUnits();
    if (all.length === 0) return [{ text: ctx.t('forms.units_empty') }];
    return [
      { text: `${ctx.t('forms.units_title', { n: all.length })}\n${all.map((u) => unitLine(ctx, u)).join('\n')}` },
    ];
  }
  if (sub === 'add' || sub === '添加') {
    const [name, district, typeRaw, high] = rest;
    const type = typeRaw ? parseUnitType(typeRaw) : null;
    const needs = high === undefined ? false : parseBool(high);
    if (!name || !district || !type || needs === null) {
      return [{ text: ctx.t('forms.unit_usage', { types: UNIT_TYPES.join('、') }) }];
    }
    const u = await fi.units.upsertUnit({ name, district, type, highTrainingNeeds: needs });
    return [{ text: ctx.t('forms.unit_saved', { line: unitLine(ctx, u) }) }];
  }
  return [{ text: ctx.t('forms.unit_usage', { types: UNIT_TYPES.join('、') }) }];
}

async function officerCommand(ctx: HandlerContext, fi: FormsInternals, args: string): Promise<Reply[]> {
  const words = args.trim().split(/\s+/).filter(Boolean);
  if ((words[0] === 'remove' || words[0] === '移除') && words.length === 2) {
    const who = words[1]!;
    if (!IDENTITY_RE.test(who)) return [{ text: ctx.t('forms.officer_usage') }];
    const old = await fi.units.unbindOfficer(who);
    if (!old) return [{ text: ctx.t('forms.officer_not_bound', { identity: who }) }];
    const unit = await fi.units.getUnit(old);
    return [{ text: ctx.t('forms.officer_removed', { identity: who, unit: unit?.name ?? old }) }];
  }
  const [who, ...nameParts] = words;
  const name = nameParts.join(' ');
  if (!who || !IDENTITY_RE.test(who) || !name) return [{ text: ctx.t('forms.officer_usage') }];
  if (isWebVisitor(who)) return [{ text: ctx.t('role.visitor') }];
  const found = await fi.units.findUnit(name);
  if (found === 'ambiguous') return [{ text: ctx.t('forms.unit_ambiguous', { name }) }];
  let unit = found;
  let created = false;
  if (!unit) {
    unit = await fi.units.upsertUnit({ name, district: '', type: '其他', highTrainingNeeds: false });
    created = true;
  }
  await fi.units.bindOfficer(who, unit.id);
  const out: Reply[] = [{ text: ctx.t('forms.officer_bound', { identity: who, unit: unit.name }) }];
  if (created) out.push({ text: ctx.t('forms.unit_created_hint', { unit: unit.name }) });
  return out;
}

/** Staff commands (units, officers, invites, progress) and /join for officers. */
export function adminCommands(fi: FormsInternals): CommandSpec[] {
  return [
    {
      names: ['progress', '进度汇总'],
      help: 'forms.help.progress',
      role: 'staff',
      bareAliases: ['进度汇总'],
      handler: async (ctx, args) => {
        const month = monthArg(ctx, args);
        if (!month) return [{ text: ctx.t('forms.month_usage', { input: args.trim() }) }];
        const p = await fi.service.progress(month);
        return [{ text: renderProgress(p, ctx.lang, ctx.t) }];
      },
    },
    {
      names: ['unit', '单位'],
      help: 'forms.help.unit',
      role: 'staff',
      handler: (ctx, args) => unitCommand(ctx, fi, args),
    },
    {
      names: ['officer', '干部'],
      help: 'forms.help.officer',
      role: 'staff',
      handler: (ctx, args) => officerCommand(ctx, fi, args),
    },
    {
      names: ['invite', '邀请'],
      help: 'forms.help.invite',
      role: 'staff',
      handler: async (ctx, args) => {
        const name = args.trim();
        if (!name) return [{ text: ctx.t('forms.invite_usage') }];
        const u = await fi.units.findUnit(name);
        if (u === 'ambiguous') return [{ text: ctx.t('forms.unit_ambiguous', { name }) }];
        if (!u) return [{ text: ctx.t('forms.unit_unknown', { name }) }];
        const code = await fi.units.createInvite(u.id);
        return [{ text: ctx.t('forms.invite_created', { unit: u.name, code }) }];
      },
    },
    {
      names: ['join', '加入'],
      help: 'forms.help.join',
      handler: async (ctx, args) => {
        const code = args.trim();
        if (!/^[A-Za-z0-9]{4,16}$/.test(code)) return [{ text: ctx.t('forms.join_usage') }];
        // Guessing invite codes: counted before the lookup, per identity, JOIN_TRIES an hour.
        const { redis, keys } = ctx.deps;
        const key = keys.joinAttempts(identityOf(ctx.inc));
        const [[, n]] = (await redis.multi().incr(key).expire(key, 3600, 'NX').exec()) as [[unknown, number]];
        if (n > JOIN_TRIES) return [{ text: ctx.t('forms.join_locked', { n: JOIN_TRIES }) }];
        const u = await fi.units.redeemInvite(code, ctx.identity);
        if (!u) return [{ text: ctx.t('forms.join_invalid') }];
        await redis.del(key);
        return [{ text: ctx.t('forms.joined', { unit: u.name }) }];
      },
    },
  ];
}

export { monthArg };
