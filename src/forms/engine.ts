import type { Reply } from '../core/types.js';
import { currentMonth, formatValue, parseAnswer } from './answers.js';
import { confirmStep, heldBack, sure } from './confirm.js';
import { checkReport, needsConfirmation } from './checks.js';
import type { Draft } from './drafts.js';
import { type Extraction, extractParagraph } from './extract.js';
import { groundLlm } from './extract-llm.js';
import { gate } from './gate.js';
import { looksLikeQuestion, parseIntent } from './intents.js';
import {
  editMenu,
  fieldByKey,
  findFieldByName,
  missingRequired,
  nextField,
  progressText,
  promptReply,
  valueLines,
  warningReply,
  warningsFor,
} from './render.js';
import { type EngineEnv, type Step, advance, ask, setValues } from './step-base.js';
import { type FieldDef, pick } from './types.js';

export type { EngineEnv, Step } from './step-base.js';

/** The current question (or the summary) again, unchanged: after the router answered something else. */
export function repeatPrompt(env: EngineEnv, d: Draft): Step {
  return ask(env, d);
}

/**
 * Rules first; the model only for paragraph-like text that is not a side question, and what it
 * proposes passes the same placement checks (src/forms/extract-llm.ts groundLlm): it never files a
 * number the paragraph does not state.
 */
async function extract(env: EngineEnv, text: string): Promise<Extraction> {
  const rules = extractParagraph(env.def, text, env.answer);
  const found = rules.values;
  const worthAsking = [...text].length >= 6 && !(looksLikeQuestion(text) && Object.keys(found).length === 0);
  if (env.llmExtract && worthAsking) {
    try {
      const added = groundLlm(env.def, text, rules, await env.llmExtract(text));
      Object.assign(found, added);
      // A number the model placed (and the checks allowed) is no longer unsure.
      const placed = new Set(Object.values(added).map(String));
      rules.unsure = rules.unsure.filter((u) => !placed.has(u));
    } catch (err) {
      env.onLlmError?.(err);
    }
  }
  // Months obey the same rule as a typed answer: never a future month.
  const now = currentMonth(env.answer.now, env.answer.tz);
  for (const f of env.def.fields)
    if (f.type === 'month' && typeof found[f.key] === 'string' && (found[f.key] as string) > now) delete found[f.key];
  return { values: found, unsure: rules.unsure };
}

async function submit(env: EngineEnv, d: Draft): Promise<Step> {
  const [unsure] = needsConfirmation(env.def, d.values, d.ok ?? {});
  if (unsure) {
    d.pend = { k: unsure.field, v: unsure.value, c: unsure.check };
    delete d.values[unsure.field];
    d.cursor = unsure.field;
    d.ret = true;
    return ask(env, d);
  }
  const missing = missingRequired(env.def, d);
  if (missing.length) {
    d.cursor = missing[0]!.key;
    const names = missing.map((f) => pick(f.label, env.lang)).join('、');
    return ask(env, d, [{ text: env.t('forms.missing', { fields: names }) }]);
  }
  const checked = checkReport(env.def, d.values, d.ok ?? {});
  if (!checked.ok) {
    const issue = checked.issues[0]!;
    const f = fieldByKey(env.def, issue.field) ?? env.def.fields[0]!;
    d.cursor = f.key;
    d.ret = true;
    const msg = issue.message ? env.t(issue.message) : env.t('forms.err.invalid', { label: pick(f.label, env.lang) });
    return ask(env, d, [{ text: msg }]);
  }
  if (!(await env.mayFile(d))) return { draft: null, replies: [{ text: env.t('forms.not_your_unit') }] };
  const res = await env.submit(d, checked.data);
  if (res.duplicate)
    return { draft: null, replies: [{ text: env.t('forms.already_submitted', { version: res.version }) }] };
  const period = env.def.periodField ? String(d.values[env.def.periodField]) : '';
  const key = res.version > 1 ? 'forms.submitted_amended' : 'forms.submitted';
  return {
    draft: null,
    replies: [{ text: env.t(key, { title: pick(env.def.title, env.lang), period, version: res.version }) }],
  };
}

