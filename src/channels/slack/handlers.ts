import type { App, RespondFn, webApi } from '@slack/bolt';
import { INTERACTIVE_WAIT_MS, answerAndSend } from '../../core/answer.js';
import type { Deps } from '../../core/deps.js';
import { detectLang } from '../../core/i18n.js';
import { languageOf, personOf } from '../../core/person.js';
import type { Router } from '../../core/router.js';
import { type Lang, identityOf } from '../../core/types.js';
import type { CalendarService } from '../../calendar/service.js';
import type { FormsService } from '../../forms/index.js';
import { isRedisUnavailable } from '../../store/unavailable.js';
import { type Block, chosenBlocks, renderMessage } from './blocks.js';
import { postReplies } from './channel.js';
import { homeView } from './home.js';
import { fromBlockAction, fromCommand, fromMention, fromMessage, type ParsedSlack } from './parse.js';

type Rec = Record<string, unknown>;
type WebClient = webApi.WebClient;

/** The services the Slack-only surfaces use: the App Home (unit, report, events) and the report modal. */
export interface SlackServices {
  forms: Pick<FormsService, 'unitOf' | 'getUnit' | 'getReport' | 'submitReport'>;
  calendar: Pick<CalendarService, 'listEvents'>;
}

export interface SlackContext extends SlackServices {
  deps: Deps;
  router: Router;
  /** The bot's own user id (from auth.test), to strip its mention. */
  botUserId: () => Promise<string | null>;
  /** Extra listeners (App Home, the report modal) register through these hooks. */
  onCommand?: (args: { name: string; body: Rec; client: WebClient; lang: Lang }) => Promise<boolean>;
}

/** The language of a Slack user's message: the same decision the router makes (honours /lang). */
export async function slackLang(sc: SlackContext, userId: string, text?: string): Promise<Lang> {
  const fallback = detectLang(text) ?? 'zh';
  try {
    const person = await personOf(sc.deps, identityOf({ channel: 'slack', userId }));
    return await languageOf(sc.deps, { text }, person);
  } catch (err) {
    // Redis is away: the text's own language (the router answers "temporarily unavailable" where it matters).
    if (isRedisUnavailable(err)) return fallback;
    throw err;
  }
}

/** Route one message and post the answer (answerAndSend); a slash command's fallback is its response_url. */
export async function answer(
  sc: SlackContext,
  client: WebClient,
  parsed: ParsedSlack,
  respond?: RespondFn,
): Promise<void> {
  const { logger } = sc.deps;
  const { inc } = parsed;
  await answerAndSend(sc.deps, sc.router, inc, {
    send: (replies, lang, patient) =>
      postReplies(client, inc.chatId, parsed.replyThreadTs, replies, lang, patient ? INTERACTIVE_WAIT_MS : 0),
    ...(respond
      ? {
          // A slash command in a channel the bot is not in: answer privately through response_url instead.
          fallback: async (replies, lang) => {
            for (const m of replies.map((r) => renderMessage(r, lang))) {
              await respond({ response_type: 'ephemeral', text: m.text, blocks: m.blocks as never }).catch(
                (e: unknown) => logger.error({ err: e, user: inc.userId }, 'slack response_url failed too'),
              );
            }
            return true;
          },
        }
      : {}),
  });
}

/** Bolt listeners: mentions, DMs (and thread follow-ups), slash commands, buttons. */
export function registerListeners(app: App, sc: SlackContext): void {
  const { logger } = sc.deps;
  /** An event the bot does not answer (edits, other bots, malformed): counted like every other outcome. */
  const ignored = () => sc.deps.metrics.handled.inc({ channel: 'slack', outcome: 'ignored' });

  app.event('app_mention', async ({ event, client }) => {
    const parsed = fromMention(event as unknown as Rec, await sc.botUserId());
    if (parsed) await answer(sc, client, parsed);
    else ignored();
  });

  app.message(async ({ message, client }) => {
    const parsed = fromMessage(message as unknown as Rec, await sc.botUserId());
    if (parsed) await answer(sc, client, parsed);
    else ignored();
  });

  app.command(/.*/, async ({ command, ack, client, respond }) => {
    await ack();
    const body = command as unknown as Rec;
    const parsed = fromCommand(body);
    if (!parsed) return ignored();
    const name = String(body['command'] ?? '').replace(/^\//, '');
    const lang = await slackLang(sc, parsed.inc.userId, parsed.inc.text);
    if (sc.onCommand && (await sc.onCommand({ name, body, client, lang }))) {
      sc.deps.metrics.handled.inc({ channel: 'slack', outcome: 'answered' });
      return;
    }
    await answer(sc, client, parsed, respond);
  });

  app.action(/^ud_choice_\d+$/, async ({ body, ack, client }) => {
    await ack();
    const raw = body as unknown as Rec;
    const parsed = fromBlockAction(raw);
    if (!parsed) return ignored();
    const message = raw['message'] as Rec | undefined;
    const action = (raw['actions'] as Rec[] | undefined)?.[0];
    const label = String((action?.['text'] as Rec | undefined)?.['text'] ?? '');
    if (message && typeof message['ts'] === 'string') {
      // The choice is made: replace the buttons with what was chosen so they cannot be pressed twice.
      const lang = await slackLang(sc, parsed.inc.userId, label);
      const blocks = chosenBlocks((message['blocks'] as Block[] | undefined) ?? [], label, lang);
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
      const view = await homeView(sc, event.user, await slackLang(sc, event.user));
      await client.views.publish({ user_id: event.user, view: view as never });
    } catch (err) {
      logger.warn({ err, user: event.user }, 'slack: publishing the App Home failed');
    }
  });

  app.error(async (err) => {
    logger.error({ err }, 'slack listener failed');
  });
}
