import { defineConfig } from 'vitest/config';

/**
 * `npm run test:ha`: the HA tests (test/ha: a real Redis Cluster, a Sentinel failover mid-broadcast)
 * and representative delivery, form and calendar suites, run once with REDIS_TEST_MODE=cluster and
 * once with =sentinel (test/helpers/global-setup.ts starts the set). No JSON report: `npm test`'s
 * is the one .ci/run reads.
 */
export const HA_SUITES = [
  'test/ha/**/*.test.ts',
  'test/outbound/web-outbox.test.ts',
  'test/calendar/broadcast.test.ts',
  'test/calendar/reminders.test.ts',
  'test/forms/fill-e2e.test.ts',
];

export default defineConfig({
  test: {
    include: HA_SUITES,
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
