// data_json stored without cmi.suspend_data, which its column holds (SCORM_SUSPEND_DATA_ONCE,
// decision 0043): the pure
// cut and restore, then the SQL store on each database: rows written both ways (before the
// change, the value in both places) read back the same whole data model, and a learner's
// suspend_data survives a relaunch through the runtime service.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseManifest } from '../../scorm/manifest/parse-manifest.ts';
import { createMemoryPackageStore } from '../../server/db/memory-package-store.ts';
import type { RegistrationRecord } from '../../server/db/registration-store.ts';
import type { SessionStore } from '../../server/db/session-store.ts';
import { createSqlSessionStore } from '../../server/db/sql-session-store.ts';
import { fullDataJson, storedDataJson } from '../../server/db/stored-data-json.ts';
import { createRuntimeService } from '../../server/runtime/runtime-service.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/databases.ts';
import { manifest2004, org, sco } from '../scorm/manifest/build.ts';
import { sessionRow } from './session-store-contract.ts';

const snapshot = (values: Record<string, string>) => JSON.stringify({ version: '2004', values, counts: { 'cmi.interactions': 0 }, sharedData: [] });

const unit = suite('stored data_json');
const cases: Array<[string, Record<string, string>]> = [
  ['first of several', { 'cmi.suspend_data': 'abc', 'cmi.location': 'p1' }],
  ['in the middle', { 'cmi.location': 'p1', 'cmi.suspend_data': 'abc', 'cmi.exit': 'suspend' }],
  ['last', { 'cmi.location': 'p1', 'cmi.suspend_data': 'abc' }],
  ['the only value', { 'cmi.suspend_data': 'abc' }],
  ['empty', { 'cmi.location': 'p1', 'cmi.suspend_data': '' }],
  ['escapes and look-alikes', { 'cmi.location': '","cmi.suspend_data":"x', 'cmi.suspend_data': '{"a":"\\n\u00e9😀,"cmi.suspend_data":"}' }],
];
for (const [name, values] of cases) {
  unit(`cut and put back: ${name}`, () => {
    const whole = snapshot(values);
    const stored = storedDataJson(whole, values['cmi.suspend_data']);
    assert.not.ok(Object.hasOwn((JSON.parse(stored) as { values: object }).values, 'cmi.suspend_data'), 'stored without it');
    assert.equal(JSON.parse(fullDataJson(stored, values['cmi.suspend_data'])), JSON.parse(whole));
  });
}
unit('kept whole when the column would not hold the value, or holds another', () => {
  const lone = snapshot({ 'cmi.suspend_data': 'a\ud800b' });
  assert.is(storedDataJson(lone, 'a\ud800b'), lone, 'a lone surrogate (utf8mb4 has none)');
  const nul = snapshot({ 'cmi.suspend_data': 'a\u0000b' });
  assert.is(storedDataJson(nul, 'a\u0000b'), nul);
  const whole = snapshot({ 'cmi.suspend_data': 'abc' });
  assert.is(storedDataJson(whole, 'abd'), whole);
  assert.is(storedDataJson(whole, null), whole);
  assert.is(storedDataJson(snapshot({ 'cmi.location': 'p' }), 'abc'), snapshot({ 'cmi.location': 'p' }));
});
unit('old rows (the value in both places) and rows without suspend_data read as they are', () => {
  const whole = snapshot({ 'cmi.location': 'p1', 'cmi.suspend_data': 'abc' });
  assert.is(fullDataJson(whole, 'abc'), whole);
  const none = snapshot({ 'cmi.location': 'p1' });
  assert.is(fullDataJson(none, null), none);
  assert.equal(JSON.parse(fullDataJson(snapshot({}), 'x')), JSON.parse(snapshot({ 'cmi.suspend_data': 'x' })));
});
unit.run();

const packages = createMemoryPackageStore();
const parsed = parseManifest({ xml: manifest2004(org('<item identifier="i1" identifierref="r1"><title>One</title></item>'), sco('r1', 'a.html')), entries: ['a.html'] }).package!;
packages.add({ id: 'pg-sd', importJobId: 'job-pg-sd', parsed, diagnostics: [], files: [], storage: 'local' });

