import { defineConfig } from 'vitest/config';

/**
 * `npm run test:ha`: representative delivery, form and calendar suites, run once with
 * REDIS_TEST_MODE=cluster and once with =sentinel (test/helpers/global-setup.ts starts the set), and
 * in the cluster run the HA tests (test/ha: they start their own Cluster and Sentinel set, one of them
 * killed mid-broadcast). No JSON report: `npm test`'s is the one .ci/run reads.
 */
const mode = process.env['REDIS_TEST_MODE'] ?? 'cluster';
export const HA_SUITES = [
  ...(mode === 'sentinel' ? [] : ['test/ha/**/*.test.ts']),
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
