// Package versions over HTTP, on each database and on local storage and s3rver: a learner mid-
// course on v1, v2 uploaded through POST /packages/:id/versions (its job watched over the
// WebSocket), then keep, restart and migrate each do what decision 0024 says at the next launch;
// new registrations get v2; v1 keeps serving its learners and is cleaned up once none is left.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanUpOldVersions } from '../../server/jobs/version-cleanup.ts';
import { createSqlPackageVersionStore } from '../../server/db/sql-package-version-store.ts';
import { openDatabase } from '../../server/db/connect.ts';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { openJobSocket } from '../helpers/job-stream.ts';
import { startS3rver, type RunningS3rver } from '../helpers/s3rver.ts';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../helpers/test-app.ts';
import { uploadZip } from '../helpers/uploads.ts';
import { brokenCourse, courseV1, courseV2 } from './course-zips.ts';

type Json = Record<string, any>;

const post = (body: unknown, method = 'POST'): RequestInit => ({ method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const zipBody = (zip: Buffer): RequestInit => ({ method: 'POST', body: new Uint8Array(zip), headers: { 'content-type': 'application/zip' } });

async function register(t: TestApp, packageId: string, id: string, onNewVersion?: string) {
  const res = await t.admin('/api/v1/registrations', post({ id, package_id: packageId, learner: { id: `learner-${id}`, name: 'Ada' }, ...(onNewVersion ? { on_new_version: onNewVersion } : {}) }));
  const reg = (await res.json()) as Json;
  assert.is(res.status, 201, JSON.stringify(reg));
  return { reg, token: new URL(reg.launch_url).searchParams.get('token')! };
}

function runtime(t: TestApp, regId: string, token: string) {
  const url = (path: string) => `${t.deliveryUrl}/runtime/${regId}${path}?token=${token}`;
  const call = async (path: string, init?: RequestInit) => {
    const res = await fetch(url(path), init);
    return { status: res.status, body: (res.status === 204 ? {} : await res.json()) as Json };
  };
  return {
    launch: () => call(''),
    open: (item: string) => call('/attempts', post({ item })),
    commit: (body: Json) => call('/commit', post(body)),
    saveState: (state: Json) => call('/sequencing-state', post({ state }, 'PUT')),
  };
}

/** Mid-course on v1: lesson a suspended with suspend data, b completed, c started. */
async function midCourse(t: TestApp, regId: string, token: string) {
  const rt = runtime(t, regId, token);
  assert.is((await rt.launch()).status, 200);
  const a = (await rt.open('a')).body;
  const suspend = { exit: 'suspend', sessionTime: '0000:01:00.00', sessionTimeReported: true };
  const committed = await rt.commit({ session_id: a.session_id, item: 'a', attempt: 1, sequence: 1, reason: 'terminate', end: suspend, changes: [['cmi.suspend_data', 'page=7'], ['cmi.core.lesson_location', 'p7'], ['cmi.core.exit', 'suspend']] });
  assert.equal(committed.body, { ok: true, applied: true, sequence: 1 });
  const b = (await rt.open('b')).body;
  await rt.commit({ session_id: b.session_id, item: 'b', attempt: 1, sequence: 1, reason: 'terminate', end: { exit: 'normal', sessionTime: '0000:02:00.00', sessionTimeReported: true }, changes: [['cmi.core.lesson_status', 'completed']] });
  const c = (await rt.open('c')).body;
  await rt.commit({ session_id: c.session_id, item: 'c', attempt: 1, sequence: 1, reason: 'commit', changes: [['cmi.core.lesson_location', 'c-1']] });
  assert.is((await rt.saveState({ current: 'c' })).status, 204);
}

async function uploadVersion(t: TestApp, packageId: string, zip: Buffer): Promise<Json> {
  const res = await t.admin(`/api/v1/packages/${packageId}/versions`, zipBody(zip));
  const accepted = (await res.json()) as Json;
  assert.is(res.status, 202, JSON.stringify(accepted));
  const socket = openJobSocket(`${t.wsUrl}${accepted.ws_url}?token=${TEST_ADMIN_TOKEN}`);
  const ended = await socket.until((job) => ['completed', 'failed', 'cancelled'].includes(job.status));
  await socket.closed;
  return ended;
}

const fileOf = async (t: TestApp, launch: Json, path: string) => {
  const res = await fetch(`${t.deliveryUrl}${launch.content_base}${path}`);
  return { status: res.status, text: await res.text() };
};

const itemIds = (launch: Json) => (launch.package.organization.items as Json[]).map((i) => i.identifier);

const kinds = testDatabaseKinds().flatMap((kind) => [{ kind, s3: false }, { kind, s3: true }]);
for (const { kind, s3 } of kinds) {
  const test = suite<{ t: TestApp; s3rver?: RunningS3rver; pkg: Json }>(`package versions (${kind}, ${s3 ? 's3rver' : 'local'})`);
  test.before(async (ctx) => {
    if (s3) ctx.s3rver = await startS3rver();
    ctx.t = await startTestApp(kind, ctx.s3rver ? { s3: ctx.s3rver } : {});
  });
  test.after(async (ctx) => {
    await ctx.t?.stop();
    await ctx.s3rver?.stop();
  });

  test('keep, restart and migrate at the next launch after v2; new registrations on v2; v1 cleaned up when unused', async ({ t }) => {
    const v1 = (await uploadZip(t, courseV1())).body;
    assert.is(v1.current_version, 1);
    assert.is(v1.on_new_version, 'keep');
    const learners = {
      keep: await register(t, v1.id, 'r-keep'),
      restart: await register(t, v1.id, 'r-restart', 'restart'),
      migrate: await register(t, v1.id, 'r-migrate', 'migrate'),
    };
    for (const [id, { token }] of Object.entries(learners)) await midCourse(t, `r-${id}`, token);

    const job = await uploadVersion(t, v1.id, courseV2());
    assert.is(job.status, 'completed', JSON.stringify(job.error));
    assert.is(job.package_id, v1.id, 'the job names the package it added a version to');

    const versions = (await (await t.admin(`/api/v1/packages/${v1.id}/versions`)).json()) as Json;
    assert.equal(versions.items.map((v: Json) => [v.version_number, v.current, v.registrations]), [[2, true, 0], [1, false, 3]]);
    const diff = versions.items[0].diff;
    assert.is(diff.from_version, 1);
    assert.equal(diff.items_added.map((i: Json) => i.identifier), ['d']);
    assert.equal(diff.items_removed.map((i: Json) => i.identifier), ['c']);
    assert.equal(diff.launch_url_changed, [{ identifier: 'a', title: 'Lesson a', from: 'a.html', to: 'a2.html' }]);
    assert.is(diff.structure_changed, true);
    assert.is(versions.items[1].diff, null);
    const pkg = (await (await t.admin(`/api/v1/packages/${v1.id}`)).json()) as Json;
    assert.is(pkg.current_version, 2);
    assert.is(pkg.version, '1.2', 'version still names the SCORM version');

    // Nobody moves before launching.
    for (const id of ['r-keep', 'r-restart', 'r-migrate']) {
      const reg = (await (await t.admin(`/api/v1/registrations/${id}`)).json()) as Json;
      assert.is(reg.package_version, 1, id);
    }

    // keep: still v1, its progress and its files.
    const kept = (await runtime(t, 'r-keep', learners.keep.token).launch()).body;
    assert.equal(itemIds(kept), ['a', 'b', 'c']);
    assert.is(kept.scos.a.suspended, true);
    assert.equal(kept.sequencing_state, { current: 'c' });
    assert.match((await fileOf(t, kept, 'c.html')).text, 'v1 lesson c');
    const keptReg = (await (await t.admin('/api/v1/registrations/r-keep')).json()) as Json;
    assert.equal([keptReg.package_version, keptReg.effective_on_new_version, keptReg.version_change], [1, 'keep', null]);

    // restart: v2 from the beginning; the v1 attempts stay (for the report) but are not its progress.
    const restarted = (await runtime(t, 'r-restart', learners.restart.token).launch()).body;
    assert.equal(itemIds(restarted), ['a', 'b', 'd']);
    assert.equal(restarted.scos, {});
    assert.is(restarted.sequencing_state, null);
    assert.match((await fileOf(t, restarted, 'a2.html')).text, 'v2 lesson a');
    const reopened = (await runtime(t, 'r-restart', learners.restart.token).open('a')).body;
    assert.equal([reopened.attempt, reopened.context.entry], [2, 'ab-initio']);
    const restartReg = (await (await t.admin('/api/v1/registrations/r-restart')).json()) as Json;
    assert.is(restartReg.package_version, 2);
    assert.is(restartReg.attempt, 2);
    assert.is(restartReg.version_change.policy, 'restart');
    assert.is(restartReg.scos.find((s: Json) => s.item_identifier === 'b').completion_status, 'not attempted');
    const restartCmi = (await (await t.admin('/api/v1/registrations/r-restart/cmi')).json()) as Json;
    const archivedA = restartCmi.scos.find((s: Json) => s.item_identifier === 'a').attempts;
    assert.equal(archivedA.map((x: Json) => [x.attempt, x.archived]), [[1, true], [2, false]], 'the v1 attempt is kept');

    // migrate: v2, SCO data carried for a and b, c reported as gone, navigation state cleared (the tree changed).
    const migrated = (await runtime(t, 'r-migrate', learners.migrate.token).launch()).body;
    assert.equal(itemIds(migrated), ['a', 'b', 'd']);
    assert.equal(Object.keys(migrated.scos).sort(), ['a', 'b']);
    assert.is(migrated.scos.a.suspended, true);
    assert.is(migrated.scos.b.lesson_status, 'completed');
    assert.is(migrated.sequencing_state, null);
    const resumed = (await runtime(t, 'r-migrate', learners.migrate.token).open('a')).body;
    assert.equal([resumed.attempt, resumed.context.entry], [1, 'resume']);
    assert.is(resumed.context.priorState.values['cmi.suspend_data'], 'page=7');
    const migrateReg = (await (await t.admin('/api/v1/registrations/r-migrate')).json()) as Json;
    assert.is(migrateReg.package_version, 2);
    assert.equal(migrateReg.version_change.items_removed, [{ identifier: 'c', title: 'Lesson c' }]);
    assert.equal(migrateReg.version_change.items_carried.sort(), ['a', 'b']);
    assert.is(migrateReg.version_change.sequencing_state, 'cleared');
    assert.is(migrateReg.scos.find((s: Json) => s.item_identifier === 'b').completion_status, 'completed');
    // A second launch moves nothing again.
    assert.equal(Object.keys((await runtime(t, 'r-migrate', learners.migrate.token).launch()).body.scos).sort(), ['a', 'b']);
    assert.equal(((await (await t.admin('/api/v1/registrations/r-migrate')).json()) as Json).version_change, migrateReg.version_change);

    // New registrations get v2.
    const fresh = await register(t, v1.id, 'r-new');
    assert.is(fresh.reg.package_version, 2);
    assert.equal(itemIds((await runtime(t, 'r-new', fresh.token).launch()).body), ['a', 'b', 'd']);

    // v1 is still used by r-keep: the cleanup leaves it, and it keeps serving.
    const versionStore = createSqlPackageVersionStore(t.database.db);
    const cleanup = { versions: versionStore, blobs: t.blobs };
    assert.equal(await cleanUpOldVersions(cleanup, 0), []);
    assert.is((await fileOf(t, kept, 'c.html')).status, 200);

    // The last v1 learner moves (its own policy changed to migrate, then a launch): v1 goes.
    const patched = await t.admin('/api/v1/registrations/r-keep', post({ on_new_version: 'migrate' }, 'PATCH'));
    assert.is(((await patched.json()) as Json).on_new_version, 'migrate');
    assert.is((await runtime(t, 'r-keep', learners.keep.token).launch()).body.package.organization.items.length, 3);
    assert.equal(await cleanUpOldVersions(cleanup, 10 * 60_000), [], 'not within the grace period');
    // Two workers' passes at once (the second over a connection pool of its own): v1 removed once, no error.
    const otherPool = await openDatabase(t.database.config);
    try {
      const passes = await Promise.all([cleanUpOldVersions(cleanup, 0), cleanUpOldVersions({ versions: createSqlPackageVersionStore(otherPool), blobs: t.blobs }, 0)]);
      assert.equal(passes.flat(), [v1.id], "v1's content id is the package id");
    } finally {
      await otherPool.destroy();
    }
    const left: string[] = [];
    for await (const entry of t.blobs.list(v1.id)) left.push(entry.path);
    assert.equal(left, [], 'no v1 file left in storage');
    // The old page's content token named v1: refused (or, within the access cache's seconds, not found).
    assert.ok([401, 404].includes((await fileOf(t, kept, 'c.html')).status));
    assert.equal(await cleanUpOldVersions(cleanup, 0), [], 'a second pass finds nothing');
    const after = (await (await t.admin(`/api/v1/packages/${v1.id}/versions`)).json()) as Json;
    assert.equal(after.items.map((v: Json) => [v.version_number, v.content_removed]), [[2, false], [1, true]]);
    assert.match((await fileOf(t, (await runtime(t, 'r-new', fresh.token).launch()).body, 'a2.html')).text, 'v2 lesson a');

    // Reports and the SCO list read the current version.
    const report = await t.admin(`/api/v1/packages/${v1.id}/report`);
    assert.is(report.status, 200);

    // Deleting the package deletes every version's content.
    const v2Content = String((await t.database.db('packages').where({ id: v1.id }).first('current_content_id')).current_content_id);
    assert.is((await t.admin(`/api/v1/packages/${v1.id}?force=true`, { method: 'DELETE' })).status, 204);
    const remaining: string[] = [];
    for await (const entry of t.blobs.list(v2Content)) remaining.push(entry.path);
    assert.equal(remaining, []);
    assert.equal(await t.database.db('package_versions').where({ package_id: v1.id }), []);
  });

  test('the package default policy (PATCH) applies to registrations without their own', async ({ t }) => {
    const v1 = (await uploadZip(t, courseV1())).body;
    const patched = await t.admin(`/api/v1/packages/${v1.id}`, post({ on_new_version: 'restart' }, 'PATCH'));
    assert.is(patched.status, 200);
    assert.is(((await patched.json()) as Json).on_new_version, 'restart');
    const { token } = await register(t, v1.id, 'r-default');
    await midCourse(t, 'r-default', token);
    assert.is((await uploadVersion(t, v1.id, courseV2())).status, 'completed');
    const launched = (await runtime(t, 'r-default', token).launch()).body;
    assert.equal(launched.scos, {});
    const reg = (await (await t.admin('/api/v1/registrations/r-default')).json()) as Json;
    assert.equal([reg.package_version, reg.on_new_version, reg.effective_on_new_version, reg.version_change.policy], [2, null, 'restart', 'restart']);
  });

  test('bad input: missing package 404, bad policy 400, a failing v2 leaves v1 untouched', async ({ t }) => {
    const missing = await t.admin('/api/v1/packages/no-such-package/versions', zipBody(courseV2()));
    assert.is(missing.status, 404);
    assert.is(((await missing.json()) as Json).error.code, 'PACKAGE_NOT_FOUND');
    assert.is(((await (await t.admin('/api/v1/packages/no-such-package/versions')).json()) as Json).error.code, 'PACKAGE_NOT_FOUND');

    const v1 = (await uploadZip(t, courseV1())).body;
    for (const bad of ['sometimes', 3, null]) {
      const res = await t.admin(`/api/v1/packages/${v1.id}`, post({ on_new_version: bad }, 'PATCH'));
      assert.is(res.status, 400, String(bad));
      assert.is(((await res.json()) as Json).error.code, 'INVALID_VERSION_POLICY');
    }
    const badReg = await t.admin('/api/v1/registrations', post({ package_id: v1.id, learner: { id: 'x' }, on_new_version: 'later' }));
    assert.is(badReg.status, 400);
    assert.is(((await badReg.json()) as Json).error.code, 'INVALID_VERSION_POLICY');
    const { token } = await register(t, v1.id, 'r-bad');
    const badPatch = await t.admin('/api/v1/registrations/r-bad', post({ on_new_version: 'soon' }, 'PATCH'));
    assert.is(badPatch.status, 400);
    assert.is((await t.admin('/api/v1/registrations/nobody', post({ on_new_version: 'keep' }, 'PATCH'))).status, 404);

    const failed = await uploadVersion(t, v1.id, brokenCourse());
    assert.is(failed.status, 'failed');
    assert.is(failed.error.code, 'MANIFEST_MISSING');
    const versions = (await (await t.admin(`/api/v1/packages/${v1.id}/versions`)).json()) as Json;
    assert.equal(versions.items.map((v: Json) => v.version_number), [1]);
    assert.is(((await (await t.admin(`/api/v1/packages/${v1.id}`)).json()) as Json).current_version, 1);
    const launched = (await runtime(t, 'r-bad', token).launch()).body;
    assert.match((await fileOf(t, launched, 'a.html')).text, 'v1 lesson a');
    // The failed job left nothing of its own behind.
    const jobRow = await t.database.db('import_jobs').where({ version_of: v1.id }).first('package_id');
    const stray: string[] = [];
    for await (const entry of t.blobs.list(String(jobRow.package_id))) stray.push(entry.path);
    assert.equal(stray, []);
  });

  test.run();
}
