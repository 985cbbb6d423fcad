import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, fakeClock, startTestApp, handledCount, waitHandled } from '../helpers/app.js';
import { type FakeSlack, signSlack, startFakeSlack } from './fake-slack.js';
import { fixture } from './fixtures.js';
import { REPORT_AFTER_STATUS, REPORT_OPENING, seedReportingOfficer } from './report-flow.js';

const SECRET = 'report-signing-secret';
const USER = 'U061F7AUR';
let slack: FakeSlack;
let t: TestApp;
let seq = 0;

beforeAll(async () => {
  slack = await startFakeSlack();
  t = await startTestApp(
    { ADMINS: 'web:boss', SLACK_BOT_TOKEN: 'xoxb-report', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl },
    { clock: fakeClock('2026-11-20T02:00:00Z') },
  );
  await seedReportingOfficer(t, `slack:${USER}`);
});
afterAll(async () => {
  await t?.close();
  await slack?.close();
});

type Rec = Record<string, unknown>;
interface Out {
  text: string;
  buttons: { label: string; value: string; confirm: boolean }[];
  thread?: string;
}

async function post(body: string, type: string): Promise<Out[]> {
  const before = slack.sent('chat.postMessage').length;
  const handled = await handledCount(t.app, 'slack');
  const res = await fetch(`${t.url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': type, ...signSlack(SECRET, body) },
    body,
  });
  expect(res.status).toBe(200);
  await waitHandled(t.app, 'slack', handled, { timeoutMs: 15_000 });
  const after = slack.sent('chat.postMessage').length;
  return slack
    .sent('chat.postMessage')
    .slice(before, after)
    .map((c) => {
      const blocks = (c.body['blocks'] as Rec[]) ?? [];
      const buttons = blocks
        .filter((b) => b['type'] === 'actions')
        .flatMap((b) => b['elements'] as Rec[])
        .map((e) => ({
          label: String((e['text'] as Rec)['text']),
          value: String(e['value']),
          confirm: e['confirm'] !== undefined,
        }));
      const out: Out = { text: String(c.body['text']), buttons };
      if (typeof c.body['thread_ts'] === 'string') out.thread = c.body['thread_ts'];
      return out;
    });
}

const say = (text: string) => {
  const u = fixture<{ event: Rec }>('slack', 'event_dm_message', { event_id: `EvR${++seq}x${Date.now()}` });
  const ts = `1763953${String(seq).padStart(3, '0')}.000100`;
  return post(
    JSON.stringify({ ...u, event: { ...u.event, text, ts, event_ts: ts, client_msg_id: `m${seq}` } }),
    'application/json',
  );
};
const press = (value: string, label: string) => {
  const p = fixture<Rec & { actions: Rec[] }>('slack', 'block_actions');
  const payload = { ...p, actions: [{ ...p.actions[0], value, text: { type: 'plain_text', text: label } }] };
  return post(
    new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    'application/x-www-form-urlencoded',
  );
};
const all = (outs: Out[]) => outs.map((o) => o.text).join('\n');

async function home(): Promise<string> {
  const before = slack.sent('views.publish').length;
  const body = JSON.stringify(fixture('slack', 'event_app_home_opened', { event_id: `EvH${++seq}x${Date.now()}` }));
  const res = await fetch(`${t.url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signSlack(SECRET, body) },
    body,
  });
  expect(res.status).toBe(200);
  const view = (await slack.waitFor('views.publish', before + 1)).at(-1)!;
  expect(view.body['user_id']).toBe(USER);
  expect((view.body['view'] as Rec)['type']).toBe('home');
  return JSON.stringify(view.body['view']);
}

describe('a whole monthly report on Slack', () => {
  it('the App Home shows the unit, that this month is not reported yet, and the next events', async () => {
    await t.chat({
      userId: 'boss',
      chatId: 'office',
      text: '/event add 职工读书月启动仪式 | 2026-12-01 09:30 | 市工人文化宫',
    });
    const v = await home();
    expect(v).toContain('无锡一棉');
    expect(v).toContain('2026-11');
    expect(v).toContain('尚未提交');
    expect(v).toContain('职工读书月启动仪式');
    expect(v).toContain('2026年12月1日 09:30');
  });

  it('goes from /report through typed answers and buttons to a submitted report, answers in the DM thread', async () => {
    const first = await say('/report');
    expect(all(first)).toContain('哪个月');
    expect(first[0]!.thread).toMatch(/^1763953/);
    for (const [answer, next] of REPORT_OPENING) expect(all(await say(answer))).toContain(next);
    const ent = await say('推进中');
    const started = ent.flatMap((o) => o.buttons).find((b) => b.value === 'form:choice:unionStatus:started');
    expect(started).toBeDefined();
    expect(all(await press(started!.value, started!.label))).toContain('纳入职代会');
    for (const [answer, next] of REPORT_AFTER_STATUS) expect(all(await say(answer))).toContain(next);
    const summary = await say('跳过');
    expect(all(summary)).toContain('请核对');
    const confirm = summary.flatMap((o) => o.buttons).find((b) => b.value === 'form:confirm');
    expect(confirm).toBeDefined();
    expect(all(await press('form:confirm', confirm!.label))).toContain('第 1 版');

    const forms = t.app.services.forms;
    const unit = (await forms.unitOf(`slack:${USER}`))!;
    const rep = await forms.getReport(unit, '2026-11');
    expect(rep?.data).toMatchObject({ groupsNew: 3, groupsTotal: 15, trainingParticipants: 120 });
    expect(rep?.by).toBe(`slack:${USER}`);
    expect(await home()).toContain('已提交第 1 版');
  });
});

