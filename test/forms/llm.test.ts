import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formsApp, text } from './helpers.js';

type App = Awaited<ReturnType<typeof formsApp>>;

/** A fake OpenAI-compatible server on loopback: POST /v1/chat/completions, driven through the real SDK. */
let mode: 'ok' | 'error' | 'slow' = 'ok';
/** Completions the fake API has answered (a slow one answers 1.5 s after the request). */
let answered = 0;
let answer: Record<string, unknown> = {};
const seen: {
  response_format?: { type: string; json_schema?: { strict?: boolean; schema?: { required?: string[] } } };
  messages: { content: string }[];
}[] = [];
let server: Server;
let baseURL: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      seen.push(JSON.parse(body));
      if (mode === 'error') {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'boom' } }));
        return;
      }
      const send = () => {
        answered++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: 'chatcmpl-1',
            object: 'chat.completion',
            created: 1,
            model: 'gpt-4o-mini',
            choices: [
              { index: 0, message: { role: 'assistant', content: JSON.stringify(answer) }, finish_reason: 'stop' },
            ],
            usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
          }),
        );
      };
      if (mode === 'slow') setTimeout(send, 1500);
      else send();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

let t: App;
beforeAll(async () => {
  t = await formsApp({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: baseURL, OPENAI_TIMEOUT_MS: '400' });
  for (const who of ['l1', 'l2', 'l3', 'l4', 'l5']) {
    const u = await t.forms.upsertUnit({
      name: `LLM单位${who}`,
      district: '新吴区',
      type: '企业',
      highTrainingNeeds: false,
    });
    await t.forms.bindOfficer(`web:${who}`, u.id);
  }
});
afterAll(async () => {
  await t.close();
});

const nulls = () => ({
  month: null,
  groupsNew: null,
  groupsTotal: null,
  enterpriseStatus: null,
  unionStatus: null,
  trainingSessions: null,
  trainingParticipants: null,
  fundRatio: null,
  fundInContract: null,
  competitions: null,
  competitionParticipants: null,
  readingParticipants: null,
  newHighSkill: null,
  migrantTrained: null,
  commended: null,
  highlights: null,
  problems: null,
});

describe('paragraph extraction with structured outputs', () => {
  it('fills what the model found, after checking each value with the form schema', async () => {
    mode = 'ok';
    answer = {
      ...nulls(),
      month: '2026-11',
      trainingSessions: 4,
      enterpriseStatus: 'reached',
      fundRatio: 250,
      unionStatus: 'bogus',
      highlights: '书香班组',
    };
    await t.chat({ userId: 'l1', text: '/report' });
    const r = text(
      await t.chat({
        userId: 'l1',
        text: '这个月大家热情很高，组织了好几期培训，学习型企业也通过了验收，书香班组办得不错',
      }),
    );
    const req = seen[seen.length - 1]!;
    expect(req.response_format?.type).toBe('json_schema');
    expect(req.response_format?.json_schema?.strict).toBe(true);
    expect(req.response_format?.json_schema?.schema?.required).toContain('trainingParticipants');
    expect(req.messages[1]!.content).toContain('书香班组');
    // “好几期” states no number: the model's 4 is not filed, 培训场次 is asked later.
    expect(r).not.toContain('培训场次');
    expect(r).toContain('学习型企业创建：已达标');
    expect(r).toContain('工作亮点和典型经验：书香班组');
    expect(r).not.toContain('250');
    // The invalid choice was dropped: 学习型工会 is still to be asked.
    expect(text(await t.chat({ userId: 'l1', text: '进度' }))).toMatch(/还没填：.*学习型工会创建.*培训场次/);
  });

  it('files a model number only where the paragraph states it and the placement checks allow it', async () => {
    mode = 'ok';
    // 12 is the month, 300 the workforce, 46 not stated; 1 and 3 are two numbers for one field.
    answer = {
      ...nulls(),
      groupsNew: 9,
      groupsTotal: 46,
      newHighSkill: 3,
      trainingParticipants: 300,
      competitions: 12,
    };
    await t.chat({ userId: 'l4', text: '/report' });
    const r = text(
      await t.chat({ userId: 'l4', text: '12月月报：车间有300名职工，学习型班组新增5个；新增高级技师1名，技师3名。' }),
    );
    expect(r).toContain('本月新建学习型班组：5 个'); // the rules' reading wins over the model's 9
    expect(r).toContain('‘1’、‘3’ 我没能确定是哪一项');
    for (const no of ['新增高技能人才：', '300', '累计学习型班组：', '技术比武/技能竞赛/岗位练兵：12'])
      expect(r).not.toContain(no);
    const left = text(await t.chat({ userId: 'l4', text: '进度' }));
    expect(left).toMatch(/还没填：.*累计学习型班组.*培训人次.*技术比武.*新增高技能人才/);
  });

  it('lets the model say which field a number belongs to, when it is the one number that fits', async () => {
    mode = 'ok';
    answer = { ...nulls(), trainingParticipants: 60, competitionParticipants: 60 };
    await t.chat({ userId: 'l5', text: '/report' });
    const para = '本月技术比武1场，参赛30人，比武前组织集中培训2场、60人次。';
    const r = text(await t.chat({ userId: 'l5', text: para }));
    expect(r).toContain('培训人次：60 人次'); // the rules could not tell 培训 from 比武 here
    expect(r).toContain('竞赛参与人数：30 人'); // the rules' 30 stands
    expect(r).not.toContain('我没能确定');
  });

  it('falls back to the rules when the API fails', async () => {
    mode = 'error';
    await t.chat({ userId: 'l2', text: '/report' });
    const r = text(await t.chat({ userId: 'l2', text: '本月新建班组3个，培训两场共一百二十人次，经费占比1.8%' }));
    expect(r).toContain('培训人次：120 人次');
    expect(r).toContain('累计共有多少个学习型班组');
  });

  it('falls back to the rules when the API is too slow', async () => {
    mode = 'slow';
    await t.chat({ userId: 'l3', text: '/report' });
    const before = answered;
    const r = text(await t.chat({ userId: 'l3', text: '本月新建班组3个，培训两场共一百二十人次' }));
    // The reply came on the bot's own timeout (OPENAI_TIMEOUT_MS), before the slow API answered.
    expect(answered).toBe(before);
    expect(r).toContain('本月新建学习型班组：3 个');
  });
});