async function edit(env: EngineEnv, d: Draft, target: string): Promise<Step> {
  if (!target) return { draft: d, replies: [editMenu(env)] };
  const hit = findFieldByName(env.def, target);
  if (!hit) return { draft: d, replies: [{ text: env.t('forms.edit_unknown', { name: target }) }, editMenu(env)] };
  const { field, rest } = hit;
  const wasSummary = d.cursor === null;
  if (rest) {
    const r = parseAnswer(field, rest, env.answer);
    if (!r.ok) return { draft: d, replies: [{ text: env.t(r.error, r.vars) }, promptReply(env, d, field)] };
    const g = gate(env.def, d, { [field.key]: r.value }, true);
    if (!(field.key in g.values)) {
      d.cursor = field.key;
      d.ret = wasSummary;
      d.pend = g.pend ?? undefined;
      return ask(env, d, heldBack(env, g));
    }
    const pre = await setValues(env, d, { [field.key]: r.value });
    const note = {
      text: env.t('forms.changed', {
        label: pick(field.label, env.lang),
        value: formatValue(field, r.value, env.lang),
      }),
    };
    const w = warningReply(env, warningsFor(env, d, [field.key]));
    if (wasSummary) d.ret = true;
    advance(env, d);
    return ask(env, d, [note, ...pre, ...(w ? [w] : [])]);
  }
  d.cursor = field.key;
  d.ret = wasSummary;
  return ask(env, d);
}

function back(env: EngineEnv, d: Draft): Step {
  const fields = env.def.fields;
  if (d.cursor === null) {
    d.cursor = fields[fields.length - 1]!.key;
    return ask(env, d);
  }
  const i = fields.findIndex((f) => f.key === d.cursor);
  if (i <= 0) return ask(env, d, [{ text: env.t('forms.first') }]);
  d.cursor = fields[i - 1]!.key;
  d.ret = false;
  return ask(env, d);
}

function skip(env: EngineEnv, d: Draft): Step {
  const f = fieldByKey(env.def, d.cursor);
  if (!f) return ask(env, d, [{ text: env.t('forms.confirm_hint') }]);
  if (f.key in d.values) {
    // Came back with 上一步 and the answer stays as it was.
    advance(env, d);
    return ask(env, d);
  }
  if (f.required) return ask(env, d, [{ text: env.t('forms.cannot_skip', { label: pick(f.label, env.lang) }) }]);
  if (!d.skipped.includes(f.key)) d.skipped.push(f.key);
  advance(env, d);
  return ask(env, d);
}

/** Apply one typed answer or paragraph. */
async function answer(env: EngineEnv, d: Draft, text: string): Promise<Step> {
  const f: FieldDef | null = fieldByKey(env.def, d.cursor);
  const question = looksLikeQuestion(text);
  if (f && !(f.type === 'text' && question)) {
    const r = parseAnswer(f, text, env.answer);
    // “学习型企业推进中，学习型工会已启动，培训4场” answers more than the question: read it as a paragraph.
    if (r.ok && f.type !== 'text' && /[，。；;、,\n]/.test(text.trim())) {
      const ex = await extract(env, text);
      if (Object.keys(ex.values).some((k) => k !== f.key)) return filled(env, d, ex);
    }
    if (r.ok) {
      const g = gate(env.def, d, { [f.key]: r.value }, true);
      if (!(f.key in g.values)) {
        d.pend = g.pend ?? undefined;
        return ask(env, d, heldBack(env, g));
      }
      const pre = await setValues(env, d, { [f.key]: r.value });
      const w = warningReply(env, warningsFor(env, d, [f.key]));
      advance(env, d);
      return ask(env, d, [...pre, ...(w ? [w] : [])]);
    }
    const found = await extract(env, text);
    if (Object.keys(found.values).length > 0 || found.unsure.length > 0) return filled(env, d, found);
    if (question) return side(env, d, text);
    return ask(env, d, [{ text: env.t(r.error, r.vars) }]);
  }
  if (question) return side(env, d, text);
  // On the summary: a paragraph or "培训人次150" amends what it names.
  const found = await extract(env, text);
  if (Object.keys(found.values).length > 0 || found.unsure.length > 0) return filled(env, d, found);
  return ask(env, d, [{ text: env.t('forms.confirm_hint') }]);
}

