// The SQL session store passes the session store contract on each database.
import { createOutboxStore } from '../../server/db/outbox-store.ts';
import { createSqlSessionStore } from '../../server/db/sql-session-store.ts';
import { createTestDatabase, testDatabaseKinds } from '../helpers/databases.ts';
import { sessionStoreContract } from './session-store-contract.ts';

for (const kind of testDatabaseKinds()) {
  sessionStoreContract(kind, async () => {
    const database = await createTestDatabase(kind);
    const { db } = database;
    return {
      // Every test uses registrations of its own, so one database serves the suite.
      target: () => ({
        store: createSqlSessionStore(db, Date.now, createOutboxStore(db, { routes: [{ sink: 'test', destinations: async () => ['anyone'] }], retryForMs: 1000 })),
        async addRegistration(id) {
          await db('registrations').insert({ id, package_id: 'pkg-1', learner_id: `l-${id}`, learner_name: 'L', comments_from_lms_json: '[]', attempt: 1, created_at: 1 });
        },
        async eventIds(orderingKey) {
          return (await db('outbox_events').where({ ordering_key: orderingKey }).orderBy('seq').select('id')).map((r: { id: string }) => r.id);
        },
      }),
      close: () => database.drop(),
    };
  });
}
