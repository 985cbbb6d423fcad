import type { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import { firstTime } from '../../core/dedupe.js';
import { detectLang, translate } from '../../core/i18n.js';
import type { Router } from '../../core/router.js';
import { conversationOf, encodeConversationId } from '../../core/types.js';
import type { Deps } from '../../core/deps.js';
import { ChannelError } from '../../errors.js';
import { unpackAction } from './actions.js';
import { type SendOptions, sendReplies } from './channel.js';
import { type BotIdentity, parseUpdate } from './parse.js';

/** Telegram redelivers an update for up to a day when we fail to answer; remember ids that long. */
const DEDUPE_TTL_S = 24 * 3600;
/** A person is waiting: ride out short rate limits (Telegram's group limit is about 20 messages a minute). */
const INTERACTIVE_WAIT_MS = 5000;

export type UpdateOutcome = 'duplicate' | 'ignored' | 'answered' | 'failed';

/** One update end to end: dedupe, translate, route, answer (or apologise), never throw. */
export async function processUpdate(
  deps: Deps,
  router: Router,
  telegram: Telegram,
  bot: BotIdentity,
  update: Update,
): Promise<UpdateOutcome> {
  const { redis, keys, logger } = deps;
  if (!(await firstTime(redis, keys.dedupe('telegram', String(update.update_id)), DEDUPE_TTL_S))) return 'duplicate';
  if ('my_chat_member' in update && update.my_chat_member) {
    // The bot was removed from a group or blocked: stop reminders and broadcasts to it right away.
    const m = update.my_chat_member;
    if (m.new_chat_member.status === 'kicked' || m.new_chat_member.status === 'left') {
      const conv = { channel: 'telegram' as const, chatId: String(m.chat.id) };
      const was = await deps.services.calendar?.unsubscribe(conv);
      logger.info({ conv: encodeConversationId(conv), unsubscribed: Boolean(was) }, 'telegram: bot removed from chat');
    }
    return 'ignored';
  }
  const parsed = parseUpdate(update, bot);
  if (!parsed) return 'ignored';
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

  const replies = await router.handle(inc);
  if (replies.length === 0) return 'ignored';
  const opts: SendOptions = { waitRateLimitMs: INTERACTIVE_WAIT_MS };
  if (parsed.replyTo !== undefined) opts.replyTo = parsed.replyTo;
  try {
    await sendReplies(deps, telegram, conv, replies, opts);
    return 'answered';
  } catch (err) {
    const failure = err instanceof ChannelError ? err.failure : { kind: 'transient' as const };
    deps.metrics.errors.inc({ channel: 'telegram', where: 'send' });
    logger.warn({ err, conv: convId, update: update.update_id, failure: failure.kind }, 'telegram reply failed');
    if (failure.kind !== 'gone') {
      const lang = detectLang(inc.text) ?? 'zh';
      await sendReplies(deps, telegram, conv, [{ text: translate(lang, 'channels.apology') }]).catch((e: unknown) =>
        logger.error({ err: e, conv: convId }, 'telegram apology failed too'),
      );
    }
    return 'failed';
  }
}
