// A learner's cycle on each database with fewer statements (decision 0047): the first commit of
// a launch reads no attempt row (the opening's own is kept), a terminate's launch end is written
// in the commit's transaction, an opening runs in three round trips on MySQL; and none of it
// keeps a write the old statements would not have kept.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { CommitBody } from '../../contract/runtime.ts';
import { parseManifest } from '../../scorm/manifest/parse-manifest.ts';
import type { LaunchStore } from '../../server/db/launch-store.ts';
import { createMemoryPackageStore } from '../../server/db/memory-package-store.ts';
import type { RegistrationRecord } from '../../server/db/registration-store.ts';
import type { ProgressRow, SessionStore } from '../../server/db/session-store.ts';
import { createSqlLaunchStore, sqlLaunchRows } from '../../server/db/sql-launch-store.ts';
import { createSqlSessionStore } from '../../server/db/sql-session-store.ts';
import { isAppError } from '../../server/errors.ts';
import { createRuntimeService } from '../../server/runtime/runtime-service.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/databases.ts';
import { manifest2004, org, sco } from '../scorm/manifest/build.ts';

const packages = createMemoryPackageStore();
const parsed = parseManifest({ xml: manifest2004(org('<item identifier="i1" identifierref="r1"><title>One</title></item>'), sco('r1', 'a.html')), entries: ['a.html'] }).package!;
packages.add({ id: 'pc', importJobId: 'job-pc', parsed, diagnostics: [], files: [], storage: 'local' });

const normal = { mode: 'normal', credit: 'credit' } as const;
let n = 0;

