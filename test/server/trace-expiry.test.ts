// SCORM_TRACE_DAYS (decision 0023): trace parts older than the limit go, newer ones stay; the
// launch row stays with its history. Config: default 7, refused outside 1…3650.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { createMemoryLaunchStore } from '../../server/db/memory-launch-store.ts';
import { expireTraces } from '../../server/jobs/trace-expiry.ts';

const DAY = 24 * 3600 * 1000;

test('parts older than SCORM_TRACE_DAYS are removed; the launch stays', async () => {
  const launches = createMemoryLaunchStore();
  await launches.open({ id: 'launch-1', registrationId: 'r', packageId: 'p', itemIdentifier: 'i', attempt: 1, mode: 'normal', userAgent: '', traced: true, startedAt: 0 });
  const part = (n: number) => ({ n, s: ['Initialize', 'true', ''], c: [[0, 0, 1, 0, 2]] });
  await launches.addTracePart('launch-1', 'r', part(0), 10 * DAY - 8 * DAY);
  await launches.addTracePart('launch-1', 'r', part(1), 10 * DAY - 6 * DAY);
  const logger = { info() {}, warn() {}, error() {} };
  assert.is(await expireTraces({ launches, traceDays: 7, logger, now: () => 10 * DAY }), 1);
  assert.equal((await launches.traceParts('launch-1')).map((p) => p.n), [1]);
  assert.ok(await launches.get('launch-1'));
});

test('SCORM_TRACE_DAYS: 7 by default, a whole number of days from 1', () => {
  assert.is(loadConfig({}).traceDays, 7);
  assert.is(loadConfig({ SCORM_TRACE_DAYS: '30' }).traceDays, 30);
  assert.throws(() => loadConfig({ SCORM_TRACE_DAYS: '0' }), (e: unknown) => e instanceof ConfigError && /SCORM_TRACE_DAYS/.test(String(e)));
});

test.run();
