import type { HandlerContext } from '../core/module.js';
import { hasRole } from '../core/roles.js';
import { type Reply, encodeConversationId } from '../core/types.js';
import { currentMonth } from './answers.js';
import { BusyError, type Draft, type DraftRef, newDraftId } from './drafts.js';
import { type EngineEnv, type Step, resume } from './engine.js';
import { extractWithLlm } from './extract-llm.js';
import { nextField } from './render.js';
import { ONCE } from './reports.js';
import { fieldSchema } from './schema.js';
import type { FormsInternals } from './service.js';
import type { FormDefinition } from './types.js';

export const SESSION_NAME = 'forms';
const DAY_MS = 24 * 3600 * 1000;

export function refOf(ctx: HandlerContext, form: string): DraftRef {
  return { form, conv: encodeConversationId(ctx.conv), identity: ctx.identity };
}

async function buildEnv(ctx: HandlerContext, fi: FormsInternals, def: FormDefinition, d: Draft): Promise<EngineEnv> {
  const { deps } = ctx;
  const now = deps.clock.now();
  const unit = def.owner === 'unit' ? await fi.units.getUnit(d.owner) : null;
  const ref = refOf(ctx, def.id);
  const llm = deps.llm;
  const env: EngineEnv = {
    def,
    lang: ctx.lang,
    t: ctx.t,
    formCtx: { unit },
    answer: { now, tz: deps.config.TIMEZONE, lang: ctx.lang },
    async askQa(q) {
      const qa = fi.qa;
      if (!qa) return null;
      const a = await qa.answer(q, { lang: ctx.lang });
      const r: Reply = { text: a.answer };
      if (a.citations?.length) r.citations = a.citations;
      return [r];
    },
    existing: (period) => fi.reports.get(def.id, d.owner, period),
    submit: (draft, data) =>
      fi.reports.submit({
        form: def.id,
        owner: draft.owner,
        period: def.periodField ? String(draft.values[def.periodField]) : ONCE,
        draftId: draft.id,
        draftKey: fi.drafts.draftKey(ref),
        activeKey: deps.keys.formActive(ref.conv, ref.identity),
        data,
        by: ctx.identity,
        at: now.toISOString(),
      }),
    async mayFile(draft) {
      if (def.owner === 'person') return draft.owner === ctx.identity;
      const role = await deps.roles.get(ctx.identity);
      return hasRole(role, 'staff') || (await fi.units.unitOf(ctx.identity)) === draft.owner;
    },
    onLlmError: (err) =>
      deps.logger.warn({ err: (err as Error).message, form: def.id }, 'LLM extraction failed; using rules'),
  };
  if (llm) env.llmExtract = (text) => extractWithLlm(llm, def, text, currentMonth(now, deps.config.TIMEZONE));
  return env;
}

/** A draft written against an older form version keeps only the values the current fields still accept. */
function migrate(def: FormDefinition, d: Draft): boolean {
  if (d.v === def.version) return false;
  const values: Record<string, unknown> = {};
  for (const f of def.fields)
    if (f.key in d.values && fieldSchema(f).safeParse(d.values[f.key]).success) values[f.key] = d.values[f.key];
  d.values = values;
  d.skipped = d.skipped.filter((k) => def.fields.some((f) => f.key === k));
  d.v = def.version;
  d.cursor = nextField(def, d)?.key ?? null;
  return true;
}

function lockTimes(ctx: HandlerContext): { hold: number; wait: number } {
  const llm = ctx.deps.llm ? ctx.deps.llm.timeoutMs : 0;
  return { hold: 10_000 + llm, wait: 10_000 + llm };
}

/**
 * Apply one step to the person's draft under their form lock, then store or delete it. Two messages
 * at once run one after the other; the draft in Redis is the only state, so any replica can continue.
 */
export async function runStep(
  ctx: HandlerContext,
  fi: FormsInternals,
  def: FormDefinition,
  fn: (env: EngineEnv, d: Draft) => Promise<Step>,
): Promise<Reply[]> {
  const ref = refOf(ctx, def.id);
  const { hold, wait } = lockTimes(ctx);
  let release = false;
  let refresh = false;
  try {
    const replies = await fi.drafts.transact<Reply[]>(ref, hold, wait, async (d) => {
      if (!d) {
        release = true;
        return { out: [{ text: ctx.t('forms.no_draft') }], draft: 'keep' };
      }
      const migrated = migrate(def, d);
      const lastAt = Date.parse(d.at);
      const step = await fn(await buildEnv(ctx, fi, def, d), d);
      const now = ctx.deps.clock.now();
      if (step.draft) {
        step.draft.at = now.toISOString();
        // The router's session marker lives 7 days: renew it once a day while the draft lives on.
        refresh = !(now.getTime() - lastAt < DAY_MS);
      } else release = true;
      return { out: migrated ? [{ text: ctx.t('forms.migrated') }, ...step.replies] : step.replies, draft: step.draft };
    });
    if (release) await ctx.session.release();
    if (refresh) await ctx.session.claim(SESSION_NAME);
    return replies;
  } catch (err) {
    if (err instanceof BusyError) return [{ text: ctx.t('forms.busy') }];
    throw err;
  }
}

/** /report and friends: resume this person's draft for `owner`, or start a new one. */
export async function startForm(
  ctx: HandlerContext,
  fi: FormsInternals,
  def: FormDefinition,
  owner: string,
): Promise<Reply[]> {
  const ref = refOf(ctx, def.id);
  const { hold, wait } = lockTimes(ctx);
  try {
    const replies = await fi.drafts.transact<Reply[]>(ref, hold, wait, async (found) => {
      let d = found;
      const resumed = Boolean(d && d.owner === owner);
      if (!d || d.owner !== owner) {
        d = {
          v: def.version,
          id: newDraftId(),
          form: def.id,
          owner,
          values: {},
          skipped: [],
          cursor: def.fields[0]!.key,
          at: ctx.deps.clock.now().toISOString(),
        };
      } else migrate(def, d);
      const step = resume(await buildEnv(ctx, fi, def, d), d, resumed);
      if (step.draft) step.draft.at = ctx.deps.clock.now().toISOString();
      return { out: step.replies, draft: step.draft };
    });
    await ctx.session.claim(SESSION_NAME);
    return replies;
  } catch (err) {
    if (err instanceof BusyError) return [{ text: ctx.t('forms.busy') }];
    throw err;
  }
}
