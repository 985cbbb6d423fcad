import { rmSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../../src/web/admin/module.js';
import { buildServer } from '../../src/web/server.js';
import { type TestApp, fakeClock, startTestApp } from '../helpers/app.js';
import { ConsoleClient, addStaff } from './client.js';
import { seedForms, tempCorpus } from './seed.js';

const PASSWORD = 'correct-horse-battery';
let t: TestApp;
let corpus: string;
let c: ConsoleClient;
let units: Awaited<ReturnType<typeof seedForms>>;

beforeAll(async () => {
  corpus = tempCorpus();
  t = await startTestApp({ CORPUS_DIRS: corpus }, { clock: fakeClock('2026-11-20T02:00:00Z') });
  units = await seedForms(t);
  await addStaff(t, 'li', PASSWORD, 'admin');
  await addStaff(t, 'zhao', PASSWORD, 'staff');
  c = new ConsoleClient(t.url, '192.0.2.7');
  expect((await c.login('li', PASSWORD)).status).toBe(303);
});
afterAll(async () => {
  await t?.close();
  rmSync(corpus, { recursive: true, force: true });
});

const text = async (path: string, status = 200) => {
  const res = await c.get(path);
  expect(res.status, path).toBe(status);
  return res.text();
};

describe('overview', () => {
  it('shows this month’s reporting rate, the document’s targets and charts over months', async () => {
    const html = await text('/admin');
    expect(html).toContain('2026-11');
    expect(html).toMatch(/data-rate>67%</); // 2 of 3 units reported in November
    expect(html).toContain('学习型班组');
    expect(html).toMatch(/21 <small>\/ 10000/); // groupsTotal 14 + 7
    expect(html).toMatch(/data-target="enterprises"[\s\S]*?1 <small>\/ 1000/);
    expect((html.match(/<svg class="chart"/g) ?? []).length).toBe(5);
    expect(html).toContain('<polyline class="series"');
    expect(html).toContain('class="target"');
  });
});

describe('reports', () => {
  it('shows a units × months matrix with submitted, amended and missing cells', async () => {
    const html = await text('/admin/reports?months=3');
    for (const m of ['2026-09', '2026-10', '2026-11']) expect(html).toContain(`<th>${m}</th>`);
    expect(html).toContain(`/admin/reports/${units.b.id}/2026-11`);
    const row = (name: string) => html.slice(html.indexOf(name), html.indexOf('</tr>', html.indexOf(name)));
    expect(row('滨湖机械厂').match(/data-status="(\w+)"/g)).toEqual([
      'data-status="missing"',
      'data-status="submitted"',
      'data-status="amended"',
    ]);
    expect(row('市第一中学').match(/data-status="missing"/g)).toHaveLength(3);
  });

  it('filters by district', async () => {
    const html = await text(`/admin/reports?district=${encodeURIComponent('滨湖区')}`);
    expect(html).toContain('滨湖机械厂');
    expect(html).not.toContain('无锡一棉');
  });

  it('opens a report with its version history, newest first, changes marked', async () => {
    const html = await text(`/admin/reports/${units.b.id}/2026-11`);
    expect(html).toContain('滨湖机械厂');
    expect(html.indexOf('v2')).toBeLessThan(html.indexOf('v1'));
    expect(html).toContain('web:officer2');
    expect(html).toContain('累计学习型班组');
    expect(html).toMatch(/<td class="changed">7 个<\/td>/);
    expect(html).toContain('已达标');
  });

  it('answers bad report addresses clearly', async () => {
    expect(await text(`/admin/reports/${units.b.id}/2026-13`, 400)).toContain('YYYY-MM');
    expect(await text('/admin/reports/no-such-unit/2026-11', 404)).toContain('没有这个单位');
    expect(await text(`/admin/reports/${units.c.id}/2026-11`)).toContain('没有提交月报');
  });

  it('exports the month as CSV (with BOM) and XLSX', async () => {
    const csv = await c.get('/admin/reports/export.csv?month=2026-11');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('reports-2026-11.csv');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM for Excel
    const body = bytes.toString('utf8');
    expect(body).toContain('滨湖机械厂');
    const x = await c.get('/admin/reports/export.xlsx?month=2026-11');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await x.arrayBuffer());
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(4); // header + 3 units
    const names = ws.getColumn(1).values.concat(ws.getColumn(2).values).map(String);
    expect(names.some((v) => v.includes('无锡一棉'))).toBe(true);
    expect((await c.get('/admin/reports/export.pdf?month=2026-11')).status).toBe(400);
    expect((await c.get('/admin/reports/export.csv?month=11-2026')).status).toBe(400);
  });
});

