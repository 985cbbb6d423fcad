import type { App } from '@slack/bolt';
import { translate } from '../../core/i18n.js';
import { personOf } from '../../core/person.js';
import type { Reply } from '../../core/types.js';
import { pick } from '../../forms/index.js';
import { isRedisUnavailable } from '../../store/unavailable.js';
import { postReplies } from './channel.js';
import type { SlackContext } from './handlers.js';
import { type ModalMeta, REPORT_CALLBACK, formModal, readModal, reportForm, submitModal, thisMonth } from './modal.js';

type Rec = Record<string, unknown>;

/**
 * `/report` with no arguments opens the monthly report as a modal (prefilled with this month's last
 * version); `/report chat` and every other way keep the conversational form. Without a unit, the
 * command falls through to the chat flow, which explains what is missing.
 */
export function reportCommand(sc: SlackContext): NonNullable<SlackContext['onCommand']> {
  return async ({ name, body, client, lang }) => {
    const { forms } = sc;
    const trigger = body['trigger_id'];
    if (name !== 'report' || String(body['text'] ?? '').trim() !== '' || typeof trigger !== 'string') return false;
    const own = `slack:${String(body['user_id'])}`;
    const month = thisMonth(sc.deps);
    let found: { person: string; unitId: string; prev: Awaited<ReturnType<typeof forms.getReport>> } | null;
    try {
      const person = await personOf(sc.deps, own);
      const unitId = await forms.unitOf(person);
      found = unitId ? { person, unitId, prev: await forms.getReport(unitId, month) } : null;
    } catch (err) {
      // Redis is away: the chat flow answers "temporarily unavailable".
      if (isRedisUnavailable(err)) return false;
      throw err;
    }
    if (!found) return false;
    const { person, unitId, prev } = found;
    const meta: ModalMeta = { channel: String(body['channel_id'] ?? ''), person, unitId, lang };
    try {
      await client.views.open({
        trigger_id: trigger,
        view: formModal(reportForm(), meta, { ...(prev?.data ?? {}), month }) as never,
      });
      return true;
    } catch (err) {
      sc.deps.logger.warn({ err, user: own }, 'slack: opening the report modal failed; using the chat form');
      return false;
    }
  };
}

/** Modal submission: field errors go back inline; a valid report is recorded and confirmed in a DM. */
export function registerReportModal(app: App, sc: SlackContext): void {
  const { deps } = sc;
  app.view(REPORT_CALLBACK, async ({ ack, view, body, client }) => {
    const meta = JSON.parse(view.private_metadata) as ModalMeta;
    const def = reportForm();
    const result = readModal(def, view.state.values as never, meta.lang, deps.clock.now(), deps.config.TIMEZONE);
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: result.errors });
      return;
    }
    await ack();
    const { forms } = sc;
    const user = String((body.user as unknown as Rec)['id']);
    const to = meta.channel.startsWith('D') ? meta.channel : user;
    // The binding may have ended (demotion, /officer remove) since the modal opened.
    if ((await forms.unitOf(meta.person)) !== meta.unitId) {
      await postReplies(client, to, undefined, [{ text: translate(meta.lang, 'forms.officer_only') }], meta.lang).catch(
        (err: unknown) => deps.logger.warn({ err, user }, 'slack: report refusal failed'),
      );
      return;
    }
    const { version, period } = await submitModal(forms, def, meta, result.values, result.confirmed);
    const unit = await forms.getUnit(meta.unitId);
    const replies: Reply[] = [
      {
        text: translate(meta.lang, 'channels.modal_saved', { unit: unit?.name ?? meta.unitId, month: period, version }),
      },
    ];
    const ctx = unit
      ? { unit: { name: unit.name, type: unit.type, highTrainingNeeds: unit.highTrainingNeeds } }
      : { unit: null };
    for (const w of def.warnings?.(result.values, ctx) ?? []) {
      const r: Reply = { text: pick(w.text, meta.lang) };
      if (w.citation) r.citations = [w.citation];
      replies.push(r);
    }
    await postReplies(client, to, undefined, replies, meta.lang).catch((err: unknown) =>
      deps.logger.warn({ err, user }, 'slack: report confirmation failed'),
    );
  });
}
