import type { Job } from 'bullmq';
import { DateTime } from 'luxon';
import { translate } from '../src/core/i18n.js';
import { hasRole } from '../src/core/roles.js';
import { encodeConversationId } from '../src/core/types.js';
import type { ChaseJob } from '../src/outbound/chase.js';
import { addDeliveries, type PlannedDelivery } from '../src/outbound/enqueue.js';
import type { JobContext } from './context.js';

/** `telegram:123` → a DM to that user (for web, the chat id is the user id). */
function dmOf(identity: string): string | null {
  const i = identity.indexOf(':');
  if (i <= 0) return null;
  try {
    return encodeConversationId({ channel: identity.slice(0, i) as 'web', chatId: identity.slice(i + 1) });
  } catch {
    return null;
  }
}

/**
 * Monthly report chasing: DM the officers of every unit that has not filed last month's report,
 * and send staff the list of stragglers. Delivery ids `chase:<month>:<round>:<identity>` make
 * a re-run (restart, second replica) harmless.
 */
export async function processChase(rt: JobContext, job: Job<ChaseJob>): Promise<string> {
  const { deps, forms } = rt;
  const zone = deps.config.TIMEZONE;
  const month =
    job.data.month ?? DateTime.fromJSDate(deps.clock.now(), { zone }).minus({ months: 1 }).toFormat('yyyy-MM');
  const round = job.data.round;
  const missing = await forms.missingReports(month);
  if (missing.length === 0) return 'nobody missing';
  const plan: PlannedDelivery[] = [];
  for (const u of missing) {
    const name = u.name ?? u.id;
    for (const identity of await forms.officersOf(u.id)) {
      const convId = dmOf(identity);
      if (!convId) continue;
      plan.push({
        data: {
          deliveryId: `chase:${month}:${round}:${identity}:${u.id}`,
          convId,
          kind: 'chase',
          text: translate('zh', round > 1 ? 'calendar.chase_officer_again' : 'calendar.chase_officer', {
            month,
            unit: name,
          }),
        },
      });
    }
  }
  const list = missing.map((u) => `• ${u.name ?? u.id}`).join('\n');
  const staff = (await deps.roles.list()).filter((r) => hasRole(r.role, 'staff'));
  for (const s of staff) {
    const convId = dmOf(s.identity);
    if (!convId) continue;
    plan.push({
      data: {
        deliveryId: `chase-staff:${month}:${round}:${s.identity}`,
        convId,
        kind: 'chase',
        text: translate('zh', 'calendar.chase_staff', { month, count: missing.length, list }),
      },
    });
  }
  await addDeliveries(rt.queues, plan);
  return `planned ${plan.length}`;
}
