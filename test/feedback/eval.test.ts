import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/eval.js';
import { type TestApp, startTestApp, testRedisUrl } from '../helpers/app.js';
import { feedbackButtons, feedbackCorpus } from './helpers.js';

/** `cli eval --curated` scores with the staff-curated pairs answering first; without it, the Q&A alone. */
let t: TestApp;
let dirs: ReturnType<typeof feedbackCorpus>;
let file: string;
const HEP = '体检查出乙肝，厂里就不要我了，这样合法吗？';

beforeAll(async () => {
  dirs = feedbackCorpus();
  t = await startTestApp({ CORPUS_DIRS: dirs.corpus, DATA_DIR: dirs.data });
  const id = feedbackButtons(await t.chat({ userId: 'w1', text: HEP })).down.slice(5);
  const r = await t.app.services.feedback.curate({
    askId: id,
    kind: 'answer',
    passages: ['就业促进法(2015-04-24)|第三十条'],
    answer: '',
    author: 'chen',
  });
  expect(r.ok).toBe(true);
  file = path.join(dirs.data, 'eval.jsonl');
  const item = {
    id: 'x1',
    question: '查出乙肝，厂里不录用我合法吗',
    type: 'colloquial',
    doc: '就业促进法(2015-04-24).md',
    locator: '第三十条',
    expect_any: ['传染病病原携带者'],
    refuse: false,
  };
  writeFileSync(file, `${JSON.stringify(item)}\n`);
  Object.assign(process.env, {
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: t.config.REDIS_PREFIX,
    CORPUS_DIRS: dirs.corpus,
    DATA_DIR: dirs.data,
    QA_CACHE_DIR: path.join(dirs.data, 'cli-cache'),
  });
}, 60_000);
afterAll(async () => {
  await t?.close();
  dirs?.cleanup();
});

async function evaluate(args: string[]): Promise<{ summary: Record<string, number>; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  try {
    expect(await run(args)).toBe(0);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  return { summary: JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>, err };
}

describe('cli eval with curated pairs on or off', () => {
  it('--curated: the pair answers the paraphrase with its article', async () => {
    const on = await evaluate([file, '--curated']);
    expect(on.summary['hit_at_1']).toBe(1);
    expect(on.err).toContain('curated pairs answered 1/1');
  });

  it('off (default): the Q&A answers alone, and no curated pair is used', async () => {
    const off = await evaluate([file]);
    expect(off.err).not.toContain('curated pairs');
    const plain = await t.app.services.qa.answer('查出乙肝，厂里不录用我合法吗');
    const good =
      !plain.refused && plain.citations[0]?.locator === '第三十条' && plain.citations[0]?.doc.startsWith('就业促进法');
    expect(off.summary['hit_at_1']).toBe(good ? 1 : 0);
  });
});
