import type { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import { type AnswerOutcome, INTERACTIVE_WAIT_MS, answerAndSend } from '../../core/answer.js';
import type { ChannelIo } from '../../core/channel.js';
import { firstTime } from '../../core/dedupe.js';
import type { Deps } from '../../core/deps.js';
import type { Router } from '../../core/router.js';
import { conversationOf, encodeConversationId } from '../../core/types.js';
import { unpackAction } from './actions.js';
import { type SendOptions, sendReplies } from './channel.js';
import { type BotIdentity, parseUpdate } from './parse.js';

/** Telegram redelivers an update for up to a day when we fail to answer; remember ids that long. */
const DEDUPE_TTL_S = 24 * 3600;

export type UpdateOutcome = 'duplicate' | AnswerOutcome;

/** One update end to end: dedupe, translate, then answerAndSend (route, send, or apologise); never throws. */
export async function processUpdate(
  deps: Deps,
  io: { router: Router; gone: ChannelIo['gone'] },
  telegram: Telegram,
  bot: BotIdentity,
  update: Update,
): Promise<UpdateOutcome> {
  const { redis, keys, logger, metrics } = deps;
  const done = (outcome: 'duplicate' | 'ignored'): UpdateOutcome => {
    metrics.handled.inc({ channel: 'telegram', outcome });
    return outcome;
  };
  if (!(await firstTime(redis, keys.dedupe('telegram', String(update.update_id)), DEDUPE_TTL_S))) {
    return done('duplicate');
  }
  if ('my_chat_member' in update && update.my_chat_member) {
    // The bot was removed from a group or blocked: stop reminders and broadcasts to it right away.
    const m = update.my_chat_member;
    if (m.new_chat_member.status === 'kicked' || m.new_chat_member.status === 'left') {
      const conv = { channel: 'telegram' as const, chatId: String(m.chat.id) };
      await io.gone(conv);
      logger.info({ conv: encodeConversationId(conv) }, 'telegram: bot removed from chat');
    }
    return done('ignored');
  }
  const parsed = parseUpdate(update, bot);
  if (!parsed) return done('ignored');
  const { inc } = parsed;
  const conv = conversationOf(inc);
  const convId = encodeConversationId(conv);

  if (parsed.callbackQueryId) {
    telegram
      .answerCbQuery(parsed.callbackQueryId)
      .catch((err: unknown) => logger.debug({ err, conv: convId }, 'answerCallbackQuery failed'));
    if (parsed.buttonsMessageId !== undefined) {
      // The choice is made: take the buttons away so they cannot be pressed twice.
      telegram
        .editMessageReplyMarkup(inc.chatId, parsed.buttonsMessageId, undefined, { inline_keyboard: [] })
        .catch((err: unknown) => logger.debug({ err, conv: convId }, 'removing buttons failed'));
    }
    inc.action = (await unpackAction(redis, keys, inc.action ?? '')) ?? 'expired:';
  }

  return answerAndSend(deps, io.router, inc, {
    log: { update: update.update_id },
    send: (replies, _lang, patient) => {
      if (!patient) return sendReplies(deps, telegram, conv, replies);
      const opts: SendOptions = { waitRateLimitMs: INTERACTIVE_WAIT_MS };
      if (parsed.replyTo !== undefined) opts.replyTo = parsed.replyTo;
      return sendReplies(deps, telegram, conv, replies, opts);
    },
  });
}
