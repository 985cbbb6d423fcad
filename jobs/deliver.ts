import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { reminderText } from '../src/calendar/format.js';
import { isOccurrence } from '../src/calendar/recurrence.js';
import type { Channel } from '../src/core/channel.js';
import { type ConversationRef, decodeConversationId } from '../src/core/types.js';
import { ChannelError } from '../src/errors.js';
import type { DeliveryJob } from '../src/outbound/jobs.js';
import { ledgerState } from '../src/outbound/ledger.js';
import { bucketsFor, claimDelivery, LEDGER_TTL_MS, penalize } from '../src/outbound/limits.js';
import type { JobContext } from './context.js';

export type DeliveryOutcome = 'sent' | 'duplicate' | 'stale';

/** The platform's answer to "did this delivery arrive?" (false when it cannot tell, or the check failed). */
async function deliveredBefore(
  rt: JobContext,
  channel: Channel,
  ref: ConversationRef,
  deliveryId: string,
): Promise<boolean> {
  if (!channel.deliveredBefore) return false;
  try {
    return await channel.deliveredBefore(ref, deliveryId);
  } catch (err) {
    // Better a possible duplicate than a lost message: send again (counted as a resend).
    rt.deps.logger.warn({ err, delivery: deliveryId }, 'could not check whether an earlier attempt arrived');
    return false;
  }
}

/** The field of keys.eventDeliveries for one reminder delivery. */
export const reminderField = (d: Pick<DeliveryJob, 'start' | 'lead' | 'convId'>): string =>
  `${Date.parse(d.start ?? '')} ${d.lead} ${d.convId}`;

/**
 * Deliver one message to one chat, exactly once as far as we can know:
 * 1. one Lua call checks the ledger (keys.delivery) — a delivery already sent or finally failed
 *    ends here — and takes a slot in the chat's rate buckets, or says how long to wait;
 * 2. the ledger says `sending` while the platform call runs, then `sent` (with the broadcast /
 *    event report in the same MULTI).
 * A 429 or a full bucket moves the job back to delayed (DelayedError: no attempt used, the worker
 * goes on with other chats); a gone chat is unsubscribed and reported (UnrecoverableError);
 * transient failures retry with exponential backoff. A worker killed between the platform's
 * acceptance and the ledger write leaves `sending`: the next attempt sends again (logged), the one
 * at-least-once window, documented in the README.
 */
export async function processDelivery(
  rt: JobContext,
  job: Job<DeliveryJob>,
  token?: string,
): Promise<DeliveryOutcome> {
  const { deps } = rt;
  const d = job.data;
  const ref = decodeConversationId(d.convId);
  const ledgerKey = deps.keys.delivery(d.deliveryId);

  /** The broadcast / event report mirrors the ledger (idempotent: also after a crash between the two). */
  const report = (m: ReturnType<typeof deps.redis.multi>, state: string) => {
    if (d.broadcastId) m.hset(deps.keys.broadcastDeliveries(d.broadcastId), d.convId, state);
    if (d.kind === 'reminder' && d.eventId) m.hset(deps.keys.eventDeliveries(d.eventId), reminderField(d), state);
    return m;
  };
  const finish = async (state: string) => {
    await report(deps.redis.multi().set(ledgerKey, state, 'PX', LEDGER_TTL_MS), state).exec();
    deps.metrics.deliveries.inc({ channel: ref.channel, result: state.split(':')[0]! });
  };

  let text = d.text;
  if (d.kind === 'reminder') {
    const e = d.eventId ? await rt.store.getEvent(d.eventId) : null;
    if (e?.status !== 'active' || !d.start || !isOccurrence(e, d.start, deps.config.TIMEZONE)) {
      // Report only: the ledger stays open, so if the event moves back this reminder can still go.
      if (d.eventId)
        await deps.redis.hset(deps.keys.eventDeliveries(d.eventId), reminderField(d), 'skipped:event changed');
      return 'stale';
    }
    text = reminderText({ ...e, start: d.start }, d.lead ?? '', d.lang ?? 'zh', deps.config.TIMEZONE);
  }

  const channel = rt.channels.get(ref.channel);
  if (!channel) throw new Error(`no ${ref.channel} channel in this process`);

  const buckets = bucketsFor(ref, deps.config, deps.keys);
  const claim = await claimDelivery(deps.redis, ledgerKey, `${job.id}#${job.attemptsMade}`, buckets);
  if (claim.kind === 'done') {
    // A web delivery marks its ledger `sent` with the outbox write; a kill right after leaves the report behind.
    await report(deps.redis.multi(), ledgerState(claim.state)).exec();
    return 'duplicate';
  }
  if (claim.kind === 'wait') {
    await job.moveToDelayed(Date.now() + claim.ms, token);
    throw new DelayedError();
  }
  if (claim.previous.startsWith('sending:')) {
    // An earlier attempt died mid-send. Where the platform can tell whether it arrived, ask it.
    if (await deliveredBefore(rt, channel, ref, d.deliveryId)) {
      deps.logger.info({ delivery: d.deliveryId }, 'an earlier attempt died after sending; marked sent, not sent again');
      await finish('sent');
      return 'sent';
    }
    deps.metrics.resends.inc({ channel: ref.channel });
    deps.logger.warn({ delivery: d.deliveryId }, 'an earlier attempt died while sending; sending again');
  }

  try {
    await channel.send(ref, [{ text }], { deliveryId: d.deliveryId });
  } catch (err) {
    const ce =
      err instanceof ChannelError
        ? err
        : new ChannelError(ref.channel, (err as Error)?.message ?? String(err), { kind: 'transient' }, { cause: err });
    const f = ce.failure;
    if (f.kind === 'rate_limited') {
      await deps.redis.set(ledgerKey, 'retry:rate_limited', 'PX', LEDGER_TTL_MS);
      await penalize(deps.redis, buckets, f.retryAfterMs);
      deps.metrics.deliveries.inc({ channel: ref.channel, result: 'rate_limited' });
      await job.moveToDelayed(Date.now() + f.retryAfterMs, token);
      throw new DelayedError();
    }
    if (f.kind === 'gone') {
      await finish('failed:gone');
      await rt.store.removeSub(d.convId);
      deps.logger.info({ conv: d.convId }, 'chat is gone; unsubscribed');
      throw new UnrecoverableError(`chat gone: ${ce.message}`);
    }
    if (f.kind === 'permanent') {
      await finish(`failed:permanent ${ce.message}`.slice(0, 200));
      throw new UnrecoverableError(ce.message);
    }
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (last) await finish(`failed:transient ${ce.message}`.slice(0, 200));
    else await deps.redis.set(ledgerKey, 'retry:transient', 'PX', LEDGER_TTL_MS);
    throw ce;
  }
  await finish('sent');
  return 'sent';
}
