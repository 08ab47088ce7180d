// The runtime service over the in-memory session store: attempts opened, resumed and reviewed,
// commits applied once and in order, the row cache never refusing on its own (no database).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseManifest } from '../../scorm/manifest/parse-manifest.ts';
import { createMemorySessionStore } from '../../server/db/memory-session-store.ts';
import { createMemoryPackageStore } from '../../server/db/memory-package-store.ts';
import type { RegistrationRecord } from '../../server/db/registration-store.ts';
import { isAppError } from '../../server/errors.ts';
import type { CommitBody } from '../../contract/runtime.ts';
import { createRuntimeService } from '../../server/runtime/runtime-service.ts';
import { manifest12, manifest2004, org, sco } from '../scorm/manifest/build.ts';

const items = '<item identifier="i1" identifierref="r1"><title>One</title></item><item identifier="i2" identifierref="r2"><title>Two</title></item>';
const packages = createMemoryPackageStore();
for (const [id, xml] of [
  ['p2004', manifest2004(org(items), sco('r1', 'a.html') + sco('r2', 'b.html'))],
  ['p12', manifest12(org(items), sco('r1', 'a.html') + sco('r2', 'b.html'))],
] as const) {
  const parsed = parseManifest({ xml, entries: ['a.html', 'b.html'] }).package!;
  packages.add({ id, importJobId: `job-${id}`, parsed, diagnostics: [], files: [], storage: 'local' });
}

const registration = (packageId: string, id = `reg-${packageId}`): RegistrationRecord => ({
  id,
  packageId,
  learner: { id: 'u1', name: 'Ada' },
  launchNonce: 'nonce-1',
  commentsFromLms: [],
  attempt: 1,
  createdAt: 0,
  lastAccessedAt: null,
  contentId: packageId,
  versionNumber: 1,
  onNewVersion: null,
  versionChange: null,
});

const normal = { mode: 'normal', credit: 'credit' } as const;

function setup() {
  let clock = 1_000;
  let ids = 0;
  const sessions = createMemorySessionStore(() => clock);
  const runtime = createRuntimeService({
    sessions,
    packages,
    now: () => clock,
    newId: () => `id-${String(++ids).padStart(8, '0')}`,
  });
  return { sessions, runtime, tick: (ms: number) => (clock += ms) };
}

const commit = (opened: { session_id: string; attempt: number }, sequence: number, changes: CommitBody['changes'], over: Partial<CommitBody> = {}): CommitBody => ({
  session_id: opened.session_id,
  sequence,
  item: 'i1',
  attempt: opened.attempt,
  changes,
  reason: 'commit',
  ...over,
});

