// The runtime service keeps the launch history (decision 0023), over the in-memory stores: a
// launch per open, its counters on the attempt row's own write, ended by Terminate (suspend from
// cmi.exit or suspendAll), by a newer launch (stale, or timed out when idle), by a closed page.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseManifest } from '../../scorm/manifest/parse-manifest.ts';
import { createMemoryLaunchStore } from '../../server/db/memory-launch-store.ts';
import { createMemoryPackageStore } from '../../server/db/memory-package-store.ts';
import { createMemorySessionStore } from '../../server/db/memory-session-store.ts';
import type { RegistrationRecord } from '../../server/db/registration-store.ts';
import { LAUNCH_IDLE_LIMIT_MS } from '../../server/runtime/launch-exit.ts';
import { createRuntimeService } from '../../server/runtime/runtime-service.ts';
import type { CommitBody } from '../../contract/runtime.ts';
import { manifest12, manifest2004, org, sco } from '../scorm/manifest/build.ts';

const packages = createMemoryPackageStore();
for (const [id, xml] of [
  ['p2004', manifest2004(org('<item identifier="i1" identifierref="r1"><title>One</title></item>'), sco('r1', 'a.html'))],
  ['p12', manifest12(org('<item identifier="i1" identifierref="r1"><title>One</title></item>'), sco('r1', 'a.html'))],
] as const) {
  packages.add({ id, importJobId: `job-${id}`, parsed: parseManifest({ xml, entries: ['a.html'] }).package!, diagnostics: [], files: [], storage: 'local' });
}

const registration = (packageId: string): RegistrationRecord => ({
  id: `reg-${packageId}`, packageId, learner: { id: 'u1', name: 'Ada' }, launchNonce: 'n', commentsFromLms: [], attempt: 1, createdAt: 0, lastAccessedAt: null,
  contentId: packageId, versionNumber: 1, onNewVersion: null, versionChange: null,
});
const normal = { mode: 'normal', credit: 'credit' } as const;

function setup(packageId: string) {
  let clock = 1_000;
  let ids = 0;
  const launches = createMemoryLaunchStore();
  const reg = registration(packageId);
  launches.addRegistration(reg.id, packageId);
  const runtime = createRuntimeService({ sessions: createMemorySessionStore(() => clock), packages, launches, now: () => clock, newId: () => `id-${String(++ids).padStart(8, '0')}` });
  return { launches, runtime, reg, tick: (ms: number) => (clock += ms) };
}

const commit = (opened: { session_id: string; attempt: number }, sequence: number, changes: CommitBody['changes'], over: Partial<CommitBody> = {}): CommitBody => ({
  session_id: opened.session_id, sequence, item: 'i1', attempt: opened.attempt, changes, reason: 'commit', ...over,
});

test('open, commits counted with their bytes, Terminate with suspendAll ends it as suspend (2004)', async () => {
  const { launches, runtime, reg, tick } = setup('p2004');
  const a = await runtime.openAttempt(reg, normal, 'i1', { userAgent: 'UA/1' });
  assert.equal((await launches.get(a.session_id))!.userAgent, 'UA/1');
  await runtime.commit(reg.id, commit(a, 1, [['cmi.location', 'p1']]), 'normal', 300);
  await runtime.commit(reg.id, commit(a, 1, [['cmi.location', 'p1']]), 'normal', 300); // a replay counts nothing
  tick(5_000);
  await runtime.commit(reg.id, commit(a, 2, [['cmi.session_time', 'PT5S'], ['adl.nav.request', 'suspendAll']], { reason: 'terminate', end: { sessionTime: 'PT5S', sessionTimeReported: true } }), 'normal', 200);
  const l = (await launches.get(a.session_id))!;
  assert.equal([l.exitReason, l.endedAt, l.commitCount, l.bytesReceived, l.sessionTimeSeconds], ['suspend', 6_000, 2, 500, 5]);
});

test('a newer launch leaves the older stale; one idle past the limit timed out; each with its counters', async () => {
  const { launches, runtime, reg, tick } = setup('p12');
  const a = await runtime.openAttempt(reg, normal, 'i1');
  await runtime.commit(reg.id, commit(a, 1, [['cmi.core.lesson_location', 'x']]), 'normal', 100);
  const b = await runtime.openAttempt(reg, normal, 'i1');
  assert.equal([(await launches.get(a.session_id))!.exitReason, (await launches.get(a.session_id))!.commitCount], ['stale', 1]);
  tick(LAUNCH_IDLE_LIMIT_MS + 1);
  const c = await runtime.openAttempt(reg, normal, 'i1');
  assert.is((await launches.get(b.session_id))!.exitReason, 'timed_out');
  assert.is((await launches.get(c.session_id))!.exitReason, null);
  assert.is((await launches.get(c.session_id))!.attempt, 1, '1.2 keeps one data set per SCO');
});

test('a closed page: window closed with the live counters, then the SCO’s own Terminate wins', async () => {
  const { launches, runtime, reg } = setup('p12');
  const a = await runtime.openAttempt(reg, normal, 'i1');
  await runtime.commit(reg.id, commit(a, 1, [['cmi.core.lesson_location', 'x']]), 'normal', 100);
  await runtime.closeLaunch(reg.id, { session_id: a.session_id, launch: { errors: [['cmi.core.nothing', 201]] } });
  let l = (await launches.get(a.session_id))!;
  assert.equal([l.exitReason, l.commitCount, l.errors], ['window_closed', 1, [['cmi.core.nothing', 201]]]);
  await runtime.closeLaunch('another-registration', { session_id: a.session_id });
  await runtime.commit(reg.id, commit(a, 2, [], { reason: 'terminate', end: { sessionTime: '00:00:05', sessionTimeReported: true } }), 'normal', 50);
  l = (await launches.get(a.session_id))!;
  assert.equal([l.exitReason, l.commitCount, l.bytesReceived], ['terminate', 2, 150]);
});

test('the trace switch reaches the launch data and the launch; parts are kept only for a traced launch', async () => {
  const { launches, runtime, reg } = setup('p12');
  const part = { n: 0, s: ['LMSInitialize', 'true', ''], c: [[0, 0, 1, 0, 2]] };
  const a = await runtime.openAttempt(reg, normal, 'i1');
  await runtime.commit(reg.id, commit(a, 1, [], { launch: { trace: part } }));
  assert.equal(await launches.traceParts(a.session_id), []);
  await launches.setTrace({ packageId: 'p12' }, true);
  assert.is((await runtime.launchData(reg, normal, '/c/', 30)).trace, true);
  const b = await runtime.openAttempt(reg, normal, 'i1');
  await runtime.commit(reg.id, commit(b, 1, [], { launch: { trace: part } }));
  assert.equal(await launches.traceParts(b.session_id), [part]);
});

test.run();
