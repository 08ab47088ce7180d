// The SQL registration store passes the registration store contract on each database, and reads
// a registration without the player's sequencing state kept in the same row.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
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

for (const kind of testDatabaseKinds()) {
  const test = suite(`sql registration store reads (${kind})`);
  test('get, getMany and list read the record\'s columns only, not the sequencing state beside them', async () => {
    const database = await createTestDatabase(kind);
    try {
      const { db } = database;
      const store = createSqlRegistrationStore(db, () => 1000);
      const { record } = await store.createOrFind({ id: 'r-seq', packageId: 'p-seq', learner: { id: 'l', name: 'L' }, commentsFromLms: [], contentId: 'p-seq', versionNumber: 1, onNewVersion: null, trace: false });
      await db('registrations').where({ id: 'r-seq' }).update({ sequencing_state_json: JSON.stringify({ tree: 'x'.repeat(10_000) }) });
      const sql: string[] = [];
      const listen = (q: { sql: string }) => sql.push(q.sql);
      db.on('query', listen);
      assert.equal(await store.get('r-seq'), record);
      assert.equal(await store.getMany(['r-seq']), [record]);
      assert.equal((await store.list({}, 10, 0)).items, [record]);
      db.off('query', listen);
      const reads = sql.filter((s) => /from [`"]registrations[`"]/i.test(s) && !/count\(/i.test(s));
      assert.is(reads.length, 3);
      for (const s of reads) assert.not.match(s, /\*|sequencing_state_json/, s);
    } finally {
      await database.drop();
    }
  });
  test.run();
}
