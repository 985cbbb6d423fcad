import { App, LogLevel, type Logger as BoltLogger, webApi } from '@slack/bolt';
import type { Channel, ChannelIo } from '../../core/channel.js';
import { firstTime } from '../../core/dedupe.js';
import type { Deps } from '../../core/deps.js';
import type { Logger } from '../../logger.js';
import { slackSender } from './channel.js';
import { registerListeners, type SlackContext, type SlackServices } from './handlers.js';
import { FastifyReceiver } from './receiver.js';
import { registerReportModal, reportCommand } from './report.js';

/** Bolt's log lines go to our logger (quiet unless something is wrong). */
function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'slack' });
  const line = (m: unknown[]) => m.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ');
  return {
    debug: (...m) => child.debug(line(m)),
    info: (...m) => child.info(line(m)),
    warn: (...m) => child.warn(line(m)),
    error: (...m) => child.error(line(m)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

/**
 * Slack: sending (every process), plus receiving when `io.router` is given — Socket Mode when
 * SLACK_APP_TOKEN is set, else events, commands and buttons on POST /slack/events of the main server.
 * The App Home and the report modal use `io.forms` and `io.calendar`. Null without SLACK_BOT_TOKEN.
 */
export function createSlackChannel(deps: Deps, io: ChannelIo & SlackServices): Channel | null {
  const { config, logger } = deps;
  const token = config.SLACK_BOT_TOKEN;
  if (!token) return null;

  const clientOptions = {
    slackApiUrl: config.SLACK_API_URL,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  };
  const { router } = io;
  const receiving = router !== null;
  const socketMode = receiving && Boolean(config.SLACK_APP_TOKEN);
  const receiver =
    receiving && !socketMode && config.SLACK_SIGNING_SECRET
      ? new FastifyReceiver(deps, config.SLACK_SIGNING_SECRET)
      : null;

  if (!router || (!socketMode && !receiver)) {
    // Sender only (the worker process, or no way to receive configured).
    return slackSender(new webApi.WebClient(token, { ...clientOptions, logger: boltLogger(logger) }));
  }

  const common = { token, clientOptions, logger: boltLogger(logger), tokenVerificationEnabled: false };
  const app = receiver
    ? new App({ ...common, receiver })
    : new App({ ...common, appToken: config.SLACK_APP_TOKEN, socketMode: true });

  let botUser: Promise<string | null> | null = null;
  const sc: SlackContext = {
    deps,
    router,
    forms: io.forms,
    calendar: io.calendar,
    botUserId: () => {
      botUser ??= app.client.auth
        .test()
        .then((r) => r.user_id ?? null)
        .catch((err: unknown) => {
          logger.warn({ err }, 'slack auth.test failed');
          botUser = null;
          return null;
        });
      return botUser;
    },
  };
  if (socketMode) {
    // Over HTTP the receiver drops Slack's retries before Bolt sees them; over the socket, this does.
    app.use(async ({ body, next }) => {
      const id = (body as { event_id?: unknown }).event_id;
      if (typeof id === 'string' && !(await firstTime(deps.redis, deps.keys.dedupe('slack', id), 2 * 3600))) {
        deps.metrics.handled.inc({ channel: 'slack', outcome: 'duplicate' });
        return;
      }
      await next();
    });
  }
  sc.onCommand = reportCommand(sc);
  registerListeners(app, sc);
  registerReportModal(app, sc);

  async function start(): Promise<void> {
    await sc.botUserId();
    if (socketMode) {
      await app.start().catch((err: unknown) => logger.error({ err }, 'slack socket mode failed to start'));
      logger.info('slack socket mode started');
    }
  }
  async function stop(): Promise<void> {
    if (socketMode) await app.stop().catch((err: unknown) => logger.warn({ err }, 'slack socket mode stop failed'));
    await receiver?.stop();
  }

  return { ...slackSender(app.client), routes: receiver ? [receiver.route()] : [], start, stop };
}
