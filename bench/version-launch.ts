// Bench: what package versions add to a launch. The player's launch data read directly (the
// baseline, as before versions), the same read after the version check (no newer version: one
// primary-key read), and a launch that migrates the registration onto v2 (plan + one guarded
// write), each per launch, measured in the same run.
// Run: node --import tsx bench/version-launch.ts [launches]   (TEST_DATABASE_URL: on MySQL too)
import { createSqlPackageStore } from '../server/db/sql-package-store.ts';
import { createSqlPackageVersionStore } from '../server/db/sql-package-version-store.ts';
import { createSqlRegistrationStore } from '../server/db/sql-registration-store.ts';
import { createSqlSessionStore } from '../server/db/sql-session-store.ts';
import { createRuntimeService } from '../server/runtime/runtime-service.ts';
import { createVersionMover } from '../server/runtime/version-mover.ts';
import { testDatabaseKinds } from '../test/helpers/databases.ts';
import { startTestApp } from '../test/helpers/test-app.ts';
import { uploadZip } from '../test/helpers/uploads.ts';
import { courseV1, courseV2 } from '../test/versions/course-zips.ts';

const launches = Number(process.argv[2] ?? 300);
const claims = { mode: 'normal', credit: 'credit' } as const;

for (const kind of testDatabaseKinds()) {
  const t = await startTestApp(kind, { worker: true });
  try {
    const db = t.database.db;
    const packages = createSqlPackageStore(db);
    const versions = createSqlPackageVersionStore(db);
    const registrations = createSqlRegistrationStore(db);
    const sessions = createSqlSessionStore(db);
    const runtime = createRuntimeService({ sessions, packages, versions, registrations });
    const mover = createVersionMover({ versions, registrations, sessions });
    const v1 = (await uploadZip(t, courseV1())).body;
    const ids: string[] = [];
    for (let i = 0; i < launches; i++) {
      const id = `bench-${i}`;
      await registrations.createOrFind({ id, packageId: v1.id, learner: { id: `u${i}`, name: 'U' }, commentsFromLms: [], contentId: v1.id, versionNumber: 1, onNewVersion: 'migrate' });
      for (const item of ['a', 'b', 'c']) await runtime.openAttempt((await registrations.get(id))!, claims, item);
      ids.push(id);
    }
    const timed = async (label: string, each: (id: string) => Promise<unknown>) => {
      const started = performance.now();
      for (const id of ids) await each(id);
      const ms = (performance.now() - started) / ids.length;
      console.log(`${kind}: ${label.padEnd(48)} ${ms.toFixed(3)} ms per launch (${ids.length} launches)`);
    };
    // Alternated, three rounds each, so a busy machine's drift falls on both.
    for (let round = 1; round <= 3; round++) {
      await timed(`baseline: launch data only (round ${round})`, async (id) => runtime.launchData((await registrations.get(id))!, claims, '/c/', 30));
      await timed(`after the version check, no v2 (round ${round})`, async (id) => runtime.launchData(await mover.atLaunch((await registrations.get(id))!), claims, '/c/', 30));
    }
    const v2 = await t.admin(`/api/v1/packages/${v1.id}/versions?wait=true`, { method: 'POST', body: new Uint8Array(courseV2()), headers: { 'content-type': 'application/zip' } });
    if (v2.status !== 201) throw new Error(`v2 upload answered ${v2.status}`);
    await timed('launch that migrates onto v2 (3 SCOs, 1 gone)', async (id) => runtime.launchData(await mover.atLaunch((await registrations.get(id))!), claims, '/c/', 30));
    await timed('launch data after the move (on v2)', async (id) => runtime.launchData(await mover.atLaunch((await registrations.get(id))!), claims, '/c/', 30));
  } finally {
    await t.stop();
  }
}
