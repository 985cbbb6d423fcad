import type { Reply } from '../../src/core/types.js';
import type { FormsService } from '../../src/forms/service.js';
import { type TestApp, fakeClock, startTestApp, uniquePrefix } from '../helpers/app.js';

export const NOW = '2026-11-20T02:00:00Z';

/** The whole app on a fresh prefix with a staff admin, 无锡一棉 (enterprise, high needs) and officer web:li. */
export async function formsApp(
  env: Record<string, string> = {},
): Promise<TestApp & { forms: FormsService; clock: ReturnType<typeof fakeClock> }> {
  const clock = fakeClock(NOW);
  const t = await startTestApp({ REDIS_PREFIX: uniquePrefix('forms'), ADMINS: 'web:boss', ...env }, { clock });
  const forms = t.app.services.forms;
  return Object.assign(t, { forms, clock });
}

export const text = (replies: Reply[]): string => replies.map((r) => r.text).join('\n');
export const values = (replies: Reply[]): string[] => replies.flatMap((r) => (r.choices ?? []).map((c) => c.value));

export const FILL_REST: [string, RegExp][] = [
  ['15', /学习型企业/],
  ['推进中', /学习型工会/],
  ['已启动', /经费|集体合同/],
];
