import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ICS_MAX_EVENTS, icsRoute } from '../../src/calendar/ics.js';
import { createCalendarStore } from '../../src/calendar/store.js';
import type { CalEvent } from '../../src/calendar/types.js';
import { type TestApp, startTestApp } from '../helpers/app.js';

/**
 * 20,000 upcoming events (ten times the cap) in the real Redis: the feed holds ICS_MAX_EVENTS,
 * concurrent requests share one build, a repeat is served from the cache, and /healthz keeps
 * answering while feeds are requested.
 */
const TOTAL = 20_000;
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  const store = createCalendarStore(t.app.deps.redis, t.app.deps.keys);
  const base = Date.parse('2031-01-01T01:00:00Z');
  const event = (i: number): CalEvent => ({
    id: `big-${i}`,
    title: `职工活动 ${i}`,
    start: new Date(base + i * 3_600_000).toISOString(),
    monthOnly: false,
    audience: [],
    status: 'active',
    rev: 1,
    createdBy: 'test',
    updatedAt: '2030-12-01T00:00:00Z',
  });
  for (let i = 0; i < TOTAL; i += 1000) {
    await Promise.all(Array.from({ length: 1000 }, (_, j) => store.putEvent(event(i + j))));
  }
}, 120_000);
afterAll(async () => t?.close());

const vevents = (body: string) => body.split('BEGIN:VEVENT').length - 1;

describe('/calendar.ics with 20,000 events', () => {
  it('is capped at ICS_MAX_EVENTS, the soonest first, and built once for concurrent requests', async () => {
    const svc = t.app.services.calendar;
    expect((await svc.listEvents({})).length).toBeGreaterThanOrEqual(TOTAL);
    let builds = 0;
    const counting = {
      listEvents: (q: Parameters<typeof svc.listEvents>[0]) => {
        builds++;
        return svc.listEvents(q);
      },
    };
    const app = Fastify();
    await icsRoute(t.app.deps, counting)(app);
    try {
      const bodies = await Promise.all(Array.from({ length: 20 }, () => app.inject({ url: '/calendar.ics' })));
      expect(builds).toBe(1);
      expect(new Set(bodies.map((b) => b.body)).size).toBe(1);
      const body = bodies[0]!.body;
      expect(vevents(body)).toBe(ICS_MAX_EVENTS);
      expect(body).toContain('职工活动 0');
      expect(body).toContain(`职工活动 ${ICS_MAX_EVENTS - 1}\r\n`);
      expect(body).not.toContain(`职工活动 ${ICS_MAX_EVENTS}\r\n`);
      // The repeat is the cached body (no new build).
      await app.inject({ url: '/calendar.ics' });
      expect(builds).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('the real server answers /healthz while feeds are being requested', async () => {
    const feeds = Array.from({ length: 5 }, () => fetch(`${t.url}/calendar.ics`).then((r) => r.text()));
    const health = await Promise.all(
      Array.from({ length: 5 }, () => fetch(`${t.url}/healthz`).then(async (r) => ({ s: r.status, b: await r.json() }))),
    );
    for (const h of health) expect(h).toEqual({ s: 200, b: { status: 'ok', redis: 'ok' } });
    for (const body of await Promise.all(feeds)) expect(vevents(body)).toBe(ICS_MAX_EVENTS);
  });
});
