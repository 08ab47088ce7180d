// Which registration.* events a commit causes: decided from the progress before and after it,
// carried on the commit's write (in-memory session store), none for a refused or replayed commit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseManifest } from '../../scorm/manifest/parse-manifest.ts';
import { createMemoryPackageStore } from '../../server/db/memory-package-store.ts';
import { createMemorySessionStore } from '../../server/db/memory-session-store.ts';
import type { RegistrationRecord } from '../../server/db/registration-store.ts';
import type { CommitBody } from '../../contract/runtime.ts';
import type { Registration } from '../../contract/registrations.ts';
import { createRuntimeService } from '../../server/runtime/runtime-service.ts';
import { manifest2004, org, sco } from '../scorm/manifest/build.ts';

const packages = createMemoryPackageStore();
const two = '<item identifier="i1" identifierref="r1"><title>One</title></item><item identifier="i2" identifierref="r2"><title>Two</title></item>';
packages.add({ id: 'p2', importJobId: 'j', parsed: parseManifest({ xml: manifest2004(org(two), sco('r1', 'a.html') + sco('r2', 'b.html')), entries: ['a.html', 'b.html'] }).package!, diagnostics: [], files: [], storage: 'local' });

const record: RegistrationRecord = {
  id: 'reg-1',
  packageId: 'p2',
  contentId: 'p2',
  versionNumber: 1,
  onNewVersion: null,
  versionChange: null,
  learner: { id: 'u1', name: 'Ada' },
  launchNonce: null,
  commentsFromLms: [],
  attempt: 1,
  createdAt: 0,
  lastAccessedAt: null,
};
const normal = { mode: 'normal', credit: 'credit' } as const;

function setup(wanted?: (types: readonly string[]) => Promise<boolean>) {
  const sessions = createMemorySessionStore();
  let ids = 0;
  const progressEvents = { scoItems: (id: string) => packages.scoItems(id), ...(wanted ? { wanted } : {}) };
  const runtime = createRuntimeService({ sessions, packages, registrations: { get: async (id) => (id === record.id ? record : undefined), getMany: async (ids) => ids.map((id) => (id === record.id ? record : undefined)) }, progressEvents, newId: () => `id-${++ids}` });
  const events = () => sessions.outboxEvents().map((e) => e.type);
  return { sessions, runtime, events };
}

const body = (opened: { session_id: string; attempt: number }, item: string, sequence: number, changes: CommitBody['changes']): CommitBody => ({ session_id: opened.session_id, sequence, item, attempt: opened.attempt, changes, reason: 'commit' });

test('a commit that changes nothing of progress causes no event', async () => {
  const { runtime, events } = setup();
  const opened = await runtime.openAttempt(record, normal, 'i1');
  await runtime.commit(record.id, body(opened, 'i1', 1, [['cmi.location', 'page-2'], ['cmi.suspend_data', 'x']]));
  assert.equal(events(), []);
});

test('completing one SCO of two is progress; completing and passing both completes and passes the registration, once', async () => {
  const { runtime, events, sessions } = setup();
  const a = await runtime.openAttempt(record, normal, 'i1');
  await runtime.commit(record.id, body(a, 'i1', 1, [['cmi.completion_status', 'completed'], ['cmi.success_status', 'passed']]));
  assert.equal(events(), ['registration.progress']);
  const b = await runtime.openAttempt(record, normal, 'i2');
  await runtime.commit(record.id, body(b, 'i2', 1, [['cmi.completion_status', 'completed'], ['cmi.success_status', 'passed'], ['cmi.score.scaled', '0.5']]));
  assert.equal(events(), ['registration.progress', 'registration.progress', 'registration.completed', 'registration.passed']);
  // The same values again (a replay, then a repeat) change nothing.
  await runtime.commit(record.id, body(b, 'i2', 1, [['cmi.completion_status', 'completed']]));
  await runtime.commit(record.id, body(b, 'i2', 2, [['cmi.completion_status', 'completed']]));
  assert.is(events().length, 4);
  const last = sessions.outboxEvents().at(-1)!;
  assert.equal([last.orderingKey, last.id], ['registration:reg-1', last.id]);
  const shown = (last.payload as { registration: Registration }).registration;
  assert.equal([shown.id, shown.completion_status, shown.success_status, shown.score.scaled, shown.scos.map((s) => s.completion_status)], ['reg-1', 'completed', 'passed', 0.5, ['completed', 'completed']]);
  assert.is(new Set(sessions.outboxEvents().map((e) => e.id)).size, 4, 'every event has an id of its own');
});

