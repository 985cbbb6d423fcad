import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteByPrefix } from '../../src/store/redis.js';
import { testRedis, uniquePrefix } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';

const ZONE = 'Asia/Shanghai';
const prefix = uniquePrefix('cli-rem');
afterAll(async () => {
  const r = testRedis();
  await deleteByPrefix(r, prefix);
  r.disconnect();
});

/** The reminder jobs queued for an event, as `lead fireAt` (fire time in Shanghai). */
async function queued(eventId: string): Promise<string[]> {
  const r = testRedis();
  const keys = (await r.keys(`${prefix}bull:calendar:rem|${eventId}|*`)).filter((k) => !k.split('|').pop()!.includes(':'));
  const out: string[] = [];
  for (const k of keys) {
    const data = JSON.parse((await r.hget(k, 'data')) ?? '{}') as { lead: string; fireAt: string };
    out.push(`${data.lead} ${DateTime.fromISO(data.fireAt, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm')}`);
  }
  r.disconnect();
  return out.sort();
}

describe('cli event add says which reminders it scheduled', () => {
  it('lists each lead time with its fire time in Asia/Shanghai, the same ones it queued', async () => {
    const start = DateTime.now().setZone(ZONE).plus({ hours: 3 }).startOf('minute');
    const r = await runCli(['event', 'add', '--title', '班组长例会', '--start', start.toFormat("yyyy-MM-dd'T'HH:mm")], {
      prefix,
      env: { REMINDER_LEAD_TIMES: '30m,5m,7d', TIMEZONE: ZONE },
    });
    expect(r.code, r.err).toBe(0);
    const id = r.out.split('\t')[0]!;
    const fire = (m: number) => start.minus({ minutes: m }).toFormat('yyyy-MM-dd HH:mm');
    expect(r.out).toContain(`已安排 2 条提醒 / 2 reminder(s) scheduled (${ZONE}):`);
    expect(r.out).toContain(`  30m\t${fire(30)}\n  5m\t${fire(5)}\n`);
    expect(r.out).not.toContain('7d');
    expect(await queued(id)).toEqual([`30m ${fire(30)}`, `5m ${fire(5)}`]);
  }, 60_000);

  it('says that none were scheduled when the event is too near for every lead time', async () => {
    const start = DateTime.now().setZone(ZONE).plus({ minutes: 20 });
    const r = await runCli(['event', 'add', '--title', '临时碰头会', '--start', start.toFormat("yyyy-MM-dd'T'HH:mm")], {
      prefix,
      env: { REMINDER_LEAD_TIMES: '7d,1d,2h', TIMEZONE: ZONE },
    });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('没有安排提醒');
    expect(r.out).toContain('no reminder scheduled');
    expect(await queued(r.out.split('\t')[0]!)).toEqual([]);
  }, 60_000);
});
