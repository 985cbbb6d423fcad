import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { pseudonym } from '../../src/feedback/identity.js';
import { leadOf } from '../../src/feedback/service.js';
import { createLogger } from '../../src/logger.js';
import { optionsFromUrl } from '../../src/store/redis.js';
import { type TestApp, startTestApp, testRedisUrl } from '../helpers/app.js';
import { feedbackButtons, feedbackCorpus } from './helpers.js';

let t: TestApp;
let dirs: ReturnType<typeof feedbackCorpus>;
const HEP = '体检查出乙肝，厂里就不要我了，这样合法吗？';
const HEP_OTHER_WORDS = '查出乙肝，厂里不录用我合法吗';
const ART30 = { doc: '就业促进法(2015-04-24)', locator: '第三十条' };

beforeAll(async () => {
  dirs = feedbackCorpus();
  t = await startTestApp({ CORPUS_DIRS: dirs.corpus, DATA_DIR: dirs.data, FEEDBACK_SALT: 'test-salt' });
});
afterAll(async () => {
  await t?.close();
  dirs?.cleanup();
});

const fb = () => t.app.services.feedback;
const ask = (userId: string, text: string) => t.chat({ userId, chatId: `chat-${userId}`, text });

describe('curated answers come first', () => {
  let pairId = '';

  it('a 没用 answer waits under its wording; staff find the article in a ranked list and save a curated pair', async () => {
    const first = await ask('w1', HEP);
    expect(first[0]!.answer?.confirmed).toBeUndefined();
    const { down } = feedbackButtons(first);
    await t.chat({ userId: 'w1', chatId: 'chat-w1', action: down });
    const group = (await fb().pending()).find((g) => g.question === HEP)!;
    expect(group).toBeDefined();
    const hits = await fb().search('传染病病原携带者 拒绝录用');
    expect(hits.slice(0, 5).map((h) => `${h.doc} ${h.locator}`)).toContain(`${ART30.doc} ${ART30.locator}`);
    const r = await fb().curate({
      askId: group.id,
      kind: 'answer',
      passages: [`${ART30.doc}|${ART30.locator}`],
      answer: '',
      author: 'chen',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    pairId = r.pair.id;
    expect(r.pair).toMatchObject({ version: 1, status: 'active', author: 'chen', questions: [HEP] });
    expect(r.pair.answer).toBe(leadOf(r.pair.citations[0]!.quote));
    expect(r.pair.answer).toContain('不得以是传染病病原携带者为由拒绝录用');
    expect((await fb().pending()).find((g) => g.question === HEP)).toBeUndefined(); // handled
  });

  it('the same worker, and another asking in other words, get the office’s answer with its article', async () => {
    for (const [who, q] of [
      ['w1', HEP],
      ['w2', HEP_OTHER_WORDS],
    ] as const) {
      const [a] = await ask(who, q);
      expect(a!.answer).toEqual({ lang: 'zh', confirmed: true });
      expect(a!.citations?.[0]).toMatchObject(ART30);
      expect(a!.citations?.[0]?.quote).toContain('传染病病原携带者');
      expect(a!.choices?.map((c) => c.label)).toEqual(['👍 有用', '👎 没用']);
    }
    // A different question sharing a few words does not get it.
    expect((await ask('w3', '厂里不要我了怎么办'))[0]!.answer?.confirmed).toBeUndefined();
    const [w] = (await fb().weeks(1)).slice(-1);
    expect(w!.curated).toBe(2);
  });

  it('is versioned, visible to another replica on the same Redis, and withdrawn the normal answer returns', async () => {
    const other = await createApp({
      config: t.config,
      logger: createLogger('silent'),
      redisTarget: { options: optionsFromUrl(testRedisUrl()), stop: async () => {}, embedded: false },
      role: 'bot',
    });
    try {
      const [a] = await other.router.handle({
        channel: 'telegram',
        chatId: '9',
        userId: '9',
        isGroup: false,
        mentioned: true,
        text: HEP_OTHER_WORDS,
      });
      expect(a!.answer?.confirmed).toBe(true);
      expect(await other.services.feedback.pairs.get(pairId)).toMatchObject({ version: 1 });
    } finally {
      await other.stop();
    }
    const w = await fb().withdraw(pairId, 'wang');
    expect(w).toMatchObject({ version: 2, status: 'withdrawn', author: 'wang' });
    expect((await fb().pairs.versions(pairId)).map((p) => [p.version, p.status])).toEqual([
      [1, 'active'],
      [2, 'withdrawn'],
    ]);
    const [back] = await ask('w2', HEP_OTHER_WORDS);
    expect(back!.answer?.confirmed).toBeUndefined();
  });

  it('out of scope: a polite answer, labelled as the office’s, without citations', async () => {
    const { down } = feedbackButtons(await ask('w4', '无锡明天限行吗'));
    await t.chat({ userId: 'w4', chatId: 'chat-w4', action: down });
    const g = (await fb().pending()).find((x) => x.question === '无锡明天限行吗')!;
    expect(
      (await fb().curate({ askId: g.id, kind: 'out_of_scope', passages: [], answer: '', author: 'chen' })).ok,
    ).toBe(false);
    const r = await fb().curate({
      askId: g.id,
      kind: 'out_of_scope',
      passages: [],
      answer: '交通限行请咨询交警部门。',
      author: 'chen',
    });
    expect(r.ok).toBe(true);
    const [a] = await ask('w5', '无锡明天限行吗');
    expect(a).toMatchObject({
      text: '交通限行请咨询交警部门。',
      citations: [],
      answer: { lang: 'zh', confirmed: true },
    });
  });

  it('an answer must cite a passage that exists', async () => {
    const id = feedbackButtons(await ask('w6', '职工书屋怎么建')).down.slice(5);
    expect(await fb().curate({ askId: id, kind: 'answer', passages: [], answer: '见意见。', author: 'x' })).toEqual({
      ok: false,
      error: 'no_passage',
    });
    expect(
      await fb().curate({ askId: id, kind: 'answer', passages: ['无此文件|第一条'], answer: '', author: 'x' }),
    ).toEqual({ ok: false, error: 'gone' });
  });

  it('when the corpus changes, a pair whose article is gone is flagged and not served', async () => {
    const id = feedbackButtons(await ask('w7', '女职工孕期能不能被安排夜班')).down.slice(5);
    const hits = await fb().search('怀孕7个月以上 夜班劳动');
    const art = hits.find((h) => h.doc.startsWith('女职工劳动保护特别规定'))!;
    const r = await fb().curate({
      askId: id,
      kind: 'answer',
      passages: [`${art.doc}|${art.locator}`],
      answer: '怀孕7个月以上的，不得安排夜班劳动。',
      author: 'chen',
    });
    expect(r.ok).toBe(true);
    expect((await ask('w8', '女职工孕期能不能被安排夜班'))[0]!.answer?.confirmed).toBe(true);
    rmSync(path.join(dirs.corpus, 'laws', `${art.doc}.md`));
    await t.app.services.qa.reload();
    const view = (await fb().pairViews()).find((p) => r.ok && p.id === r.pair.id)!;
    expect(view.missing).toEqual([`${art.doc} ${art.locator}`]);
    expect((await ask('w8', '女职工孕期能不能被安排夜班'))[0]!.answer?.confirmed).toBeUndefined();
  });

  it('identities are hashed with FEEDBACK_SALT', async () => {
    const id = feedbackButtons(await ask('w9', '加班费怎么算')).up.slice(5);
    expect((await fb().store.ask(id))!.who).toBe(pseudonym('test-salt', 'web:w9'));
  });
});
