import type { Handler, HandlerContext, Module } from '../core/module.js';
import { encodeConversationId, type Reply } from '../core/types.js';
import { LOW_CONFIDENCE_BELOW, type QaAnswer } from './answer.js';
import type { QaService } from './service.js';
import { qaText } from './texts.js';

/** Follow-ups see the last turns of the same chat/thread for a day. */
export const HISTORY_TURNS = 3;
export const HISTORY_TTL_S = 86_400;

interface Turn {
  question: string;
  answer: string;
}

async function readHistory(ctx: HandlerContext, key: string): Promise<Turn[]> {
  try {
    const raw = await ctx.deps.redis.lrange(key, -HISTORY_TURNS, -1);
    return raw.flatMap((r) => {
      try {
        const t = JSON.parse(r) as Partial<Turn>;
        return typeof t.question === 'string' && typeof t.answer === 'string'
          ? [{ question: t.question, answer: t.answer }]
          : [];
      } catch {
        return [];
      }
    });
  } catch (err) {
    ctx.deps.logger.warn({ err, key }, 'qa: could not read history');
    return [];
  }
}

async function writeHistory(ctx: HandlerContext, key: string, turn: Turn): Promise<void> {
  try {
    await ctx.deps.redis
      .multi()
      .rpush(key, JSON.stringify(turn))
      .ltrim(key, -HISTORY_TURNS, -1)
      .expire(key, HISTORY_TTL_S)
      .exec();
  } catch (err) {
    ctx.deps.logger.warn({ err, key }, 'qa: could not save history');
  }
}

/** The answer as a chat reply: the rule as text, the citations beside it (channels lay them out, src/core/answer-view.ts). */
export function formatAnswer(a: QaAnswer, lang: 'zh' | 'en'): Reply {
  if (a.refused || a.citations.length === 0) return { text: a.answer, citations: [] };
  const low = a.confidence !== undefined && a.confidence < LOW_CONFIDENCE_BELOW;
  return { text: a.answer, citations: a.citations, answer: low ? { lang, lowConfidence: true } : { lang } };
}

export function createQaModule(qa: QaService): Module {
  const ask: Handler = async (ctx, args) => {
    const question = (args || ctx.inc.text || '').trim();
    if (question === '') return [{ text: qaText(ctx.lang, 'empty') }];
    const key = ctx.deps.keys.qaHistory(encodeConversationId(ctx.conv));
    const history = await readHistory(ctx, key);
    const answer = await qa.answer(question, { history, lang: ctx.lang });
    if (!answer.refused) await writeHistory(ctx, key, { question, answer: answer.answer.slice(0, 500) });
    return [formatAnswer(answer, ctx.lang)];
  };

  const reload: Handler = async (ctx) => {
    try {
      const r = await qa.reload();
      return [{ text: qaText(ctx.lang, 'reloaded', r) }];
    } catch (err) {
      ctx.deps.logger.error({ err }, 'qa: reload failed');
      return [{ text: qaText(ctx.lang, 'reloadFailed') }];
    }
  };

  return {
    name: 'qa',
    onQuestion: ask,
    commands: [
      { names: ['ask', '问'], help: 'help.ask', stateless: true, handler: ask },
      { names: ['reload', '重新加载'], help: 'help.reload', role: 'admin', handler: reload },
    ],
  };
}
