// The SQL registration store passes the registration store contract on each database.
import { createSqlRegistrationStore } from '../../server/db/sql-registration-store.ts';
import { createTestDatabase, testDatabaseKinds } from '../helpers/databases.ts';
import { registrationStoreContract } from './registration-store-contract.ts';

for (const kind of testDatabaseKinds()) {
  registrationStoreContract(kind, async () => {
    const database = await createTestDatabase(kind);
    const { db } = database;
    return {
      async store(clock) {
        await db('registrations').delete();
        return createSqlRegistrationStore(db, clock);
      },
      close: () => database.drop(),
    };
  });
}
