// The SQL package version store on each database: versions numbered in order with their
// difference from the one before, the current version moving, one version's manifest, a
// registration moved once however many launches try, and what the cleanup may remove.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseManifest } from '../../scorm/manifest/parse-manifest.ts';
import { packageRows } from '../../server/db/package-rows.ts';
import { createSqlPackageStore } from '../../server/db/sql-package-store.ts';
import { createSqlPackageVersionStore, POLICY_FRESH_MS } from '../../server/db/sql-package-version-store.ts';
import { createSqlRegistrationStore } from '../../server/db/sql-registration-store.ts';
import type { VersionMove } from '../../server/db/package-version-store.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/databases.ts';
import { manifest2004, org, sco } from '../scorm/manifest/build.ts';

const item = (id: string) => `<item identifier="${id}" identifierref="r-${id}"><title>T ${id}</title></item>`;
function rowsOf(ids: string[], title = 'Course') {
  const xml = manifest2004(org(ids.map(item).join('')), ids.map((id) => sco(`r-${id}`, `${id}.html`)).join('')).replace('<title>Course</title>', `<title>${title}</title>`);
  const parsed = parseManifest({ xml, entries: ['imsmanifest.xml', ...ids.map((id) => `${id}.html`)] }).package!;
  return { rows: packageRows(parsed, []), files: ids.map((id) => ({ path: `${id}.html`, size: 10 })) };
}

const move = (toContentId: string, toVersion: number): VersionMove => ({
  toContentId, toVersion, archive: ['c'], clearSequencingState: true, newAttempt: false,
  change: { from_version: 1, to_version: toVersion, policy: 'migrate', at: new Date(0).toISOString(), items_removed: [{ identifier: 'c', title: 'T c' }], items_carried: ['a'], sequencing_state: 'cleared' },
});

