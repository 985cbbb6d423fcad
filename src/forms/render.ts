import type { Choice, Citation, Lang, Reply } from '../core/types.js';
import { formatValue } from './answers.js';
import type { Draft } from './drafts.js';
import { type FieldDef, type FormContext, type FormDefinition, type FormWarning, pick } from './types.js';

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

export interface RenderEnv {
  def: FormDefinition;
  lang: Lang;
  t: Translate;
  formCtx: FormContext;
}

export function fieldByKey(def: FormDefinition, key: string | null): FieldDef | null {
  return key ? (def.fields.find((f) => f.key === key) ?? null) : null;
}

/** The first field neither answered nor skipped, in form order; null = everything done. */
export function nextField(def: FormDefinition, d: Draft): FieldDef | null {
  return def.fields.find((f) => !(f.key in d.values) && !d.skipped.includes(f.key)) ?? null;
}

export function missingRequired(def: FormDefinition, d: Draft): FieldDef[] {
  return def.fields.filter((f) => f.required && !(f.key in d.values));
}

/** The question for one field, with its hint, the current value and buttons. */
export function promptReply(env: RenderEnv, d: Draft, f: FieldDef): Reply {
  const { def, lang, t } = env;
  const n = def.fields.indexOf(f) + 1;
  const lines = [`（${n}/${def.fields.length}）${pick(f.question, lang)}`, pick(f.hint, lang)];
  if (f.key in d.values) lines.push(t('forms.current', { value: formatValue(f, d.values[f.key], lang) }));
  lines.push(t(f.required ? 'forms.controls' : 'forms.controls_optional'));
  const choices: Choice[] = [];
  if (f.type === 'choice') {
    for (const c of f.choices ?? [])
      choices.push({ label: pick(c.label, lang), value: `form:choice:${f.key}:${c.value}` });
  } else if (f.type === 'yesno') {
    choices.push({ label: t('forms.yes'), value: `form:choice:${f.key}:yes` });
    choices.push({ label: t('forms.no'), value: `form:choice:${f.key}:no` });
  }
  if (!f.required) choices.push({ label: t('forms.btn.skip'), value: 'form:skip' });
  if (n > 1) choices.push({ label: t('forms.btn.back'), value: 'form:back' });
  const reply: Reply = { text: lines.join('\n') };
  if (choices.length) reply.choices = choices;
  return reply;
}

/** “您填的是 95%，确认吗？” with 是 / 否 buttons, for the value waiting in `d.pend`. */
export function confirmReply(
  env: RenderEnv,
  d: Draft,
  q: { key: string; vars: Record<string, string | number> },
): Reply {
  const f = fieldByKey(env.def, d.pend?.k ?? null)!;
  const vars: Record<string, string | number> = {
    ...q.vars,
    label: pick(f.label, env.lang),
    value: formatValue(f, d.pend?.v, env.lang),
  };
  if (typeof q.vars['max'] === 'number') vars['max'] = formatValue(f, q.vars['max'], env.lang);
  if (typeof q.vars['rule'] === 'string') vars['rule'] = env.t(q.vars['rule']);
  return {
    text: env.t(q.key, vars),
    choices: [
      { label: env.t('forms.yes'), value: 'form:sure:yes' },
      { label: env.t('forms.no'), value: 'form:sure:no' },
    ],
  };
}

/** `· 培训人次：120 人次` lines for the given fields. */
export function valueLines(env: RenderEnv, d: Draft, fields: FieldDef[]): string[] {
  return fields.map((f) => {
    const v =
      f.key in d.values
        ? formatValue(f, d.values[f.key], env.lang)
        : d.skipped.includes(f.key)
          ? env.t('forms.skipped')
          : env.t('forms.empty');
    return `· ${pick(f.label, env.lang)}：${v}`;
  });
}

export function warningsFor(env: RenderEnv, d: Draft, only?: string[]): FormWarning[] {
  const all = env.def.warnings?.(d.values, env.formCtx) ?? [];
  return only ? all.filter((w) => only.includes(w.field)) : all;
}

export function warningReply(env: RenderEnv, ws: FormWarning[]): Reply | null {
  if (ws.length === 0) return null;
  const citations: Citation[] = ws.flatMap((w) => (w.citation ? [w.citation] : []));
  const reply: Reply = { text: ws.map((w) => `⚠️ ${pick(w.text, env.lang)}`).join('\n') };
  if (citations.length) reply.citations = citations;
  return reply;
}

/** Everything filled so far, then 确认提交 / 修改 / 取消. */
export function summaryReply(env: RenderEnv, d: Draft, heading?: string): Reply[] {
  const { def, lang, t } = env;
  const head = heading ?? t('forms.summary', { title: pick(def.title, lang) });
  const amend = d.amends ? `\n${t('forms.will_amend', { version: d.amends, next: d.amends + 1 })}` : '';
  const out: Reply[] = [
    {
      text: `${head}\n${valueLines(env, d, def.fields).join('\n')}${amend}\n\n${t('forms.confirm_hint')}`,
      choices: [
        { label: t('forms.btn.confirm'), value: 'form:confirm' },
        { label: t('forms.btn.edit'), value: 'form:edit' },
        { label: t('forms.btn.cancel'), value: 'form:cancel' },
      ],
    },
  ];
  // Warnings first, so the message with the 确认提交 buttons is always the last one.
  const w = warningReply(env, warningsFor(env, d));
  if (w) out.unshift(w);
  return out;
}

/** Buttons for every field, for a bare 修改. Values stay short: form:edit:<key>. */
export function editMenu(env: RenderEnv): Reply {
  return {
    text: env.t('forms.edit_which'),
    choices: env.def.fields.map((f) => ({ label: pick(f.label, env.lang), value: `form:edit:${f.key}` })),
  };
}

/** 进度: what is filled, what is left. */
export function progressText(env: RenderEnv, d: Draft): string {
  const filled = env.def.fields.filter((f) => f.key in d.values);
  const left = env.def.fields.filter((f) => !(f.key in d.values) && !d.skipped.includes(f.key));
  const lines = [env.t('forms.progress', { done: filled.length, total: env.def.fields.length })];
  if (filled.length) lines.push(...valueLines(env, d, filled));
  if (left.length) lines.push(env.t('forms.left', { fields: left.map((f) => pick(f.label, env.lang)).join('、') }));
  return lines.join('\n');
}

/** Find a field by what people call it in 修改 <字段>: label, alias, key; longest match wins. */
export function findFieldByName(def: FormDefinition, text: string): { field: FieldDef; rest: string } | null {
  const s = text.trim();
  let best: { field: FieldDef; len: number; rest: string } | null = null;
  for (const f of def.fields) {
    for (const name of [f.label.zh, f.label.en, f.key, ...(f.aliases ?? [])]) {
      if (!name) continue;
      if (s.toLowerCase().startsWith(name.toLowerCase()) && (!best || name.length > best.len)) {
        best = {
          field: f,
          len: name.length,
          rest: s
            .slice(name.length)
            .replace(/^[\s:：为是改成=]+/, '')
            .trim(),
        };
      }
    }
  }
  if (best) return { field: best.field, rest: best.rest };
  // A name anywhere in the text (修改一下培训人次).
  for (const f of def.fields) {
    for (const name of [f.label.zh, ...(f.aliases ?? [])]) if (s.includes(name)) return { field: f, rest: '' };
  }
  return null;
}
