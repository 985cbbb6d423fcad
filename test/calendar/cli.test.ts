import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { run as calendarCli } from '../../src/cli/calendar.js';
import { run as eventCli } from '../../src/cli/event.js';
import { startTestApp, type TestApp, testRedisUrl } from '../helpers/app.js';
import { updates, waitFor } from './helpers.js';

const exec = promisify(execFile);
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ ADMINS: 'web:boss' });
  await t.chat({ text: '/subscribe', chatId: 'cli-chat', userId: 'u1' });
  // The in-process CLI commands open the app from the environment, like `npm run cli`.
  process.env['REDIS_URL'] = testRedisUrl();
  process.env['REDIS_PREFIX'] = t.config.REDIS_PREFIX;
  process.env['LOG_LEVEL'] = 'silent';
});
afterAll(async () => {
  await t.close();
});

/** Run a CLI module in this process, capturing stdout and stderr. */
async function inProcess(run: (argv: string[]) => Promise<number>, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => {
    stdout += s;
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => {
    stderr += s;
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await run(argv);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

describe('calendar CLI', () => {
  it('event add / list from a shell, with clear errors', async () => {
    const added = await inProcess(eventCli, [
      'add',
      '--title',
      '演讲比赛',
      '--start',
      '2030-06-15T14:00',
      '--place',
      '市工人文化宫',
    ]);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^\d+\t#\d+ 演讲比赛 — 2030年6月15日（周六）14:00 @ 市工人文化宫\n已安排 3 条提醒/);
    const month = await inProcess(eventCli, ['add', '--title', '现场经验交流会', '--start', '2030-11', '--month-only']);
    expect(month.stdout).toContain('2030年11月（具体日期待定）');
    const bad = await inProcess(eventCli, ['add', '--title', 'X', '--start', '明年吧']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('看不懂时间');
    const missing = await inProcess(eventCli, ['add', '--title', 'X']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--start');
    const list = await inProcess(eventCli, ['list']);
    expect(list.stdout).toContain('演讲比赛\t市工人文化宫\tactive');
    expect(list.stdout).toContain('现场经验交流会');
  });

  it('event add --repeat / --rrule / --all-day, and event cancel ID --on DATE', async () => {
    const added = await inProcess(eventCli, ['add', '--title', '读书会', '--repeat', '每周二 19:00 共4次']);
    expect(added.code).toBe(0);
    const [head, ...rest] = added.stdout.trim().split('\n');
    expect(head).toMatch(/^\d+\t#\d+ 读书会 — 每周二 19:00，共4次$/);
    const next = rest.filter((l) => l.trim().startsWith('•'));
    expect(next).toHaveLength(3);
    // Then what it scheduled: every lead time of the four evenings still ahead.
    expect(added.stdout).toMatch(/已安排 \d+ 条提醒/);
    const id = head!.split('\t')[0]!;
    const second = /• (\d{4}年\d{1,2}月\d{1,2}日)/.exec(next[1]!)![1]!;
    const one = await inProcess(eventCli, ['cancel', id, '--on', second]);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('cancelled');
    const e = (await t.app.services.calendar.getEvent(id))!;
    expect(e.exdates).toHaveLength(1);
    const again = await inProcess(eventCli, ['cancel', id, '--on', second]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('no_occurrence');

    const rr = await inProcess(eventCli, [
      'add',
      '--title',
      '劳动节',
      '--start',
      '2030-05-01',
      '--all-day',
      '--rrule',
      'FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1',
    ]);
    expect(rr.stdout).toContain('每年5月1日');
    expect(rr.stdout).toContain('• 2030年5月1日（周三）全天');
    const bad = await inProcess(eventCli, ['add', '--title', 'X', '--repeat', '每月32日']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--repeat');
  });

  it('calendar import of a Google Calendar export, twice, changes nothing the second time', async () => {
    const file = path.join(import.meta.dirname, '../fixtures/calendar/google-export.ics');
    const first = await inProcess(calendarCli, ['import', file]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ added: 3, updated: 0, unchanged: 0, skipped: 0 });
    const second = await inProcess(calendarCli, ['import', file]);
    expect(JSON.parse(second.stdout)).toEqual({ added: 0, updated: 0, unchanged: 3, skipped: 0 });
  });

  it('`cli broadcast --yes` prints the id; the running app delivers it', async () => {
    const bc = await exec('npx', ['tsx', 'src/cli/index.ts', 'broadcast', '--text', '命令行群发测试', '--yes'], {
      env: { ...process.env },
      timeout: 60_000,
    });
    const id = bc.stdout.trim();
    expect(id).toMatch(/^[0-9a-z]+$/);
    await waitFor(
      async () => (await updates(t, 'cli-chat')).some((m) => m.text === '命令行群发测试'),
      10_000,
      'delivery',
    );
    expect(await t.app.services.calendar.broadcastReport(id)).toMatchObject({ total: 1, sent: 1 });
  }, 60_000);
});
