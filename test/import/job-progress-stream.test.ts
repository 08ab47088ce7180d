// The one job progress stream both transports send (server/jobs/job-progress-stream.ts), over a
// job table stand-in: the Job at once, changes, heartbeats, the terminal Job last, then nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JobStreamMessage } from '../../contract/jobs.ts';
import type { JobRecord, JobStore } from '../../server/db/job-store.ts';
import { openJobStream } from '../../server/jobs/job-progress-stream.ts';
import { JobSignals } from '../../server/jobs/job-watch.ts';

function job(over: Partial<JobRecord>): JobRecord {
  return {
    id: 'j1', status: 'processing', stage: 'storing', progress: 10, bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0,
    packageId: 'p1', versionOf: null, errorCode: null, errorMessage: null, attempts: 1, leaseOwner: null, leaseExpiresAt: null,
    cancelRequested: false, uploadPath: '/tmp/x.zip', uploadName: null, createdAt: 0, updatedAt: 0, ...over,
  };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(check(), 'condition not reached');
};

test('progress at once and on each change, heartbeats between, the terminal Job last', async () => {
  let current: JobRecord | undefined = job({});
  const jobs = { get: async () => current } as unknown as JobStore;
  const signals = new JobSignals();
  const got: Array<[JobStreamMessage, boolean]> = [];
  let gone = false;
  const stream = openJobStream({ jobs, signals, heartbeatMs: 20 }, 'j1', { send: (m, last) => got.push([m, last]), gone: () => (gone = true) });
  await until(() => got.length === 1);
  await until(() => got.some(([m]) => m.type === 'heartbeat'));
  current = job({ progress: 50 });
  signals.changed('j1');
  await until(() => got.some(([m]) => m.type === 'progress' && m.data.progress === 50));
  current = job({ status: 'completed', progress: 100 });
  signals.changed('j1');
  await until(() => got.at(-1)?.[1] === true);
  const last = got.at(-1)!;
  assert.equal(last[0].type === 'progress' && [last[0].data.status, last[0].data.package_id], ['completed', 'p1']);
  const count = got.length;
  await new Promise((r) => setTimeout(r, 60));
  assert.is(got.length, count, 'nothing after the end, not even a heartbeat');
  assert.is(gone, false);
  stream.close();
});

test('an unknown job is gone; close() stops everything', async () => {
  const signals = new JobSignals();
  let gone = false;
  const got: JobStreamMessage[] = [];
  openJobStream({ jobs: { get: async () => undefined } as unknown as JobStore, signals, heartbeatMs: 10 }, 'nope', { send: (m) => got.push(m), gone: () => (gone = true) });
  await until(() => gone);
  await new Promise((r) => setTimeout(r, 40));
  assert.equal(got, []);

  const live = openJobStream({ jobs: { get: async () => job({}) } as unknown as JobStore, signals, heartbeatMs: 10 }, 'j1', { send: (m) => got.push(m), gone: () => undefined });
  await until(() => got.length >= 1);
  live.close();
  const count = got.length;
  await new Promise((r) => setTimeout(r, 40));
  assert.is(got.length, count);
});

test.run();
