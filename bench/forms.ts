/**
 * `npm run bench -- forms [--sessions N] [--concurrency C]`
 * 10,000 concurrent form sessions against a real Redis (REDIS_URL, or a private redis-server):
 * Redis memory per session (INFO memory before/after, MEMORY USAGE of one session's keys) and the
 * latency of one form step (the real engine: lock, load, parse/extract, save), run with bounded
 * concurrency. The last line is one JSON object: {sessions, bytes_per_session, step_p50_ms, step_p99_ms}.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { loadConfig } from '../src/config.js';
import { createDeps } from '../src/core/deps.js';
import type { HandlerContext } from '../src/core/module.js';
import { translate } from '../src/core/i18n.js';
import { type Incoming, conversationOf, encodeConversationId } from '../src/core/types.js';
import { monthlyReport } from '../src/forms/definitions/index.js';
import { stepText } from '../src/forms/engine.js';
import { createFormsInternals } from '../src/forms/service.js';
import { runStep, startForm } from '../src/forms/session.js';
import { freePort, startEmbeddedRedis } from '../src/store/embedded.js';
import { deleteByPrefix, optionsFromUrl } from '../src/store/redis.js';

function arg(argv: string[], name: string, dflt: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? (argv[i + 1] as string) : dflt;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const r2 = (x: number): number => Math.round(x * 100) / 100;
const log = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

/** Run `fn(i)` for i < n with at most `c` in flight. */
async function pool(n: number, c: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(c, n) }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