describe('calendar', () => {
  it('adds, edits and cancels an event and shows its subscribers and reminders', async () => {
    const cal = t.app.services.calendar;
    await cal.subscribe({ channel: 'web', chatId: 'group-1' }, ['district:滨湖']);
    let token = await c.csrf('/admin/calendar');
    const bad = await c.post('/admin/calendar/events', { _csrf: token, title: '读书会', start: 'tomorrow' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('请填写开始时间');
    const ok = await c.post('/admin/calendar/events', {
      _csrf: token,
      title: '职工读书分享会',
      start: '2026-12-05T14:30',
      place: '市总工会三楼',
      audience: 'district:滨湖',
    });
    expect(ok.status).toBe(303);
    const where = ok.headers.get('location')!;
    const page = await text(where);
    expect(page).toContain('已新增活动');
    expect(page).toContain('职工读书分享会');
    expect(page).toContain('2026-12-05 14:30');
    expect(page).toContain('web:group-1'); // the subscribed chat
    expect(page).toMatch(/7d|1d|2h/); // reminder lead times
    token = await c.csrf(where);
    const edited = await c.post(`${where}/edit`, {
      _csrf: token,
      title: '职工读书分享会（改期）',
      start: '2026-12-06T14:30',
      place: '市总工会三楼',
      audience: 'district:滨湖',
    });
    expect(edited.status).toBe(303);
    const after = await text(where);
    expect(after).toContain('已保存');
    expect(after).toContain('2026-12-06 14:30');
    const cancelled = await c.post(`${where}/cancel`, { _csrf: token });
    expect(cancelled.status).toBe(303);
    expect(await text(where)).toContain('已取消活动');
    expect(await text('/admin/calendar')).toMatch(/class="cancelled"[\s\S]*职工读书分享会（改期）/);
    expect((await c.get('/admin/calendar/999999')).status).toBe(404);
  });

  it('previews a broadcast with its recipient count, then sends it and lists it', async () => {
    const token = await c.csrf('/admin/calendar');
    const empty = await c.post('/admin/calendar/broadcast/preview', { _csrf: token, text: '' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('通知内容不能为空');
    const preview = await c.post('/admin/calendar/broadcast/preview', {
      _csrf: token,
      text: '本周五下午读书会<请准时>',
    });
    const html = await preview.text();
    expect(preview.status).toBe(200);
    expect(html).toMatch(/data-recipients>1</);
    expect(html).toContain('本周五下午读书会&lt;请准时&gt;'); // escaped
    const sent = await c.post('/admin/calendar/broadcast/send', { _csrf: token, text: '本周五下午读书会', tag: '' });
    expect(sent.status).toBe(303);
    const list = await text('/admin/calendar');
    expect(list).toContain('群发已排队');
    expect(list).toContain('本周五下午读书会');
  });

  it('shows a "not available yet" panel when the calendar is not installed', async () => {
    // A second console over the same Redis (same sessions), composed without the calendar.
    const { qa, forms } = t.app.services;
    const server = await buildServer(t.app.deps, createAdmin(t.app.deps, { qa, forms }).module.routes);
    await server.listen({ port: 0, host: '127.0.0.1' });
    try {
      const addr = server.server.address();
      const port = addr && typeof addr === 'object' ? addr.port : 0;
      const other = new ConsoleClient(`http://127.0.0.1:${port}`, '192.0.2.7');
      for (const [k, v] of c.cookies) other.cookies.set(k, v);
      const res = await other.get('/admin/calendar');
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('尚未启用');
    } finally {
      await server.close();
    }
  });
});

describe('knowledge', () => {
  it('lists indexed documents and answers a question with citations', async () => {
    const html = await text('/admin/knowledge');
    expect(html).toContain('两争一树');
    const token = await c.csrf('/admin/knowledge');
    const res = await c.post('/admin/knowledge/ask', { _csrf: token, q: '学习型班组的目标是多少个？' });
    const answer = await res.text();
    expect(answer).toContain('data-refused="no"');
    expect(answer).toContain('10000');
    expect(answer).toMatch(/<ol class="citations"><li>/);
    const empty = await c.post('/admin/knowledge/ask', { _csrf: token, q: '' });
    expect(empty.status).toBe(400);
  });

  it('uploads a text document and reloads the index', async () => {
    const token = await c.csrf('/admin/knowledge');
    const bad = await c.post('/admin/knowledge/upload', { _csrf: token, name: '../../etc', content: '' });
    expect(bad.status).toBe(400);
    const ok = await c.post('/admin/knowledge/upload', {
      _csrf: token,
      name: '读书月通知',
      content: '关于开展职工读书月活动的通知\n一、活动时间\n十二月为职工读书月，各单位组织职工读书分享会。',
    });
    expect(ok.status).toBe(303);
    const html = await text('/admin/knowledge');
    expect(html).toContain('已上传“读书月通知”');
    expect(html).toContain('<code>读书月通知</code>');
  });
});

describe('people', () => {
  it('shows units with officers and creates an invite code', async () => {
    const token = await c.csrf('/admin/people');
    const bind = await c.post('/admin/people/bind', { _csrf: token, identity: 'telegram:4242', unitId: units.a.id });
    expect(bind.status).toBe(303);
    const html = await text('/admin/people');
    expect(html).toContain('<code>telegram:4242</code>');
    const inv = await c.post('/admin/people/invite', { _csrf: token, unitId: units.b.id });
    const page = await inv.text();
    const code = /data-code>([^<]+)</.exec(page)?.[1];
    expect(code).toBeTruthy();
    expect(page).toContain(`/join ${code}`);
  });

  it('lets admin accounts set roles, with clear errors, and refuses staff accounts', async () => {
    const token = await c.csrf('/admin/people');
    const bad = await c.post('/admin/people/role', { _csrf: token, identity: 'nobody', role: 'king' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('平台:用户ID');
    expect((await c.post('/admin/people/role', { _csrf: token, identity: 'slack:U77', role: 'staff' })).status).toBe(
      303,
    );
    expect(await t.app.deps.roles.get('slack:U77')).toBe('staff');
    const staff = new ConsoleClient(t.url, '192.0.2.8');
    await staff.login('zhao', PASSWORD);
    const tk = await staff.csrf('/admin/people');
    const refused = await staff.post('/admin/people/role', { _csrf: tk, identity: 'slack:U77', role: 'admin' });
    expect(refused.status).toBe(403);
    expect(await t.app.deps.roles.get('slack:U77')).toBe('staff');
  });
});
