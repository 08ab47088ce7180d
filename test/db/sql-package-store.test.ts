// The SQL package store passes the package store contract on each database.
import { createSqlPackageStore } from '../../server/db/sql-package-store.ts';
import { createTestDatabase, testDatabaseKinds } from '../helpers/databases.ts';
import { packageStoreContract } from './package-store-contract.ts';

for (const kind of testDatabaseKinds()) {
  packageStoreContract(kind, async () => {
    const database = await createTestDatabase(kind);
    const { db } = database;
    let registrations = 0;
    return {
      async target(clock) {
        for (const table of ['package_files', 'package_items', 'package_versions', 'packages', 'registrations']) await db(table).delete();
        const store = createSqlPackageStore(db, clock);
        return {
          store,
          add: (pkg) => db.transaction((trx) => store.insert(trx, pkg)),
          async addRegistration(packageId, learnerId) {
            await db('registrations').insert({ id: `r${++registrations}`, package_id: packageId, learner_id: learnerId, learner_name: 'L', comments_from_lms_json: '[]', attempt: 1, created_at: 1 });
          },
        };
      },
      close: () => database.drop(),
    };
  });
}