async function filled(env: EngineEnv, d: Draft, ex: Extraction): Promise<Step> {
  const found = ex.values;
  // Never move the period by accident: a paragraph's 本月 only fills an empty month.
  const period = env.def.periodField;
  if (period && period in d.values && period in found && found[period] !== d.values[period]) delete found[period];
  const g = gate(env.def, d, found);
  const pre = await setValues(env, d, g.values);
  const fields = env.def.fields.filter((x) => x.key in g.values);
  const notes: Reply[] = [];
  if (fields.length) notes.push({ text: `${env.t('forms.recognised')}\n${valueLines(env, d, fields).join('\n')}` });
  notes.push(...heldBack(env, g, ex.unsure));
  const w = warningReply(env, warningsFor(env, d, Object.keys(g.values)));
  if (d.cursor === null) d.ret = true;
  advance(env, d);
  d.pend = g.pend ?? undefined;
  return ask(env, d, [...notes, ...pre, ...(w ? [w] : [])]);
}

async function side(env: EngineEnv, d: Draft, text: string): Promise<Step> {
  const a = await env.askQa(text);
  const lead = a ?? [{ text: env.t('forms.no_qa') }];
  return ask(env, d, [...lead, { text: env.t('forms.back_to_form') }]);
}

/** One message inside a running form. */
export async function stepText(env: EngineEnv, d: Draft, text: string): Promise<Step> {
  const intent = parseIntent(text);
  if (d.pend && intent?.kind !== 'cancel' && intent?.kind !== 'progress') {
    // 跳过, 上一步, 修改…: the value is dropped (and asked again in its turn).
    if (intent?.kind === 'skip') {
      d.pend = undefined;
      return ask(env, d);
    }
    if (intent && intent.kind !== 'confirm') d.pend = undefined;
    else return confirmStep(env, d, text);
  }
  switch (intent?.kind) {
    case 'cancel':
      return { draft: null, replies: [{ text: env.t('forms.cancelled') }] };
    case 'progress':
      return ask(env, d, [{ text: progressText(env, d) }]);
    case 'back':
      return back(env, d);
    case 'skip':
      return skip(env, d);
    case 'confirm':
      return submit(env, d);
    case 'edit': {
      // 修改了培训制度… typed as the answer to a text question is an answer, not a command.
      const current = fieldByKey(env.def, d.cursor);
      if (current?.type === 'text' && intent.target && !findFieldByName(env.def, intent.target))
        return answer(env, d, text);
      return edit(env, d, intent.target);
    }
    default:
      return answer(env, d, text);
  }
}

/** One button press inside a running form (`form:` already removed). */
export async function stepAction(env: EngineEnv, d: Draft, action: string): Promise<Step> {
  const [verb, key, value] = action.split(':');
  switch (verb) {
    case 'choice': {
      const f = fieldByKey(env.def, key ?? null);
      if (!f || value === undefined) return ask(env, d, [{ text: env.t('error.stale_action') }]);
      const v = f.type === 'yesno' ? value === 'yes' : value;
      if (f.type === 'choice' && !f.choices?.some((c) => c.value === v)) return ask(env, d);
      const pre = await setValues(env, d, { [f.key]: v });
      advance(env, d);
      return ask(env, d, pre);
    }
    case 'sure':
      return d.pend ? sure(env, d, key === 'yes') : ask(env, d);
    case 'edit': {
      const f = fieldByKey(env.def, key ?? null);
      if (!key) return { draft: d, replies: [editMenu(env)] };
      if (!f) return ask(env, d, [{ text: env.t('error.stale_action') }]);
      return edit(env, d, pick(f.label, 'zh'));
    }
    case 'skip':
    case 'back':
    case 'confirm':
    case 'cancel':
    case 'progress':
      return stepText(
        env,
        d,
        { skip: '跳过', back: '上一步', confirm: '确认提交', cancel: '取消', progress: '进度' }[verb],
      );
    default:
      return ask(env, d, [{ text: env.t('error.stale_action') }]);
  }
}

/** Start (or resume) a form: the current question, or the summary. */
export function resume(env: EngineEnv, d: Draft, resumed: boolean): Step {
  if (d.cursor === null && nextField(env.def, d)) advance(env, d);
  return ask(
    env,
    d,
    resumed
      ? [{ text: env.t('forms.resumed', { title: pick(env.def.title, env.lang) }) }]
      : [{ text: env.t('forms.started', { title: pick(env.def.title, env.lang) }) }],
  );
}
