import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { feedbackButtons, feedbackCorpus } from './helpers.js';

let t: TestApp;
let dirs: ReturnType<typeof feedbackCorpus>;

beforeAll(async () => {
  dirs = feedbackCorpus();
  t = await startTestApp({ CORPUS_DIRS: dirs.corpus, DATA_DIR: dirs.data });
});
afterAll(async () => {
  await t?.close();
  dirs?.cleanup();
});

const fb = () => t.app.services.feedback;

describe('有用 / 没用 on every answer', () => {
  it('an answer carries both buttons, each value well under Telegram’s 64-byte callback_data', async () => {
    const replies = await t.chat({ userId: 'w1', chatId: 'c-a', text: '加班费怎么算' });
    const { up, down } = feedbackButtons(replies);
    expect(replies.at(-1)!.choices).toHaveLength(2);
    expect(replies.at(-1)!.choices!.map((c) => c.label)).toEqual(['👍 有用', '👎 没用']);
    for (const v of [up, down]) expect(Buffer.byteLength(v)).toBeLessThanOrEqual(64);
    const ask = (await fb().store.ask(up.slice('fb:u:'.length)))!;
    expect(ask).toMatchObject({ question: '加班费怎么算', channel: 'web', refused: false, lang: 'zh' });
    expect(ask.answer).toBe(replies[0]!.text);
    expect(ask.citations[0]?.doc).toBeTruthy();
    expect(ask.who).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(ask)).not.toContain('w1'); // pseudonymous: never the raw id
    expect(Number.isNaN(Date.parse(ask.at))).toBe(false);
  });

  it('有用 is thanked and counted once, however often it is pressed', async () => {
    const { up } = feedbackButtons(await t.chat({ userId: 'w2', chatId: 'c-b', text: '演讲比赛是几月份' }));
    expect((await t.chat({ userId: 'w2', chatId: 'c-b', action: up }))[0]!.text).toBe('谢谢您的反馈！');
    await t.chat({ userId: 'w2', chatId: 'c-b', action: up });
    const [week] = (await fb().weeks(1)).slice(-1);
    expect(week!.up).toBe(1);
  });

  it('没用 asks for a short reason; the typed reason is kept with the vote and the answer waits for review', async () => {
    const { down } = feedbackButtons(await t.chat({ userId: 'w3', chatId: 'c-c', text: '年假能休几天' }));
    const id = down.slice('fb:d:'.length);
    const asked = await t.chat({ userId: 'w3', chatId: 'c-c', action: down });
    expect(asked[0]!.text).toContain('哪里不对');
    expect(asked[0]!.choices!.map((c) => c.label)).toEqual(['答非所问', '条文不对', '没说清楚']);
    const saved = await t.chat({ userId: 'w3', chatId: 'c-c', text: '我工作十二年了，没说到我' });
    expect(saved[0]!.text).toBe('已记下，谢谢！');
    const votes = Object.values(await fb().store.votes(id));
    expect(votes).toEqual([
      expect.objectContaining({ vote: 'down', reason: '我工作十二年了，没说到我', channel: 'web' }),
    ]);
    expect((await fb().store.queue()).map((q) => q.id)).toContain(id);
    // The conversation goes on: the next message is a question again.
    expect((await t.chat({ userId: 'w3', chatId: 'c-c', text: '加班费怎么算' }))[0]!.citations?.length).toBeGreaterThan(
      0,
    );
  });

  it('a ready-made reason button works, and a new question typed after 没用 is answered, not taken as the reason', async () => {
    const { down } = feedbackButtons(await t.chat({ userId: 'w4', chatId: 'c-d', text: '年假能休几天' }));
    const reasons = (await t.chat({ userId: 'w4', chatId: 'c-d', action: down }))[0]!.choices!;
    expect(Buffer.byteLength(reasons[1]!.value)).toBeLessThanOrEqual(64);
    expect((await t.chat({ userId: 'w4', chatId: 'c-d', action: reasons[1]!.value }))[0]!.text).toBe('已记下，谢谢！');
    const id = down.slice('fb:d:'.length);
    expect(Object.values(await fb().store.votes(id))[0]?.reason).toBe('条文不对');

    const again = feedbackButtons(await t.chat({ userId: 'w4', chatId: 'c-d', text: '演讲比赛是几月份' }));
    await t.chat({ userId: 'w4', chatId: 'c-d', action: again.down });
    const q = await t.chat({ userId: 'w4', chatId: 'c-d', text: '工会经费从哪里来？' });
    expect(q[0]!.text).not.toBe('已记下，谢谢！');
    expect(Object.values(await fb().store.votes(again.down.slice(5)))[0]?.reason).toBeUndefined();
  });

  it('a refusal goes to the review queue by itself; stale buttons and unknown answers get a clear reply', async () => {
    const r = await t.chat({ userId: 'w5', chatId: 'c-e', text: '明天无锡天气怎么样' });
    expect(r[0]!.answer).toBeUndefined();
    const id = feedbackButtons(r).down.slice(5);
    expect((await fb().store.queue()).map((q) => q.id)).toContain(id);
    expect((await t.chat({ userId: 'w5', action: 'fb:d:nosuchanswer' }))[0]!.text).toContain('已过期');
    expect((await t.chat({ userId: 'w5', action: 'fb:d:../../x' }))[0]!.text).toBeTruthy();
  });

  it('the week’s figures count answered, refused, 有用 and 没用', async () => {
    const [w] = (await fb().weeks(1)).slice(-1);
    expect(w!.answered).toBeGreaterThanOrEqual(6);
    expect(w!.refused).toBeGreaterThanOrEqual(1);
    expect(w!.up).toBe(1);
    expect(w!.down).toBe(3); // w3's, and both of w4's
  });
});