for (const kind of testDatabaseKinds()) {
  const test = suite<{ database: TestDatabase; time: { now: number } }>(`sql package version store (${kind})`);
  test.before(async (ctx) => {
    ctx.database = await createTestDatabase(kind);
    ctx.time = { now: 1_000 };
  });
  test.after(async (ctx) => ctx.database?.drop());

  test('versions in order, each with its diff; the package row follows the current one', async ({ database: { db }, time }) => {
    const clock = () => time.now;
    const packages = createSqlPackageStore(db, clock);
    const versions = createSqlPackageVersionStore(db, clock);
    await db.transaction((trx) => packages.insertRows(trx, { id: 'p', importJobId: 'j1', storage: 'local', ...rowsOf(['a', 'b', 'c'], 'First') }));
    assert.equal(await versions.current('p'), { contentId: 'p', versionNumber: 1, onNewVersion: 'keep' });
    time.now = 2_000;
    // Two versions finishing at once get consecutive numbers.
    const [second, third] = await Promise.all([
      db.transaction((trx) => versions.insertVersion(trx, { id: 'p-v2', packageId: 'p', importJobId: 'j2', storage: 'local', ...rowsOf(['a', 'b'], 'Second') })),
      db.transaction((trx) => versions.insertVersion(trx, { id: 'p-v3', packageId: 'p', importJobId: 'j3', storage: 'local', ...rowsOf(['a', 'b', 'd'], 'Third') })),
    ]);
    assert.equal([second!.versionNumber, third!.versionNumber].sort(), [2, 3]);
    const list = await versions.list('p');
    assert.equal(list.map((v) => [v.version_number, v.current, v.content_removed]), [[3, true, false], [2, false, false], [1, false, false]]);
    const current = (await versions.current('p'))!;
    assert.is(current.versionNumber, 3);
    const detail = (await packages.get('p'))!;
    assert.equal([detail.id, detail.title, detail.current_version, detail.created_at], ['p', current.contentId === 'p-v3' ? 'Third' : 'Second', 3, new Date(1_000).toISOString()]);
    assert.equal((await packages.scoItems('p')).map((s) => s.identifier), current.contentId === 'p-v3' ? ['a', 'b', 'd'] : ['a', 'b']);
    const v1 = (await versions.content('p'))!;
    assert.equal([v1.id, v1.version_number, v1.title, v1.content_id], ['p', 1, 'First', 'p']);
    assert.equal((await versions.scoItemsOf('p')).map((s) => s.identifier), ['a', 'b', 'c'], "v1's items keep their keys");
    assert.equal((await versions.contentIds('p')).sort(), ['p', 'p-v2', 'p-v3']);
    assert.is(await versions.insertVersion(db, { id: 'x-v2', packageId: 'gone', importJobId: 'j4', storage: 'local', ...rowsOf(['a']) }), undefined, 'a deleted package gets no version');
    assert.is(await versions.setPolicy('p', 'restart'), true);
    assert.is(await versions.setPolicy('gone', 'restart'), false);
  });

  test("the policy registration events show: this process's change at once, another process's within POLICY_FRESH_MS", async ({ database: { db } }) => {
    let clock = 10_000_000;
    const packages = createSqlPackageStore(db, () => clock);
    await db.transaction((trx) => packages.insertRows(trx, { id: 'pol', importJobId: 'j-pol', storage: 'local', ...rowsOf(['a']) }));
    const events = createSqlPackageVersionStore(db, () => clock);
    const admin = createSqlPackageVersionStore(db, () => clock);
    assert.is(await events.policy('pol'), 'keep');
    assert.is(await events.policy('nothing'), undefined);
    assert.is(await admin.setPolicy('pol', 'migrate'), true);
    assert.is(await events.policy('pol'), 'migrate', 'a change through another store on the same handle is seen at once');
    // Another process's change: this one's stores are not told.
    await db('packages').where({ id: 'pol' }).update({ on_new_version: 'restart' });
    clock += POLICY_FRESH_MS - 1;
    assert.is(await events.policy('pol'), 'migrate', 'still the snapshot');
    clock += 1;
    assert.is(await events.policy('pol'), 'restart');
    assert.is((await events.current('pol'))?.onNewVersion, 'restart', 'current() always reads the table');
  });

  test('a registration moves once; the cleanup takes only what nobody runs, after the grace period', async ({ database: { db }, time }) => {
    const clock = () => time.now;
    const packages = createSqlPackageStore(db, clock);
    const versions = createSqlPackageVersionStore(db, clock);
    const registrations = createSqlRegistrationStore(db, clock);
    await db.transaction((trx) => packages.insertRows(trx, { id: 'q', importJobId: 'k1', storage: 'local', ...rowsOf(['a', 'c']) }));
    await registrations.createOrFind({ id: 'reg', packageId: 'q', learner: { id: 'u', name: 'U' }, commentsFromLms: [], contentId: 'q', versionNumber: 1, onNewVersion: null });
    for (const [id, item] of [['s-a', 'a'], ['s-c', 'c']]) {
      await db('scorm_user_sessions').insert({ id, registration_id: 'reg', package_id: 'q', item_identifier: item, attempt: 1, version: '2004', completion_status: 'incomplete', success_status: 'unknown', total_time: 'PT0S', entry: 'ab-initio', data_json: '{}', created_at: 1, updated_at: 1 });
    }
    time.now = 5_000;
    await db.transaction((trx) => versions.insertVersion(trx, { id: 'q-v2', packageId: 'q', importJobId: 'k2', storage: 'local', ...rowsOf(['a', 'b']) }));
    const ofQ = async (before: number) => (await versions.unused(before, 10)).filter((v) => v.packageId === 'q');
    assert.equal(await ofQ(time.now), [], 'v1 is still run by a registration');

    assert.is(await versions.moveRegistration('reg', 'q', move('q-v2', 2)), true);
    assert.is(await versions.moveRegistration('reg', 'q', move('q-v2', 2)), false, 'a second launch finds it moved');
    const moved = (await registrations.get('reg'))!;
    assert.equal([moved.contentId, moved.versionNumber, moved.versionChange?.items_removed], ['q-v2', 2, [{ identifier: 'c', title: 'T c' }]]);
    const archived = await db('scorm_user_sessions').where({ registration_id: 'reg' }).orderBy('item_identifier').select('item_identifier', 'archived');
    assert.equal(archived.map((r) => [r.item_identifier, Boolean(r.archived)]), [['a', false], ['c', true]]);

    assert.equal(await ofQ(4_999), [], 'superseded at 5000: not before');
    assert.equal(await ofQ(5_000), [{ packageId: 'q', contentId: 'q', versionNumber: 1 }]);
    assert.is(await versions.markContentRemoved('q-v2'), false, 'the current version is never removed');
    assert.is(await versions.markContentRemoved('q'), true);
    assert.is(await versions.markContentRemoved('q'), false, 'once');
    assert.equal(await versions.scoItemsOf('q'), []);
    assert.equal(await ofQ(time.now), []);
    assert.equal((await versions.list('q')).map((v) => [v.version_number, v.content_removed, v.registrations]), [[2, false, 1], [1, true, 0]]);
  });

  test.run();
}
