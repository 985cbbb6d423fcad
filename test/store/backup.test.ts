import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthlyReport } from '../../src/forms/definitions/index.js';
import { DURABLE } from '../../src/store/keys.js';
import { deleteByPrefix } from '../../src/store/redis.js';
import { formsApp } from '../forms/helpers.js';
import { testRedis } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';

type App = Awaited<ReturnType<typeof formsApp>>;
let t: App;
let prefix = '';
const dir = mkdtempSync(path.join(tmpdir(), 'ud-backup-'));
const file = (name: string): string => path.join(dir, name);
const cli = (...args: string[]) => runCli(args, { prefix });
/** The backup without its header line (which carries the time it was made). */
const body = (f: string): string => readFileSync(f, 'utf8').split('\n').slice(1).join('\n');

function report(month: string, groupsNew: number): Record<string, unknown> {
  const data: Record<string, unknown> = { month };
  for (const f of monthlyReport.fields) {
    if (!f.required || f.key === 'month') continue;
    if (f.type === 'integer') data[f.key] = 5;
    else if (f.type === 'percent') data[f.key] = 1.8;
    else if (f.type === 'choice') data[f.key] = f.choices?.[0]?.value;
    else if (f.type === 'yesno') data[f.key] = true;
    else data[f.key] = '=HYPERLINK("x") 备注，含逗号';
  }
  return { ...data, groupsNew, groupsTotal: 10 };
}

beforeAll(async () => {
  t = await formsApp();
  prefix = t.config.REDIS_PREFIX;
  const u = await t.forms.upsertUnit({ name: '无锡一棉', district: '梁溪区', type: '企业', highTrainingNeeds: true });
  await t.forms.upsertUnit({ name: '滨湖区教育局', district: '滨湖区', type: '机关', highTrainingNeeds: false });
  await t.forms.bindOfficer('web:li', u.id);
  await t.forms.createInvite(u.id);
  await t.forms.submitReport(monthlyReport.id, u.id, '2026-10', report('2026-10', 2), 'web:li');
  await t.forms.submitReport(monthlyReport.id, u.id, '2026-10', report('2026-10', 3), 'web:li'); // version 2
  await t.chat({ userId: 'boss', chatId: 'boss', text: '/event add 读书分享会 12月20日下午2点 市工人文化宫' });
  await t.chat({ userId: 'wang', chatId: 'workshop', text: '/subscribe 读书' });
  await t.chat({ userId: 'amy', chatId: 'amy', text: '/lang en' });
  await t.chat({ userId: 'boss', chatId: 'boss', text: '/role web:zhao staff' });
  const staff = await runCli(['staff', 'add', 'xu', '--password-stdin'], { prefix, stdin: 'a-long-enough-password\n' });
  expect(staff.code, staff.err).toBe(0);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('cli backup and restore', () => {
  it('round-trips every record byte for byte: backup → wipe → restore → backup, and the export agrees', async () => {
    const b1 = await cli('backup', '--out', file('b1.ndjson'));
    expect(b1.code, b1.err).toBe(0);
    const e1 = await cli('export', '--month', '2026-10', '--format', 'csv');
    expect(e1.out).toContain('无锡一棉');
    const lines = readFileSync(file('b1.ndjson'), 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'union-desk-backup', schema: 1, records: lines.length - 1 });
    const keys = lines.slice(1).map((l) => (JSON.parse(l) as { k: string }).k);
    for (const family of [
      'unit:',
      'units',
      'officer:',
      'invite:',
      'report:',
      'report-versions:',
      'event:',
      'events',
      'sub:',
      'subs',
      'roles',
      'lang:',
      'staff:',
      'staff-accounts',
    ])
      expect(
        keys.some((k) => k.startsWith(family)),
        family,
      ).toBe(true);

    const r = testRedis();
    await deleteByPrefix(r, prefix);
    r.disconnect();
    expect((await cli('export', '--month', '2026-10', '--format', 'csv')).out).not.toContain('无锡一棉');

    const restored = await cli('restore', file('b1.ndjson'));
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toContain(`created ${keys.length}, changed 0, unchanged 0`);
    const again = await cli('restore', file('b1.ndjson'));
    expect(again.out).toContain(`created 0, changed 0, unchanged ${keys.length}`);

    // The reminders of the restored event are planned again by the top-up a start runs.
    const r2 = testRedis();
    const reminderJobs = async () => (await r2.keys(`${prefix}bull:calendar:rem|*`)).length;
    expect(await reminderJobs()).toBe(0);
    await t.app.services.calendar.topUp();
    expect(await reminderJobs()).toBe(3); // 7d, 1d and 2h before 读书分享会
    r2.disconnect();

    expect((await cli('backup', '--out', file('b2.ndjson'))).code).toBe(0);
    expect(body(file('b2.ndjson'))).toBe(body(file('b1.ndjson')));
    expect((await cli('export', '--month', '2026-10', '--format', 'csv')).out).toBe(e1.out);
  }, 120_000);

  it('--dry-run says what would change and writes nothing', async () => {
    await t.chat({ userId: 'boss', chatId: 'boss', text: '/role web:zhao officer' });
    const dry = await cli('restore', file('b1.ndjson'), '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('~ roles\n');
    expect(dry.out).toContain('dry run');
    const whoami = await t.chat({ userId: 'zhao', chatId: 'zhao', text: '/whoami' });
    expect(whoami.map((x) => x.text).join('\n')).toMatch(/officer|干部|工会干部/);
    const real = await cli('restore', file('b1.ndjson'));
    expect(real.out).toContain('created 0, changed 1');
  }, 60_000);

  it('refuses a newer schema, a truncated file and a foreign record, writing nothing', async () => {
    const lines = readFileSync(file('b1.ndjson'), 'utf8').trim().split('\n');
    const header = JSON.parse(lines[0]!) as Record<string, unknown>;
    writeFileSync(file('newer.ndjson'), [JSON.stringify({ ...header, schema: 99 }), ...lines.slice(1)].join('\n'));
    const newer = await cli('restore', file('newer.ndjson'));
    expect(newer.code).toBe(1);
    expect(newer.err).toContain('newer than this program');

    writeFileSync(file('short.ndjson'), lines.slice(0, 3).join('\n'));
    expect((await cli('restore', file('short.ndjson'))).err).toContain('truncated backup');

    const foreign = JSON.stringify({ k: 'admin-session:abc', t: 'string', v: 'x' });
    writeFileSync(file('foreign.ndjson'), [JSON.stringify({ ...header, records: 1 }), foreign].join('\n'));
    expect((await cli('restore', file('foreign.ndjson'))).err).toContain('not a restorable record');
    const r = testRedis();
    expect(await r.exists(`${prefix}admin-session:abc`)).toBe(0);
    r.disconnect();
  }, 60_000);

  it('classifies every key the app writes as durable or transient', async () => {
    const durable = DURABLE.map((p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
    // Transient families: rebuilt, re-entered or expiring by design.
    const transient =
      /^(bull|session|dedupe|long-action|lock|outbox|outbox-seq|qa|form|rate|delivery|event-deliveries|broadcast|broadcasts|broadcast-deliveries|broadcast-draft|admin-session|login-attempts|login-attempts-account|link|link-pending|chat-rate|join-attempts|events-version|fb:pending-reason|dingtalk|wecom-relay)(:|$)/;
    const r = testRedis();
    const all = await r.keys(`${prefix}*`);
    r.disconnect();
    const unknown = all
      .map((k) => k.slice(prefix.length))
      .filter((k) => !durable.some((d) => d.test(k)) && !transient.test(k));
    expect(unknown).toEqual([]);
  });
});
