import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, fakeClock, handledCount, startTestApp, waitHandled } from '../helpers/app.js';
import { BOT_ID, BOT_SECRET, type FakeWecom, startFakeWecom, until, wecomFixture } from './fake-wecom.js';
import { REPORT_AFTER_STATUS, REPORT_OPENING, seedReportingOfficer } from './report-flow.js';

const USER = 'lisi';
const GROUP = 'wrkSFfCgAAtMQKg4xoDKLhGpB5XqbMZA';
let wc: FakeWecom;
let t: TestApp;

type Rec = Record<string, unknown>;

beforeAll(async () => {
  wc = await startFakeWecom();
  t = await startTestApp(
    { ADMINS: 'web:boss', WECOM_BOT_ID: BOT_ID, WECOM_BOT_SECRET: BOT_SECRET, WECOM_WS_URL: wc.url },
    { clock: fakeClock('2026-11-20T02:00:00Z') },
  );
  await until(() => wc.live() === 1);
  await seedReportingOfficer(t, `wecom:${USER}`);
});
afterAll(async () => {
  await t?.close();
  await wc?.close();
});

interface Out {
  text: string;
  buttons: { text: string; key: string }[];
  taskId?: string;
}

/** What the bot said: stream replies and pushes, each with its card's buttons. */
function outOf(body: Rec): Out {
  const card = body['template_card'] as { button_list?: { text: string; key: string }[]; task_id?: string } | undefined;
  const text =
    String((body['stream'] as Rec | undefined)?.['content'] ?? '') +
    String((body['markdown'] as Rec | undefined)?.['content'] ?? '');
  return { text, buttons: card?.button_list ?? [], ...(card?.task_id ? { taskId: card.task_id } : {}) };
}

async function send(body: Rec): Promise<Out[]> {
  const before = wc.calls.length;
  const handled = await handledCount(t.app, 'wecom');
  wc.push(body, body['msgtype'] === 'event' ? 'aibot_event_callback' : 'aibot_msg_callback');
  await waitHandled(t.app, 'wecom', handled, { timeoutMs: 15_000 });
  return wc.calls
    .slice(before)
    .filter((c) => c.cmd === 'aibot_respond_msg' || c.cmd === 'aibot_send_msg')
    .map((c) => outOf(c.body));
}

/** Every message in the group @-mentions the bot (WeCom delivers only those). */
const say = (text: string) => send(wecomFixture('text_group_mention', { text: { content: `@RobotA ${text}` } }));

function press(out: Out[], label: RegExp): Promise<Out[]> {
  const card = out.find((o) => o.buttons.some((b) => label.test(b.text)));
  const button = card?.buttons.find((b) => label.test(b.text));
  expect(button).toBeDefined();
  const ev = wecomFixture('template_card_event', { from: { userid: USER }, chatid: GROUP });
  return send({
    ...ev,
    event: {
      eventtype: 'template_card_event',
      template_card_event: { card_type: 'button_interaction', event_key: button!.key, task_id: card!.taskId },
    },
  });
}

const all = (outs: Out[]) => outs.map((o) => o.text).join('\n');

describe('a whole monthly report in a WeCom group', () => {
  it('goes from "@bot /report" through @-replies and card buttons to a submitted report', async () => {
    expect(all(await say('/report'))).toContain('哪个月');
    for (const [answer, next] of REPORT_OPENING) expect(all(await say(answer))).toContain(next);
    const status = await say('推进中');
    const chosen = await press(status, /已启动/);
    expect(all(chosen)).toContain('纳入职代会');
    // The pressed card was updated in place, keeping the chosen button only.
    const update = wc.calls.filter((c) => c.cmd === 'aibot_respond_update_msg').at(-1);
    expect(JSON.stringify(update?.body)).toContain('已启动');
    for (const [answer, next] of REPORT_AFTER_STATUS) expect(all(await say(answer))).toContain(next);
    const summary = await say('跳过');
    expect(all(summary)).toContain('请核对');
    expect(all(await press(summary, /提交|确认/))).toContain('第 1 版');

    const forms = t.app.services.forms;
    const unit = (await forms.unitOf(`wecom:${USER}`))!;
    const rep = await forms.getReport(unit, '2026-11');
    expect(rep?.data).toMatchObject({ groupsNew: 3, groupsTotal: 15, highlights: '开展师带徒结对活动' });
    expect(rep?.by).toBe(`wecom:${USER}`);
  }, 60_000);
});
