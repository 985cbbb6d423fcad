import type { Reply } from '../core/types.js';
import { formatValue, parseAnswer, parseYesNo } from './answers.js';
import type { Draft } from './drafts.js';
import { type Gated, gate } from './gate.js';
import { parseIntent } from './intents.js';
import { fieldByKey, warningReply, warningsFor } from './render.js';
import { type EngineEnv, type Step, advance, ask, setValues } from './step-base.js';
import { pick } from './types.js';

/** Notes for what the checks held back: a broken cross-field rule, numbers that could not be placed. */
export function heldBack(env: EngineEnv, g: Gated, unsure: string[] = []): Reply[] {
  const out: Reply[] = [];
  for (const b of g.broken) out.push({ text: env.t(b.message) });
  if (unsure.length) out.push({ text: env.t('forms.unsure', { values: unsure.join('’、‘') }) });
  return out;
}

/** The officer's reply to “您填的是 95%，确认吗？”: 是 files it, 否 asks again, a number replaces it. */
export async function confirmStep(env: EngineEnv, d: Draft, text: string): Promise<Step> {
  const p = d.pend!;
  const f = fieldByKey(env.def, p.k)!;
  const s = text.trim();
  const yes =
    parseIntent(s)?.kind === 'confirm'
      ? true
      : (parseYesNo(s) ??
        (/^(不|否|错|no\b)/i.test(s) ? false : /^(是|对|没错|确认|确定|正确|yes\b)/i.test(s) ? true : null));
  const typed = yes === null ? parseAnswer(f, text, env.answer) : null;
  if (yes === true || (typed?.ok && typed.value === p.v)) return sure(env, d, true);
  if (yes === false) return sure(env, d, false);
  if (typed?.ok) return store(env, d, typed.value as number);
  const value = formatValue(f, p.v, env.lang);
  return ask(env, d, [{ text: env.t('forms.confirm_again', { value }) }]);
}

export async function sure(env: EngineEnv, d: Draft, yes: boolean): Promise<Step> {
  const p = d.pend;
  d.pend = undefined;
  const f = p ? fieldByKey(env.def, p.k) : null;
  if (!p || !f) return ask(env, d);
  if (!yes) {
    d.cursor = f.key;
    return ask(env, d);
  }
  d.ok = { ...d.ok, [p.k]: p.v };
  d.pend = p;
  return store(env, d, p.v);
}

/** File the pending field's value (confirmed, or a new one typed instead, which is checked again). */
async function store(env: EngineEnv, d: Draft, value: number): Promise<Step> {
  const f = fieldByKey(env.def, d.pend!.k)!;
  d.pend = undefined;
  const g = gate(env.def, d, { [f.key]: value }, true);
  if (g.pend) {
    d.pend = g.pend;
    return ask(env, d);
  }
  const pre = await setValues(env, d, g.values);
  const note = {
    text: env.t('forms.confirmed', { label: pick(f.label, env.lang), value: formatValue(f, value, env.lang) }),
  };
  const w = warningReply(env, warningsFor(env, d, [f.key]));
  if (d.cursor === f.key || d.cursor === null) advance(env, d);
  return ask(env, d, [note, ...pre, ...(w ? [w] : [])]);
}