for (const kind of testDatabaseKinds()) {
  const test = suite<{ database: TestDatabase }>(`learner cycle statements (${kind})`);
  test.before(async (ctx) => {
    ctx.database = await createTestDatabase(kind);
  });
  test.after(async (ctx) => ctx.database?.drop());

  /** A runtime service on the SQL stores, counting the attempt reads of commits and the launch store's own ends. */
  async function setup(database: TestDatabase) {
    const store = createSqlSessionStore(database.db, Date.now, undefined, sqlLaunchRows);
    const counted = { reads: 0, ends: 0 };
    const sessions: SessionStore = { ...store, findMany: (keys) => ((counted.reads += keys.length), store.findMany(keys)) };
    const sqlLaunches = createSqlLaunchStore(database.db);
    const launches: LaunchStore = { ...sqlLaunches, end: (...args) => ((counted.ends += 1), sqlLaunches.end(...args)) };
    const runtime = createRuntimeService({ sessions, packages, launches });
    const id = `cyc-${++n}`;
    await database.db('registrations').insert({ id, package_id: 'pc', learner_id: `l-${id}`, learner_name: 'L', comments_from_lms_json: '[]', attempt: 1, created_at: 1 });
    const registration: RegistrationRecord = { id, packageId: 'pc', learner: { id: `l-${id}`, name: 'L' }, launchNonce: null, commentsFromLms: [], attempt: 1, createdAt: 1, lastAccessedAt: null, contentId: 'pc', versionNumber: 1, onNewVersion: null, versionChange: null };
    return { database, store, counted, runtime, registration, launches: sqlLaunches };
  }
  const body = (opened: { session_id: string; attempt: number }, sequence: number, changes: CommitBody['changes'], over: Partial<CommitBody> = {}): CommitBody => ({
    session_id: opened.session_id, sequence, item: 'i1', attempt: opened.attempt, changes, reason: 'autosave', ...over,
  });

  test('the first commit after an opening reads no attempt row; a row written meanwhile is read again, not overwritten', async ({ database }) => {
    const { counted, runtime, registration, store } = await setup(database);
    const a = await runtime.openAttempt(registration, normal, 'i1');
    assert.is((await runtime.commit(registration.id, body(a, 1, [['cmi.location', 'p1']]))).applied, true);
    assert.is(counted.reads, 0, 'the opening left its row for the commit');
    // Another process writes the row: the kept row is stale, its guard fails and the row is read.
    await database.db('scorm_user_sessions').where({ registration_id: registration.id }).update({ launch_bytes: 1000, row_version: database.db.raw('row_version + 1') });
    assert.is((await runtime.commit(registration.id, body(a, 2, [['cmi.location', 'p2']]))).applied, true);
    assert.is(counted.reads, 1);
    const row = (await store.latest(registration.id, 'i1'))!;
    assert.equal([row.location, row.launch_bytes, row.commit_sequence], ['p2', 1000, 2], 'written over the row as it now is');
    // A resumed opening keeps its row too (row_version moved by the opening's own write).
    await runtime.commit(registration.id, body(a, 3, [['cmi.exit', 'suspend']], { reason: 'terminate', end: { sessionTime: 'PT5S', sessionTimeReported: true } }));
    const b = await runtime.openAttempt(registration, normal, 'i1');
    assert.is(b.attempt, a.attempt, 'resumed');
    const reads = counted.reads;
    assert.is((await runtime.commit(registration.id, body(b, 1, [['cmi.location', 'p3']]))).applied, true);
    assert.is(counted.reads, reads);
  });

  test('a terminate ends its launch in the commit’s own write: reason, counters, session time', async ({ database }) => {
    const { counted, runtime, registration, launches } = await setup(database);
    const a = await runtime.openAttempt(registration, normal, 'i1');
    await runtime.commit(registration.id, body(a, 1, [['cmi.location', 'p1']]), 'normal', 100);
    await runtime.commit(registration.id, body(a, 2, [['cmi.session_time', 'PT7S'], ['adl.nav.request', 'suspendAll']], { reason: 'terminate', end: { sessionTime: 'PT7S', sessionTimeReported: true } }), 'normal', 50);
    const l = (await launches.get(a.session_id))!;
    assert.equal([l.exitReason, l.commitCount, l.bytesReceived, l.sessionTimeSeconds], ['suspend', 2, 150, 7]);
    assert.ok(l.endedAt !== null);
    assert.is(counted.ends, 0, 'no statement of its own');
  });

  test('a terminate whose row changed since it was read ends nothing; the retry ends it once', async ({ database }) => {
    const { store, runtime, registration, launches } = await setup(database);
    const a = await runtime.openAttempt(registration, normal, 'i1');
    const row = (await store.latest(registration.id, 'i1'))!;
    const stale = { ...row, row_version: row.row_version + 5 };
    const written = await store.writeCommit({ row: stale, fields: { commit_sequence: 1, ended: true }, shared: [], registration: { lastAccessedAt: 5 }, launchEnd: { id: a.session_id, end: { reason: 'terminate', at: 5, counters: { commitCount: 1, bytesReceived: 9 } } } });
    assert.is(written, false);
    assert.equal([(await launches.get(a.session_id))!.exitReason, (await launches.get(a.session_id))!.commitCount], [null, 0]);
    await runtime.commit(registration.id, body(a, 1, [['cmi.exit', 'normal']], { reason: 'terminate', end: { sessionTime: 'PT1S', sessionTimeReported: true } }), 'normal', 10);
    assert.equal([(await launches.get(a.session_id))!.exitReason, (await launches.get(a.session_id))!.commitCount], ['terminate', 1]);
  });

  test('an opening whose resumed row changed after its read writes nothing: no launch row, no access time', async ({ database }) => {
    const { store, runtime, registration, launches } = await setup(database);
    const a = await runtime.openAttempt(registration, normal, 'i1');
    await runtime.commit(registration.id, body(a, 1, [['cmi.exit', 'suspend']], { reason: 'terminate', end: { sessionTime: 'PT1S', sessionTimeReported: true } }));
    const accessed = (await database.db('registrations').where({ id: registration.id }).first('last_accessed_at')).last_accessed_at;
    const error = await store
      .openAttempt(registration.id, 'i1', 99_999, (latest) => ({
        opening: { kind: 'update', row: { ...latest!, row_version: latest!.row_version + 1 }, fields: { current_session_id: 'sneaky' } },
        result: 'opened',
        launch: { launch: { id: 'launch-sneaky', registrationId: registration.id, packageId: 'pc', itemIdentifier: 'i1', attempt: latest!.attempt, mode: 'normal', userAgent: '', traced: false, startedAt: 99_999 } },
      }))
      .then(() => undefined, (e: unknown) => e);
    assert.ok(isAppError(error) && error.code === 'CONCURRENT_UPDATE', String(error));
    assert.is(await launches.get('launch-sneaky'), undefined);
    assert.equal((await database.db('registrations').where({ id: registration.id }).first('last_accessed_at')).last_accessed_at, accessed);
    assert.is((await store.latest(registration.id, 'i1'))!.current_session_id, a.session_id);
    // The next opening on the same connections works as ever.
    const b = await runtime.openAttempt(registration, normal, 'i1');
    assert.ok((await launches.get(b.session_id)) !== undefined);
    assert.is((await launches.get(a.session_id))!.exitReason, 'suspend');
  });

  test('launch data’s reads in one go answer what the separate reads answer', async ({ database }) => {
    const { store, runtime, registration, launches } = await setup(database);
    const packageId = `pkg-${registration.id}`;
    await database.db('packages').insert({
      id: packageId, title: 'P', version: '2004', identifier: 'p', sco_count: 1, asset_count: 0, file_count: 1, size_bytes: 1,
      storage: 'local', import_job_id: `job-${packageId}`, manifest_json: '{}', diagnostics_json: '[]', created_at: 1,
    });
    await database.db('registrations').where({ id: registration.id }).update({ package_id: packageId });
    const none = await store.launchReads!(registration.id);
    assert.equal(none, { progress: [], sequencingState: null, trace: { registration: false, package: false } });
    const a = await runtime.openAttempt(registration, normal, 'i1');
    await runtime.commit(registration.id, body(a, 1, [['cmi.completion_status', 'completed'], ['cmi.exit', 'normal']], { reason: 'terminate', end: { sessionTime: 'PT1S', sessionTimeReported: true } }));
    await runtime.openAttempt(registration, normal, 'i1');
    await store.saveSequencingState(registration.id, { current: 'i1', n: [1, 2] }, 7);
    await launches.setTrace({ packageId }, true);
    const read = await store.launchReads!(registration.id);
    assert.equal(read, {
      // progressRowsMany also names each row's registration, which one registration's read needs not.
      progress: await store.progressRowsMany([registration.id]).then((r) => r[0]!.map((row) => { const { registration_id: _, ...rest } = row as ProgressRow & { registration_id?: string }; return rest; })),
      sequencingState: await store.sequencingState(registration.id),
      trace: await launches.traceSwitches(registration.id),
    });
    assert.equal([read.progress.length, read.trace], [2, { registration: false, package: true }]);
    assert.is(await store.launchReads!('no-such-registration').then((r) => r.trace), undefined);
    // The opening reads the switches with its latest attempt: the package's reaches the launch row.
    const c = await runtime.openAttempt(registration, normal, 'i1');
    assert.is((await launches.get(c.session_id))!.traced, true);
    await launches.setTrace({ packageId }, false);
    const d = await runtime.openAttempt(registration, normal, 'i1');
    assert.is((await launches.get(d.session_id))!.traced, false);
  });

  test.run();
}
