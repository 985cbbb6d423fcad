import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, fakeClock, startTestApp } from '../helpers/app.js';
import { DT_GROUP, DT_USER, contentOf, deliver, dingtalkEnv, robotMessage, texts } from './dingtalk-helpers.js';
import { type DtCall, type FakeDingTalk, startFakeDingTalk } from './fake-dingtalk.js';
import { REPORT_AFTER_STATUS, REPORT_OPENING, seedReportingOfficer } from './report-flow.js';

let dt: FakeDingTalk;
let t: TestApp;

beforeAll(async () => {
  dt = await startFakeDingTalk();
  t = await startTestApp({ ...dingtalkEnv(dt), ADMINS: 'web:boss' }, { clock: fakeClock('2026-11-20T02:00:00Z') });
  await seedReportingOfficer(t, `dingtalk:${DT_USER}`);
});
afterAll(async () => {
  await t?.close();
  await dt?.close();
});

let step = 0;
/**
 * One message in the group: every other one @-mentions the bot (DingTalk strips the @ from the
 * text), the others are plain replies the group delivers because it sends the robot everything.
 */
async function say(text: string, mention = step++ % 2 === 0): Promise<DtCall[]> {
  const msg = robotMessage('group_mention', {
    text: { content: mention ? ` ${text}` : text },
    isInAtList: mention,
    atUsers: mention ? [{ dingtalkId: '$:LWCP_v1:$Cxz2Pdrq3U8b4vKj1hEnbA==' }] : [],
  });
  return deliver(t, dt, msg, 15_000);
}

/** The number in front of the choice whose label matches, in the last numbered list sent. */
function numberOf(calls: DtCall[], label: RegExp): string {
  const md = calls
    .map(contentOf)
    .filter((c) => c.key === 'sampleMarkdown')
    .at(-1)?.text;
  const line = (md ?? '').split('\n').find((l) => /^【\d+】/.test(l.trim()) && label.test(l));
  const n = line ? /^【(\d+)】/.exec(line.trim())?.[1] : undefined;
  if (!n) throw new Error(`no numbered choice ${label} in: ${md}`);
  return n;
}

describe('a whole monthly report in a DingTalk group', () => {
  it('goes from "@bot /report" through @-messages, plain replies and numbered choices to a submitted report', async () => {
    expect(texts(await say('/report'))).toContain('哪个月');
    for (const [answer, next] of REPORT_OPENING) expect(texts(await say(answer))).toContain(next);
    const status = await say('推进中');
    const started = numberOf(status, /已启动/);
    expect(texts(await say(started))).toContain('纳入职代会');
    for (const [answer, next] of REPORT_AFTER_STATUS) expect(texts(await say(answer))).toContain(next);
    const summary = await say('跳过');
    expect(texts(summary)).toContain('请核对');
    // A plain (not @) reply with the number, as the running form takes plain replies.
    expect(texts(await say(numberOf(summary, /确认提交/), false))).toContain('第 1 版');

    // Every answer went to the group through groupMessages/send.
    expect(dt.sent().every((c) => c.method === 'groupSend' && c.target === DT_GROUP)).toBe(true);
    const forms = t.app.services.forms;
    const unit = (await forms.unitOf(`dingtalk:${DT_USER}`))!;
    const rep = await forms.getReport(unit, '2026-11');
    expect(rep?.data).toMatchObject({ groupsNew: 3, groupsTotal: 15, highlights: '开展师带徒结对活动' });
    expect(rep?.by).toBe(`dingtalk:${DT_USER}`);
  });

  it('a number typed for a number question is the answer, not a choice (跳过 / 上一步 are offered as words)', async () => {
    // Not @-ing the bot and no running form: nothing is answered.
    expect(await say('/report', false)).toHaveLength(0);
    expect(texts(await say('/report', true))).toContain('哪个月');
    const q = await say('本月', true);
    const offered = q.map(contentOf).at(-1)!;
    expect(offered.text).not.toMatch(/【\d+】/);
    expect(offered.text).toContain('「跳过」');
    // A plain reply (no @) continues the running form; "1" answers the number question and the next one is asked.
    const question = /（(\d+)\/\d+）/.exec(offered.text)?.[1];
    const next = texts(await say('1', false));
    expect(next).not.toContain('按钮已经失效');
    expect(Number(/（(\d+)\/\d+）/.exec(next)?.[1])).toBeGreaterThan(Number(question));
    expect(texts(await say('取消', true))).toContain('取消');
  });
});
