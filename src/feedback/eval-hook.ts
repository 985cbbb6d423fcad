import { loadConfig } from '../config.js';
import { systemClock } from '../core/clock.js';
import type { QaAnswer, QaService } from '../qa/index.js';
import { createKeys } from '../store/keys.js';
import { createRedis, resolveRedis } from '../store/redis.js';
import { stderrLogger } from '../qa/from-env.js';
import { createFeedback } from './service.js';

export interface EvalAnswerer {
  answer(question: string): Promise<QaAnswer>;
  /** How many questions a curated pair answered. */
  curated(): number;
  close(): Promise<void>;
}

/**
 * `cli eval --curated`: the staff-curated pairs (from the bot's Redis) answer first, as in the chat;
 * an out-of-scope pair counts as a refusal. Without the flag the Q&A answers alone.
 */
export async function evalAnswerer(qa: QaService, argv: string[]): Promise<EvalAnswerer> {
  if (!argv.includes('--curated')) {
    return { answer: (q) => qa.answer(q), curated: () => 0, close: async () => {} };
  }
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const logger = stderrLogger();
  const target = await resolveRedis(config);
  const redis = createRedis(target);
  const fb = createFeedback(
    { redis, keys: createKeys(config.REDIS_PREFIX), config, logger, clock: systemClock },
    { qa },
  );
  let n = 0;
  return {
    async answer(q) {
      const hit = await fb.match(q);
      if (!hit) return qa.answer(q);
      n++;
      const r = await fb.pairReply(hit.pair, 'zh');
      return { answer: r.text, citations: r.citations ?? [], refused: hit.pair.kind === 'out_of_scope' };
    },
    curated: () => n,
    async close() {
      await redis.quit().catch(() => redis.disconnect());
      await target.stop();
    },
  };
}
