// Migration 018 on a database that already holds packages and registrations: each package
// becomes its own first version (content id = package id, so its items, files and stored content
// keep their keys), and each registration runs that version.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { migrateToLatest } from '../../server/db/connect.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/databases.ts';

const MIGRATION = '018-create-package-versions.ts';

for (const kind of testDatabaseKinds()) {
  const test = suite<{ database: TestDatabase }>(`migration 018 on existing rows (${kind})`);
  test.before(async (ctx) => {
    ctx.database = await createTestDatabase(kind);
  });
  test.after(async (ctx) => ctx.database?.drop());

  test('down, rows of the old shape, up again: first versions and registrations backfilled', async ({ database: { db } }) => {
    await db.migrate.down({ name: MIGRATION });
    assert.is(await db.schema.hasTable('package_versions'), false);
    await db('packages').insert({
      id: 'old-pkg', title: 'Old course', version: '2004', edition: '4th', schemaversion: '2004 4th Edition', identifier: 'M',
      default_organization: 'ORG', sco_count: 2, asset_count: 0, file_count: 3, size_bytes: 300, storage: 'local',
      import_job_id: 'old-job', manifest_json: '{"organizations":[],"resources":[],"metadata":null}', diagnostics_json: '[]', created_at: 1_700_000_000_000,
    });
    await db('registrations').insert({ id: 'old-reg', package_id: 'old-pkg', learner_id: 'u1', learner_name: 'U', comments_from_lms_json: '[]', attempt: 1, created_at: 1_700_000_000_000 });

    await migrateToLatest(db);
    const version = await db('package_versions').where({ content_id: 'old-pkg' }).first();
    assert.equal(
      [version.package_id, Number(version.version_number), version.import_job_id, version.title, version.scorm_version, Number(version.file_count), version.diff_json, version.superseded_at],
      ['old-pkg', 1, 'old-job', 'Old course', '2004', 3, null, null],
    );
    const pkg = await db('packages').where({ id: 'old-pkg' }).first();
    assert.equal([pkg.current_content_id, Number(pkg.current_version), pkg.on_new_version], ['old-pkg', 1, 'keep']);
    const reg = await db('registrations').where({ id: 'old-reg' }).first();
    assert.equal([reg.content_id, Number(reg.version_number), reg.on_new_version, reg.version_change_json], ['old-pkg', 1, null, null]);
  });

  test.run();
}