async function refusedWith(work: Promise<unknown>, code: string) {
  try {
    await work;
  } catch (error) {
    assert.ok(isAppError(error), String(error));
    assert.is(error.code, code);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

test('2004: open, commit, suspend, resume, then a normal exit starts attempt 2 with fresh data', async () => {
  const { runtime, sessions } = setup();
  const reg = registration('p2004');
  const first = await runtime.openAttempt(reg, normal, 'i1');
  assert.equal([first.attempt, first.context.entry], [1, 'ab-initio']);
  assert.equal(await runtime.commit(reg.id, commit(first, 1, [['cmi.location', 'p4']])), { ok: true, applied: true, sequence: 1 });
  await runtime.commit(reg.id, commit(first, 2, [['cmi.exit', 'suspend']], { reason: 'terminate', end: {} }));
  const resumed = await runtime.openAttempt(reg, normal, 'i1');
  assert.equal([resumed.attempt, resumed.context.entry], [1, 'resume']);
  assert.is(resumed.context.priorState?.values['cmi.location'], 'p4');
  await runtime.commit(reg.id, commit(resumed, 1, [['cmi.exit', 'normal']], { reason: 'terminate', end: {} }));
  const next = await runtime.openAttempt(reg, normal, 'i1');
  assert.equal([next.attempt, next.context.entry, next.context.priorState], [2, 'ab-initio', undefined]);
  assert.equal((await sessions.forRegistration(reg.id)).map((r) => [r.attempt, r.is_latest]), [[1, false], [2, true]]);
});

test('1.2: one data set per SCO, its sessions counted', async () => {
  const { runtime, sessions } = setup();
  const reg = registration('p12');
  const first = await runtime.openAttempt(reg, normal, 'i1');
  await runtime.commit(reg.id, commit(first, 1, [['cmi.core.lesson_status', 'completed']], { reason: 'terminate', end: {} }));
  const again = await runtime.openAttempt(reg, normal, 'i1');
  assert.is(again.attempt, 1);
  const [row] = await sessions.forRegistration(reg.id);
  assert.equal([row!.session_count, row!.lesson_status, row!.completion_status], [2, 'completed', 'completed']);
});

test('commits apply once and in order; a relaunch makes the older window stale', async () => {
  const { runtime } = setup();
  const reg = registration('p2004');
  const opened = await runtime.openAttempt(reg, normal, 'i1');
  await runtime.commit(reg.id, commit(opened, 1, [['cmi.location', 'a']]));
  assert.equal(await runtime.commit(reg.id, commit(opened, 1, [['cmi.location', 'a']])), { ok: true, applied: false, sequence: 1 });
  await refusedWith(runtime.commit(reg.id, commit(opened, 3, [])), 'OUT_OF_ORDER');
  const other = await runtime.openAttempt(reg, normal, 'i1');
  await refusedWith(runtime.commit(reg.id, commit(opened, 2, [['cmi.location', 'b']])), 'STALE_SESSION');
  assert.equal(await runtime.commit(reg.id, commit(other, 1, [['cmi.location', 'c']])), { ok: true, applied: true, sequence: 1 });
});

test('a row changed behind the cache (another process) is re-read before any refusal', async () => {
  const { runtime, sessions } = setup();
  const reg = registration('p2004');
  const opened = await runtime.openAttempt(reg, normal, 'i1');
  await runtime.commit(reg.id, commit(opened, 1, [['cmi.location', 'a']]));
  // Another process applies commit 2 directly in the store.
  const row = (await sessions.find(reg.id, 'i1', 1))!;
  assert.ok(await sessions.writeCommit({ row, fields: { commit_sequence: 2 }, shared: [] }));
  // The cached row says 1, so 3 looks out of order from the cache; the table says it is next.
  assert.equal(await runtime.commit(reg.id, commit(opened, 3, [['cmi.location', 'z']])), { ok: true, applied: true, sequence: 3 });
  assert.is((await sessions.find(reg.id, 'i1', 1))!.location, 'z');
});

test('an invalid value saves nothing of the commit', async () => {
  const { runtime, sessions } = setup();
  const reg = registration('p2004');
  const opened = await runtime.openAttempt(reg, normal, 'i1');
  await refusedWith(runtime.commit(reg.id, commit(opened, 1, [['cmi.location', 'x'], ['cmi.score.scaled', '7']])), 'INVALID_VALUE');
  const row = (await sessions.find(reg.id, 'i1', 1))!;
  assert.equal([row.location, row.commit_sequence], [null, 0]);
});

test('review revisits the latest attempt and records nothing', async () => {
  const { runtime, sessions } = setup();
  const reg = registration('p2004');
  const review = { mode: 'review', credit: 'no-credit' } as const;
  const nothing = await runtime.openAttempt(reg, review, 'i1');
  assert.equal([nothing.attempt, nothing.context.entry], [1, 'ab-initio']);
  assert.equal(await sessions.forRegistration(reg.id), []);
  const opened = await runtime.openAttempt(reg, normal, 'i1');
  await runtime.commit(reg.id, commit(opened, 1, [['cmi.exit', 'normal']], { reason: 'terminate', end: {} }));
  const revisit = await runtime.openAttempt(reg, review, 'i1');
  assert.equal([revisit.attempt, revisit.context.entry], [1, '']);
  assert.equal(await runtime.commit(reg.id, commit(revisit, 1, [['cmi.location', 'q']]), 'review'), { ok: true, applied: false, sequence: 1 });
  assert.is((await sessions.forRegistration(reg.id)).length, 1);
});

test('launch data: each SCO latest status and attempts, the saved navigation state', async () => {
  const { runtime } = setup();
  const reg = registration('p2004');
  const opened = await runtime.openAttempt(reg, normal, 'i1');
  await runtime.commit(reg.id, commit(opened, 1, [['cmi.score.scaled', '0.5'], ['cmi.exit', 'suspend']], { reason: 'terminate', end: {}, sequencing_state: { at: 'i1' } }));
  const data = await runtime.launchData(reg, normal, '/content/x/', 30);
  assert.equal(data.scos, { i1: { attempts: 1, completion_status: 'unknown', success_status: 'unknown', lesson_status: null, suspended: true, score_scaled: 0.5 } });
  assert.equal(data.sequencing_state, { at: 'i1' });
  assert.equal([data.package.id, data.content_base, data.auto_commit_seconds], ['p2004', '/content/x/', 30]);
});

test('unknown package or item: PACKAGE_NOT_FOUND / ITEM_NOT_FOUND', async () => {
  const { runtime } = setup();
  await refusedWith(runtime.openAttempt(registration('gone'), normal, 'i1'), 'PACKAGE_NOT_FOUND');
  await refusedWith(runtime.openAttempt(registration('p2004'), normal, 'nope'), 'ITEM_NOT_FOUND');
});

test.run();
