// The SQL launch store passes the launch store contract on each database.
import { createSqlLaunchStore } from '../../server/db/sql-launch-store.ts';
import { createTestDatabase, testDatabaseKinds } from '../helpers/databases.ts';
import { launchStoreContract } from './launch-store-contract.ts';

for (const kind of testDatabaseKinds()) {
  launchStoreContract(kind, async () => {
    const database = await createTestDatabase(kind);
    const { db } = database;
    return {
      // Every test uses launches and registrations of its own, so one database serves the suite.
      target: () => ({
        store: createSqlLaunchStore(db),
        async addRegistration(id, packageId) {
          await db('packages').insert({
            id: packageId, title: 'P', version: '1.2', identifier: 'p', sco_count: 1, asset_count: 0, file_count: 1, size_bytes: 1,
            storage: 'local', import_job_id: `job-${packageId}`, manifest_json: '{}', diagnostics_json: '[]', created_at: 1,
          });
          await db('registrations').insert({ id, package_id: packageId, learner_id: `l-${id}`, learner_name: 'L', comments_from_lms_json: '[]', attempt: 1, created_at: 1 });
        },
      }),
      close: () => database.drop(),
    };
  });
}
