import { fakeClock, startTestApp, type TestApp } from '../helpers/app.js';
import type { FakeBotApi } from './fixtures/fake-bot-api.js';

/** The whole app with its real Telegram channel (telegraf) pointed at the fake Bot API. */
export function telegramEnv(api: FakeBotApi, token = '111:worker-main'): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: api.url,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
  };
}

export async function startWithTelegram(
  api: FakeBotApi,
  env: Record<string, string> = {},
  role?: 'all' | 'bot',
): Promise<TestApp> {
  return startTestApp(
    { ADMINS: 'web:boss', ...telegramEnv(api), ...env },
    { clock: fakeClock('2026-05-12T02:00:00Z'), ...(role ? { role } : {}) },
  );
}

/** Subscribe Telegram chats straight through the calendar service. */
export async function subscribeChats(t: TestApp, chatIds: string[], tags: string[] = []): Promise<void> {
  const svc = t.app.services.calendar;
  for (const chatId of chatIds) await svc.subscribe({ channel: 'telegram', chatId }, tags);
}

export async function waitReport(
  t: TestApp,
  id: string,
  done: (r: { sent: number; failed: number; pending: number }) => boolean,
  timeoutMs = 20_000,
) {
  const svc = t.app.services.calendar;
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = (await svc.broadcastReport(id))!;
    const s = { sent: r.sent, failed: r.failed.length, pending: r.pending };
    if (r.total > 0 && done(s)) return r;
    if (Date.now() > until) throw new Error(`broadcast ${id} not done: ${JSON.stringify(s)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

/** `n` consecutive numeric chat ids starting at `from`, as strings. */
export const range = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => String(from + i));
