import type { App, RespondFn, webApi } from '@slack/bolt';
import { detectLang, translate } from '../../core/i18n.js';
import type { Router } from '../../core/router.js';
import { conversationOf, encodeConversationId, type Lang } from '../../core/types.js';
import type { Deps } from '../../core/deps.js';
import { ChannelError } from '../../errors.js';
import { type Block, chosenBlocks, renderMessage } from './blocks.js';
import { postReplies } from './channel.js';
import { homeView } from './home.js';
import { fromBlockAction, fromCommand, fromMention, fromMessage, type ParsedSlack } from './parse.js';

type Rec = Record<string, unknown>;
type WebClient = webApi.WebClient;

/** A person is waiting for the answer: ride out Slack rate limits up to this long. */
const INTERACTIVE_WAIT_MS = 5000;

export interface SlackContext {
  deps: Deps;
  router: () => Router;
  /** The bot's own user id (from auth.test), to strip its mention. */
  botUserId: () => Promise<string | null>;
  /** Extra listeners (App Home, the report modal) register through these hooks. */
  onCommand?: (args: { name: string; body: Rec; client: WebClient; lang: Lang }) => Promise<boolean>;
}

/** Route one message and post the answer; on a delivery failure log it with the conversation and apologise. */
export async function answer(
  sc: SlackContext,
  client: WebClient,
  parsed: ParsedSlack,
  respond?: RespondFn,
): Promise<void> {
  const { logger, metrics } = sc.deps;
  const { inc } = parsed;
  const convId = encodeConversationId(conversationOf(inc));
  const lang: Lang = detectLang(inc.text) ?? 'zh';
  const replies = await sc.router().handle(inc);
  if (replies.length === 0) return;
  try {
    await postReplies(client, inc.chatId, parsed.replyThreadTs, replies, lang, INTERACTIVE_WAIT_MS);
  } catch (err) {
    const failure = err instanceof ChannelError ? err.failure : { kind: 'transient' as const };
    metrics.errors.inc({ channel: 'slack', where: 'send' });
    logger.warn({ err, conv: convId, failure: failure.kind }, 'slack reply failed');
    if (respond) {
      // A slash command in a channel the bot is not in: answer privately through response_url instead.
      const msgs = replies.map((r) => renderMessage(r, lang));
      for (const m of msgs) {
        await respond({ response_type: 'ephemeral', text: m.text, blocks: m.blocks as never }).catch((e: unknown) =>
          logger.error({ err: e, conv: convId }, 'slack response_url failed too'),
        );
      }
      return;
    }
    if (failure.kind !== 'gone') {
      await postReplies(client, inc.chatId, parsed.replyThreadTs, [
        { text: translate(lang, 'channels.apology') },
      ]).catch((e: unknown) => logger.error({ err: e, conv: convId }, 'slack apology failed too'));
    }
  }
}

/** Bolt listeners: mentions, DMs (and thread follow-ups), slash commands, buttons. */
export function registerListeners(app: App, sc: SlackContext): void {
  const { logger } = sc.deps;

  app.event('app_mention', async ({ event, client }) => {
    const parsed = fromMention(event as unknown as Rec, await sc.botUserId());
    if (parsed) await answer(sc, client, parsed);
  });

  app.message(async ({ message, client }) => {
    const parsed = fromMessage(message as unknown as Rec, await sc.botUserId());
    if (parsed) await answer(sc, client, parsed);
  });

  app.command(/.*/, async ({ command, ack, client, respond }) => {
    await ack();
    const body = command as unknown as Rec;
    const parsed = fromCommand(body);
    if (!parsed) return;
    const name = String(body['command'] ?? '').replace(/^\//, '');
    const lang: Lang = detectLang(String(body['text'] ?? '')) ?? 'zh';
    if (sc.onCommand && (await sc.onCommand({ name, body, client, lang }))) return;
    await answer(sc, client, parsed, respond);
  });

  app.action(/^ud_choice_\d+$/, async ({ body, ack, client }) => {
    await ack();
    const raw = body as unknown as Rec;
    const parsed = fromBlockAction(raw);
    if (!parsed) return;
    const message = raw['message'] as Rec | undefined;
    const action = (raw['actions'] as Rec[] | undefined)?.[0];
    const label = String((action?.['text'] as Rec | undefined)?.['text'] ?? '');
    if (message && typeof message['ts'] === 'string') {
      // The choice is made: replace the buttons with what was chosen so they cannot be pressed twice.
      const blocks = chosenBlocks((message['blocks'] as Block[] | undefined) ?? [], label, detectLang(label) ?? 'zh');
      await client.chat
        .update({
          channel: parsed.inc.chatId,
          ts: message['ts'],
          text: String(message['text'] ?? label),
          blocks: blocks as never,
        })
        .catch((err: unknown) => logger.debug({ err }, 'slack: updating the pressed message failed'));
    }
    await answer(sc, client, parsed);
  });

  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    try {
      const view = await homeView(sc.deps, event.user);
      await client.views.publish({ user_id: event.user, view: view as never });
    } catch (err) {
      logger.warn({ err, user: event.user }, 'slack: publishing the App Home failed');
    }
  });

  app.error(async (err) => {
    logger.error({ err }, 'slack listener failed');
  });
}
