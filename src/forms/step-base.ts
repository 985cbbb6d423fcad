import type { Reply } from '../core/types.js';
import type { AnswerEnv } from './answers.js';
import type { Draft } from './drafts.js';
import { pendingText } from './gate.js';
import {
  type RenderEnv,
  confirmReply,
  fieldByKey,
  missingRequired,
  nextField,
  promptReply,
  summaryReply,
} from './render.js';
import type { ReportVersion } from './reports.js';

/** What the engine needs from the outside world; everything else is a pure function of the draft. */
export interface EngineEnv extends RenderEnv {
  answer: AnswerEnv;
  /** Structured-output extraction (OpenAI); throws on failure, the engine falls back to rules. */
  llmExtract?: (text: string) => Promise<Record<string, unknown>>;
  /** Answer a side question; null when Q&A is not available. */
  askQa: (question: string) => Promise<Reply[] | null>;
  /** The record already filed for a period (prefilled, and the submission becomes an amendment). */
  existing: (period: string) => Promise<ReportVersion | null>;
  submit: (d: Draft, data: Record<string, unknown>) => Promise<{ version: number; duplicate: boolean }>;
  /** May this person still file for the draft's owner (an officer moved to another unit may not)? */
  mayFile: (d: Draft) => Promise<boolean>;
  onLlmError?: (err: unknown) => void;
}

/** The result of one step: the draft to store (null = delete it and release the session) and the replies. */
export interface Step {
  draft: Draft | null;
  replies: Reply[];
}

/** The reply that moves the conversation on: the next question, or the summary when all is done. */
export function ask(env: EngineEnv, d: Draft, before: Reply[] = []): Step {
  if (d.pend && !fieldByKey(env.def, d.pend.k)) d.pend = undefined; // a field the form no longer has
  if (d.pend) return { draft: d, replies: [...before, confirmReply(env, d, pendingText(env.def, d.pend))] };
  const f = fieldByKey(env.def, d.cursor);
  if (f) return { draft: d, replies: [...before, promptReply(env, d, f)] };
  return { draft: d, replies: [...before, ...summaryReply(env, d)] };
}

export function advance(env: EngineEnv, d: Draft): void {
  const next = nextField(env.def, d);
  d.cursor = next?.key ?? null;
  if (d.ret && !missingRequired(env.def, d).length) d.cursor = null;
  if (d.cursor === null) d.ret = false;
}

/** Set values; when the period is newly known and already has a record, prefill the rest from it. */
export async function setValues(env: EngineEnv, d: Draft, values: Record<string, unknown>): Promise<Reply[]> {
  const out: Reply[] = [];
  const period = env.def.periodField;
  const newPeriod = period !== null && period in values && values[period] !== d.values[period];
  for (const [k, v] of Object.entries(values)) {
    d.values[k] = v;
    d.skipped = d.skipped.filter((s) => s !== k);
  }
  if (newPeriod && period) {
    const prev = await env.existing(String(values[period]));
    d.amends = prev?.version;
    if (prev) {
      for (const [k, v] of Object.entries(prev.data)) if (!(k in d.values) && fieldByKey(env.def, k)) d.values[k] = v;
      out.push({ text: env.t('forms.prefilled', { period: String(values[period]), version: prev.version }) });
    }
  }
  return out;
}