for (const kind of testDatabaseKinds()) {
  const test = suite<{ database: TestDatabase; store: SessionStore }>(`suspend_data stored once (${kind})`);
  let n = 0;
  test.before(async (ctx) => {
    ctx.database = await createTestDatabase(kind);
    ctx.store = createSqlSessionStore(ctx.database.db, Date.now, undefined, undefined, { suspendDataOnce: true });
  });
  test.after(async (ctx) => ctx.database?.drop());

  const registration = async (database: TestDatabase): Promise<RegistrationRecord> => {
    const id = `sd-${++n}`;
    await database.db('registrations').insert({ id, package_id: 'pg-sd', learner_id: `l-${id}`, learner_name: 'L', comments_from_lms_json: '[]', attempt: 1, created_at: 1 });
    return { id, packageId: 'pg-sd', learner: { id: `l-${id}`, name: 'L' }, launchNonce: null, commentsFromLms: [], attempt: 1, createdAt: 1, lastAccessedAt: null, contentId: 'pg-sd', versionNumber: 1, onNewVersion: null, versionChange: null };
  };
  const storedText = async (database: TestDatabase, id: string) =>
    (await database.db('scorm_user_sessions').where({ id }).first('data_json', 'suspend_data')) as { data_json: string; suspend_data: string | null };

  test('an opening and a commit store data_json without suspend_data; the store hands out the whole model', async ({ database, store }) => {
    const reg = await registration(database);
    const whole = snapshot({ 'cmi.location': 'p1', 'cmi.suspend_data': 'saved state' });
    const row = sessionRow({ registration_id: reg.id, package_id: 'pg-sd', data_json: whole, suspend_data: 'saved state' });
    await store.openAttempt(reg.id, row.item_identifier, 1, () => ({ opening: { kind: 'insert', row }, result: row }));
    assert.equal(await storedText(database, row.id), { data_json: snapshot({ 'cmi.location': 'p1' }), suspend_data: 'saved state' });
    const read = (await store.find(reg.id, row.item_identifier, 1))!;
    assert.equal(JSON.parse(read.data_json), JSON.parse(whole));
    const next = snapshot({ 'cmi.location': 'p2', 'cmi.suspend_data': 'newer' });
    for (const grouped of [false, true]) {
      const current = (await store.find(reg.id, row.item_identifier, 1))!;
      const write = { row: current, fields: { data_json: grouped ? whole : next, suspend_data: grouped ? 'saved state' : 'newer', commit_sequence: current.commit_sequence + 1 }, shared: [] };
      if (grouped) assert.equal(await store.writeCommits([write]), [{ status: 'fulfilled', value: true }]);
      else assert.ok(await store.writeCommit(write));
      assert.not.match((await storedText(database, row.id)).data_json, 'cmi.suspend_data');
      assert.equal(JSON.parse((await store.find(reg.id, row.item_identifier, 1))!.data_json), JSON.parse(grouped ? whole : next));
    }
    // A commit that leaves suspend_data as it was (not among its fields) still stores it once.
    const current = (await store.find(reg.id, row.item_identifier, 1))!;
    assert.ok(await store.writeCommit({ row: current, fields: { data_json: snapshot({ 'cmi.location': 'p3', 'cmi.suspend_data': 'saved state' }), commit_sequence: current.commit_sequence + 1 }, shared: [] }));
    assert.equal(await storedText(database, row.id), { data_json: snapshot({ 'cmi.location': 'p3' }), suspend_data: 'saved state' });
  });

  test('a row written before the change (suspend_data in both places) reads the same, and is stored once at its next commit', async ({ database, store }) => {
    const reg = await registration(database);
    const whole = snapshot({ 'cmi.suspend_data': 'old state', 'cmi.location': 'p1' });
    const row = sessionRow({ registration_id: reg.id, package_id: 'pg-sd', data_json: whole, suspend_data: 'old state' });
    await database.db('scorm_user_sessions').insert(row);
    const read = (await store.find(reg.id, row.item_identifier, 1))!;
    assert.is(read.data_json, whole, 'handed out as stored');
    const next = snapshot({ 'cmi.suspend_data': 'old state', 'cmi.location': 'p2' });
    assert.ok(await store.writeCommit({ row: read, fields: { data_json: next, suspend_data: 'old state', commit_sequence: 1 }, shared: [] }));
    assert.equal(await storedText(database, row.id), { data_json: snapshot({ 'cmi.location': 'p2' }), suspend_data: 'old state' });
    assert.equal(JSON.parse((await store.find(reg.id, row.item_identifier, 1))!.data_json), JSON.parse(next));
  });

  test('with SCORM_SUSPEND_DATA_ONCE off (a fleet that still runs older processes), data_json is stored whole; rows stored once still read whole', async ({ database, store }) => {
    const reg = await registration(database);
    const whole = snapshot({ 'cmi.location': 'p1', 'cmi.suspend_data': 'saved state' });
    const row = sessionRow({ registration_id: reg.id, package_id: 'pg-sd', data_json: whole, suspend_data: 'saved state' });
    await store.openAttempt(reg.id, row.item_identifier, 1, () => ({ opening: { kind: 'insert', row }, result: row }));
    const off = createSqlSessionStore(database.db);
    const read = (await off.find(reg.id, row.item_identifier, 1))!;
    assert.equal(JSON.parse(read.data_json), JSON.parse(whole));
    const next = snapshot({ 'cmi.location': 'p2', 'cmi.suspend_data': 'saved state' });
    assert.ok(await off.writeCommit({ row: read, fields: { data_json: next, suspend_data: 'saved state', commit_sequence: 1 }, shared: [] }));
    assert.equal(await storedText(database, row.id), { data_json: next, suspend_data: 'saved state' });
  });

  test('a learner\'s suspend_data and every other value come back after a relaunch, from old and new rows alike', async ({ database, store }) => {
    const runtime = createRuntimeService({ sessions: store, packages });
    const normal = { mode: 'normal', credit: 'credit' } as const;
    const reg = await registration(database);
    const opened = await runtime.openAttempt(reg, normal, 'i1');
    const suspend = 'x'.repeat(4000) + '"\\é😀';
    await runtime.commit(reg.id, {
      session_id: opened.session_id, sequence: 1, item: 'i1', attempt: opened.attempt, reason: 'terminate',
      changes: [['cmi.location', 'page-3'], ['cmi.suspend_data', suspend], ['cmi.exit', 'suspend']],
      end: { sessionTime: 'PT30S', sessionTimeReported: true },
    });
    const rawBefore = (await database.db('scorm_user_sessions').where({ registration_id: reg.id }).first()) as Record<string, unknown>;
    assert.not.match(String(rawBefore.data_json), 'cmi.suspend_data');
    const whole = (await store.find(reg.id, 'i1', opened.attempt))!.data_json;
    const resumed = await runtime.openAttempt(reg, normal, 'i1');
    const prior = (resumed.context as { priorState?: { values: Record<string, string> } }).priorState!;
    assert.is(prior.values['cmi.suspend_data'], suspend);
    assert.is(prior.values['cmi.location'], 'page-3');
    // The same attempt put back as a row of the old shape (suspend_data in both places): the
    // relaunch resumes the very same model.
    await database.db('scorm_user_sessions').where({ id: rawBefore.id as string }).update({ ...rawBefore, data_json: whole });
    assert.match(String((await database.db('scorm_user_sessions').where({ id: rawBefore.id as string }).first('data_json')).data_json), 'cmi.suspend_data');
    const again = await createRuntimeService({ sessions: store, packages }).openAttempt(reg, normal, 'i1');
    assert.equal((again.context as { priorState?: unknown }).priorState, prior);
  });

  test.run();
}