describe('the monthly report as a Slack modal', () => {
  const submit = async (view: Rec, patch: Record<string, Rec> = {}): Promise<Response> => {
    const p = fixture<Rec & { view: Rec & { state: { values: Record<string, Rec> } } }>(
      'slack',
      'view_submission_report',
    );
    const payload = {
      ...p,
      view: {
        ...p.view,
        private_metadata: view['private_metadata'],
        state: { values: { ...p.view.state.values, ...patch } },
      },
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return fetch(`${t.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlack(SECRET, body) },
      body,
    });
  };

  it('/report opens a modal generated from the form definition, prefilled with this month', async () => {
    const before = slack.sent('views.open').length;
    const cmd = fixture('slack', 'slash_command_whoami', {
      command: '/report',
      text: '',
      response_url: `${slack.url}/respond/r1`,
    });
    const body = new URLSearchParams(Object.entries(cmd).map(([k, v]): [string, string] => [k, String(v)])).toString();
    const res = await fetch(`${t.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlack(SECRET, body) },
      body,
    });
    expect(res.status).toBe(200);
    const open = (await slack.waitFor('views.open', before + 1)).at(-1)!;
    expect(open.body['trigger_id']).toBe(cmd['trigger_id']);
    const view = open.body['view'] as Rec & { blocks: Rec[] };
    expect(view['callback_id']).toBe('ud_report');
    expect(view.blocks.map((b) => b['block_id'])).toContain('fundRatio');
    const month = view.blocks.find((b) => b['block_id'] === 'month')!;
    expect((month['element'] as Rec)['initial_value']).toBe('2026-11');
    expect((view.blocks.find((b) => b['block_id'] === 'fundRatio')!['element'] as Rec)['type']).toBe('number_input');
    expect((view.blocks.find((b) => b['block_id'] === 'unionStatus')!['element'] as Rec)['type']).toBe('static_select');

    // Field errors come back inline, nothing is recorded.
    const bad = await submit(view, {
      month: { v: { type: 'plain_text_input', value: '下个世纪' } },
      groupsNew: { v: { type: 'number_input', value: '30' } },
      groupsTotal: { v: { type: 'number_input', value: '5' } },
    });
    const errors = (await bad.json()) as { response_action: string; errors: Record<string, string> };
    expect(errors.response_action).toBe('errors');
    expect(errors.errors['month']).toContain('月份');
    const forms = t.app.services.forms;
    const unit = (await forms.unitOf(`slack:${USER}`))!;
    const versions = (await forms.reportHistory(unit, '2026-11')).length;

    // The form definition's rules, as in the chat form: person-times below sessions, or a 95%
    // education-fund ratio, are accepted only with the 核对 box ticked.
    const rules = await submit(view, {
      trainingSessions: { v: { type: 'number_input', value: '8' } },
      trainingParticipants: { v: { type: 'number_input', value: '5' } },
    });
    expect(((await rules.json()) as { errors: Record<string, string> }).errors['trainingParticipants']).toContain(
      '培训人次少于培训场次',
    );
    expect(view.blocks.at(-1)!['block_id']).toBe('confirm');
    const high = { fundRatio: { v: { type: 'number_input', value: '95' } } };
    const unconfirmed = (await (await submit(view, high)).json()) as { errors: Record<string, string> };
    expect(unconfirmed.errors['fundRatio']).toContain('您填的是 95%，确认吗？');
    expect((await forms.reportHistory(unit, '2026-11')).length).toBe(versions);
    const tick = { confirm: { v: { type: 'checkboxes', selected_options: [{ value: 'yes' }] } } };
    const posted95 = slack.sent('chat.postMessage').length;
    expect(await (await submit(view, { ...high, ...tick })).text()).toBe('');
    await slack.waitFor('chat.postMessage', posted95 + 1);
    expect((await forms.getReport(unit, '2026-11'))?.data['fundRatio']).toBe(95);

    const posted = slack.sent('chat.postMessage').length;
    const ok = await submit(view);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('');
    const confirmation = (await slack.waitFor('chat.postMessage', posted + 1)).slice(posted);
    expect(String(confirmation[0]!.body['text'])).toContain('无锡一棉');
    expect(confirmation[0]!.body['channel']).toBe('D0PNCRP9N');
    const rep = await forms.getReport(unit, '2026-11');
    expect(rep?.version).toBe(versions + 2);
    expect(rep?.data).toMatchObject({
      groupsNew: 4,
      groupsTotal: 19,
      fundRatio: 2.6,
      fundInContract: true,
      unionStatus: 'started',
    });
    expect(rep?.by).toBe(`slack:${USER}`);
  });
});

describe('a form in a channel thread', () => {
  it('started with an @mention, continued by plain replies in the thread without mentioning the bot', async () => {
    const root = '1763956000.000100';
    const mention = fixture<{ event: Rec }>('slack', 'event_app_mention', { event_id: `EvT${++seq}x${Date.now()}` });
    const first = await post(
      JSON.stringify({
        ...mention,
        event: { ...mention.event, text: '<@U07UDBOT01> /report', ts: root, event_ts: root },
      }),
      'application/json',
    );
    expect(all(first)).toContain('哪个月');
    expect(first[0]!.thread).toBe(root);

    const chatter = fixture<{ event: Rec }>('slack', 'event_channel_chatter', {
      event_id: `EvT${++seq}x${Date.now()}`,
    });
    const ts = '1763956010.000200';
    const next = await post(
      JSON.stringify({
        ...chatter,
        event: { ...chatter.event, user: USER, text: '上个月', ts, event_ts: ts, thread_ts: root },
      }),
      'application/json',
    );
    expect(next[0]!.thread).toBe(root);
    expect(all(next)).toContain('学习型班组');
    expect(all(next)).not.toContain('哪个月');
  });
});