export async function run(argv: string[]): Promise<void> {
  const sessions = Number(arg(argv, '--sessions', '10000'));
  const concurrency = Number(arg(argv, '--concurrency', '64'));
  const prefix = `bench:forms:${randomBytes(3).toString('hex')}:`;
  let dir: string | null = null;
  let stopEmbedded = async () => {};
  let options = process.env['REDIS_URL'] ? optionsFromUrl(process.env['REDIS_URL']) : null;
  if (!options) {
    dir = mkdtempSync(path.join(os.tmpdir(), 'forms-bench-'));
    const e = await startEmbeddedRedis({ dir, port: await freePort(), persist: false });
    options = e.options;
    stopEmbedded = e.stop;
  }
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    REDIS_PREFIX: prefix,
    ...(process.env['REDIS_URL'] ? { REDIS_URL: process.env['REDIS_URL'] } : {}),
  });
  const deps = createDeps({
    config,
    redisTarget: { options, stop: async () => {}, embedded: !process.env['REDIS_URL'] },
    llm: false,
  });
  const { redis, keys } = deps;
  const fi = createFormsInternals(deps, null);
  const unit = await fi.units.upsertUnit({
    name: '压测单位',
    district: '新吴区',
    type: '企业',
    highTrainingNeeds: false,
  });

  const ctxFor = (i: number): HandlerContext => {
    const inc: Incoming = {
      channel: 'telegram',
      chatId: String(100000 + i),
      userId: String(500000 + i),
      isGroup: false,
      mentioned: true,
    };
    const conv = conversationOf(inc);
    const skey = keys.session(encodeConversationId(conv), `telegram:${inc.userId}`);
    return {
      deps,
      inc,
      lang: 'zh',
      role: 'officer',
      identity: `telegram:${inc.userId}`,
      conv,
      t: (k, v) => translate('zh', k, v),
      session: {
        claim: async (f) => {
          await redis.set(skey, f, 'EX', 7 * 24 * 3600);
        },
        release: async () => {
          await redis.del(skey);
        },
        owner: () => redis.get(skey),
      },
    };
  };

  try {
    log(
      `redis: ${process.env['REDIS_URL'] ? 'REDIS_URL' : 'private redis-server'}; sessions: ${sessions}; concurrency: ${concurrency}`,
    );
    const before = await usedMemory(redis);
    const startMs: number[] = [];
    let t0 = performance.now();
    await pool(sessions, concurrency, async (i) => {
      const t = performance.now();
      await startForm(ctxFor(i), fi, monthlyReport, unit.id);
      startMs.push(performance.now() - t);
    });
    const startS = (performance.now() - t0) / 1000;

    // Two steps per session: a paragraph (rule extraction of 5 fields) and a plain answer.
    const stepMs: number[] = [];
    t0 = performance.now();
    for (const answer of ['本月新建班组3个，培训两场共一百二十人次，经费占比1.8%', '15个']) {
      await pool(sessions, concurrency, async (i) => {
        const t = performance.now();
        await runStep(ctxFor(i), fi, monthlyReport, (env, d) => stepText(env, d, answer));
        stepMs.push(performance.now() - t);
      });
    }
    const stepS = (performance.now() - t0) / 1000;
    // The same step one at a time: the engine's own cost without queueing behind 63 others.
    const serialMs: number[] = [];
    for (let i = 0; i < Math.min(500, sessions); i++) {
      const t = performance.now();
      await runStep(ctxFor(i), fi, monthlyReport, (env, d) => stepText(env, d, '推进中'));
      serialMs.push(performance.now() - t);
    }
    // A whole paragraph one at a time (clauses, quantities, placement, the form's rules), on fresh drafts.
    const paraMs: number[] = [];
    const para =
      '11月份：新建学习型班组2个（累计15个）；培训6场、420人次，其中农民工95人次；教育经费占工资总额1.5%；岗位练兵3次，参与210人。';
    for (let i = 0; i < Math.min(500, sessions); i++) {
      const ctx = ctxFor(sessions + i);
      await startForm(ctx, fi, monthlyReport, unit.id);
      const t = performance.now();
      await runStep(ctx, fi, monthlyReport, (env, d) => stepText(env, d, para));
      paraMs.push(performance.now() - t);
    }
    const after = await usedMemory(redis);
    const c0 = ctxFor(0);
    const conv0 = encodeConversationId(c0.conv);
    const sample = [
      keys.formDraft(monthlyReport.id, conv0, c0.identity),
      keys.formActive(conv0, c0.identity),
      keys.session(conv0, c0.identity),
    ];
    let sampleBytes = 0;
    for (const k of sample) sampleBytes += Number((await redis.call('MEMORY', 'USAGE', k, 'SAMPLES', '0')) ?? 0);
    const draftLen = (await redis.strlen(sample[0]!)) || 0;
    const drafts = (await redis.keys(`${prefix}form:draft:*`)).length;

    const perSession = Math.round((after - before) / (sessions + paraMs.length));
    log(
      `sessions started: ${sessions} in ${r2(startS)} s (start p50 ${r2(pct(startMs, 50))} ms, p99 ${r2(pct(startMs, 99))} ms)`,
    );
    log(`form steps: ${stepMs.length} in ${r2(stepS)} s = ${Math.round(stepMs.length / stepS)} steps/s`);
    log(
      `step latency: p50 ${r2(pct(stepMs, 50))} ms, p90 ${r2(pct(stepMs, 90))} ms, p99 ${r2(pct(stepMs, 99))} ms, max ${r2(Math.max(...stepMs))} ms`,
    );
    log(`one at a time: p50 ${r2(pct(serialMs, 50))} ms, p99 ${r2(pct(serialMs, 99))} ms (${serialMs.length} steps)`);
    log(
      `a 10-field paragraph one at a time: p50 ${r2(pct(paraMs, 50))} ms, p99 ${r2(pct(paraMs, 99))} ms (${paraMs.length} steps)`,
    );
    log(`redis used_memory: ${before} → ${after} bytes = ${perSession} bytes/session (INFO memory)`);
    log(
      `one session's keys (draft + active marker + router session): ${sampleBytes} bytes (MEMORY USAGE); draft JSON ${draftLen} bytes`,
    );
    log(`drafts stored: ${drafts} (every session intact after the steps)`);
    log(
      JSON.stringify({
        sessions,
        bytes_per_session: perSession,
        step_p50_ms: r2(pct(stepMs, 50)),
        step_p99_ms: r2(pct(stepMs, 99)),
        serial_step_p50_ms: r2(pct(serialMs, 50)),
        serial_paragraph_p50_ms: r2(pct(paraMs, 50)),
      }),
    );
  } finally {
    await deleteByPrefix(redis, prefix);
    await redis.quit().catch(() => redis.disconnect());
    await stopEmbedded();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
