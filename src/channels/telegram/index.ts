import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Channel, ChannelIo } from '../../core/channel.js';
import type { Deps } from '../../core/deps.js';
import { translate } from '../../core/i18n.js';
import type { Router } from '../../core/router.js';
import { telegramSender } from './channel.js';
import { processUpdate } from './handler.js';
import type { BotIdentity } from './parse.js';
import { telegramWebhookRoute, webhookSecret } from './webhook.js';

const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

/** Bot menu entries: latin command names only (Telegram's rule), help text in the menu's language. */
export function menuCommands(router: Router, lang: 'zh' | 'en'): { command: string; description: string }[] {
  return router
    .commands()
    .filter((c) => c.role === undefined || c.role === 'worker' || c.role === 'officer')
    .map((c) => ({ command: c.names[0] ?? '', description: translate(lang, c.help).slice(0, 256) }))
    .filter((c) => /^[a-z0-9_]{1,32}$/.test(c.command) && c.description !== '');
}

/**
 * Telegram: sending (every process), plus receiving when `io.receiving` — long polling
 * (TELEGRAM_MODE=polling, for local use) or the webhook on the main server. Null without TELEGRAM_BOT_TOKEN.
 */
export function createTelegramChannel(deps: Deps, io: ChannelIo): Channel | null {
  const { config, logger } = deps;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) return null;

  const bot = new Telegraf(token, { telegram: { apiRoot: config.TELEGRAM_API_ROOT, webhookReply: false } });
  const sender = telegramSender(deps, bot.telegram);
  if (!io.router) return sender;
  const router: Router = io.router;
  const secret = webhookSecret(config.TELEGRAM_WEBHOOK_SECRET, token);
  const inflight = new Set<Promise<unknown>>();
  let me: BotIdentity | null = null;
  let polling = false;

  const identity = async (): Promise<BotIdentity> => {
    if (!me) {
      const info = bot.botInfo ?? (await bot.telegram.getMe());
      bot.botInfo = info;
      me = { id: info.id, username: info.username };
    }
    return me;
  };

  const handle = (update: Update): Promise<unknown> => {
    const p: Promise<unknown> = (async () =>
      processUpdate(deps, { router, gone: io.gone }, bot.telegram, await identity(), update))()
      .catch((err: unknown) => logger.error({ err, update: update.update_id }, 'telegram update failed'))
      .finally(() => inflight.delete(p));
    inflight.add(p);
    return p;
  };
  bot.use((tctx) => handle(tctx.update));
  bot.catch((err) => logger.error({ err }, 'telegraf error'));

  async function start(): Promise<void> {
    try {
      await identity();
      await bot.telegram.setMyCommands(menuCommands(router, 'zh'), { language_code: 'zh' });
      await bot.telegram.setMyCommands(menuCommands(router, 'en'));
    } catch (err) {
      logger.warn({ err }, 'telegram start-up calls failed (getMe / setMyCommands)');
    }
    if (config.TELEGRAM_MODE === 'webhook' && config.TELEGRAM_WEBHOOK_URL) {
      await bot.telegram
        .setWebhook(config.TELEGRAM_WEBHOOK_URL, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] })
        .catch((err: unknown) => logger.error({ err }, 'telegram setWebhook failed'));
      return;
    }
    polling = true;
    bot
      .launch({ allowedUpdates: [...ALLOWED_UPDATES] })
      .catch((err: unknown) => logger.error({ err }, 'telegram polling stopped with an error'))
      .finally(() => {
        polling = false;
      });
    logger.info('telegram long polling started');
  }

  async function stop(): Promise<void> {
    if (polling) {
      try {
        bot.stop('shutdown');
      } catch {
        // not running
      }
    }
    await Promise.allSettled([...inflight]);
  }

  return {
    ...sender,
    routes: [telegramWebhookRoute(secret, (u) => void handle(u))],
    start,
    stop,
  };
}