test('a failed SCO fails the registration; a score change alone is progress', async () => {
  const { runtime, events } = setup();
  const a = await runtime.openAttempt(record, normal, 'i1');
  await runtime.commit(record.id, body(a, 'i1', 1, [['cmi.score.scaled', '0.2']]));
  assert.equal(events(), ['registration.progress']);
  await runtime.commit(record.id, body(a, 'i1', 2, [['cmi.success_status', 'failed']]));
  assert.equal(events(), ['registration.progress', 'registration.progress', 'registration.failed']);
});

test('a refused commit (a newer window owns the attempt) causes no event', async () => {
  const { runtime, events } = setup();
  const old = await runtime.openAttempt(record, normal, 'i1');
  await runtime.openAttempt(record, normal, 'i1');
  try {
    await runtime.commit(record.id, body(old, 'i1', 1, [['cmi.completion_status', 'completed']]));
    assert.unreachable('refused');
  } catch (error) {
    assert.is((error as { code?: string }).code, 'STALE_SESSION');
  }
  assert.equal(events(), []);
});

test('nobody subscribed: no event is built, and the question names the registration events', async () => {
  const asked: Array<readonly string[]> = [];
  const { runtime, events } = setup(async (types) => (asked.push(types), false));
  const a = await runtime.openAttempt(record, normal, 'i1');
  await runtime.commit(record.id, body(a, 'i1', 1, [['cmi.location', 'x']]));
  assert.is(asked.length, 0, 'not even asked when progress did not change');
  await runtime.commit(record.id, body(a, 'i1', 2, [['cmi.completion_status', 'completed']]));
  assert.equal(events(), []);
  assert.equal(asked, [['registration.progress', 'registration.completed', 'registration.passed', 'registration.failed']]);
});

test("the registration the request was authorised with is the payload's, without reading it again; another id's record is not used", async () => {
  const sessions = createMemorySessionStore();
  let reads = 0;
  const stored = { ...record, commentsFromLms: [{ comment: 'as stored', location: '', timestamp: '2026-01-01T00:00:00Z' }] } as RegistrationRecord;
  const registrations = {
    get: async (id: string) => (reads++, id === record.id ? stored : undefined),
    getMany: async (ids: string[]) => (reads++, ids.map((id) => (id === record.id ? stored : undefined))),
  };
  const runtime = createRuntimeService({ sessions, packages, registrations, progressEvents: { scoItems: (id: string) => packages.scoItems(id) } });
  const a = await runtime.openAttempt(record, normal, 'i1');
  const shownBy = () => (sessions.outboxEvents().at(-1)!.payload as { registration: Registration }).registration;
  const authorised = { ...record, learner: { id: 'u1', name: 'Ada (as authorised)' } };
  reads = 0;
  await runtime.commit(record.id, body(a, 'i1', 1, [['cmi.score.scaled', '0.2']]), 'normal', 0, authorised);
  assert.is(reads, 0, 'no registration read');
  assert.is(shownBy().learner.name, 'Ada (as authorised)');
  await runtime.commit(record.id, body(a, 'i1', 2, [['cmi.score.scaled', '0.3']]), 'normal', 0, { ...authorised, id: 'someone-else' });
  assert.is(reads, 1, 'read when the record given is not this registration');
  assert.is(shownBy().comments_from_lms[0]?.comment, 'as stored');
  await runtime.commit(record.id, body(a, 'i1', 3, [['cmi.score.scaled', '0.4']]));
  assert.is(reads, 2, 'read when none is given');
});

test.run();
