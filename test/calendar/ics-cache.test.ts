import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { icsRoute } from '../../src/calendar/ics.js';
import { fakeClock, startTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
const clock = fakeClock('2026-05-20T02:00:00Z');
beforeAll(async () => {
  t = await startTestApp({}, { clock });
});
afterAll(async () => t?.close());

describe('/calendar.ics is built once per change, not per request', () => {
  it('parallel requests share one build; a new event or the next minute rebuilds', async () => {
    const svc = t.app.services.calendar;
    await svc.addEvent({ title: '演讲比赛', start: '2026-06-15T14:00:00+08:00' });
    let builds = 0;
    const counting = {
      listEvents: (q: Parameters<typeof svc.listEvents>[0]) => {
        builds++;
        return svc.listEvents(q);
      },
    };
    const app = Fastify();
    await icsRoute(t.app.deps, counting)(app);
    const get = async () => (await app.inject({ url: '/calendar.ics' })).body;
    const bodies = await Promise.all(Array.from({ length: 20 }, get));
    expect(builds).toBe(1);
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).toContain('演讲比赛');
    await get();
    expect(builds).toBe(1);
    await svc.addEvent({ title: '技能比武', start: '2026-06-20T09:00:00+08:00' });
    expect(await get()).toContain('技能比武');
    expect(builds).toBe(2);
    clock.advance(60_000);
    await get();
    expect(builds).toBe(3);
    await app.close();
  });
});
