import type { Clock } from '../../src/core/clock.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { type FakeTelegram, startFakeTelegram } from './fake-telegram.js';

export interface BothPlatforms {
  slack: FakeSlack;
  tg: FakeTelegram;
  t: TestApp;
}

/**
 * Fake Slack and Telegram APIs, and the whole app talking to both: Slack through the Events API,
 * Telegram in webhook mode. `env` adds to (or overrides) the platform settings.
 */
export async function startWithBothPlatforms(opts: {
  slackToken: string;
  slackSecret: string;
  tgSecret: string;
  env?: Record<string, string>;
  clock?: Clock;
}): Promise<BothPlatforms> {
  const slack = await startFakeSlack();
  const tg = await startFakeTelegram();
  const t = await startTestApp(
    {
      SLACK_BOT_TOKEN: opts.slackToken,
      SLACK_SIGNING_SECRET: opts.slackSecret,
      SLACK_API_URL: slack.apiUrl,
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.url,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: opts.tgSecret,
      ...opts.env,
    },
    opts.clock ? { clock: opts.clock } : {},
  ).catch(async (e: unknown) => {
    await slack.close();
    await tg.close();
    throw e;
  });
  return { slack, tg, t };
}

/** Stop the app, then both fakes (each only if it was started). */
export async function closeBothPlatforms(p: Partial<BothPlatforms>): Promise<void> {
  await p.t?.close();
  await p.slack?.close();
  await p.tg?.close();
}
