// The group writer's multi-statement connection (server/db/multi-statement.ts), on MySQL only:
// results in statement order across packets, a failing statement fails the call, one holder at
// a time, and the pool serves when the connection cannot be had. SQLite has none.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import knex from 'knex';
import { mysqlOptions } from '../../server/db/connect.ts';
import { multiStatementConnection } from '../../server/db/multi-statement.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/databases.ts';

const test = suite<{ database: TestDatabase }>('multi-statement connection');
const mysql = testDatabaseKinds().includes('mysql');

test.before(async (ctx) => {
  if (mysql) ctx.database = await createTestDatabase('mysql');
});
test.after(async (ctx) => ctx.database?.drop());

test('SQLite has no multi-statement connection', async () => {
  const sqlite = await createTestDatabase('sqlite');
  try {
    assert.is(multiStatementConnection(sqlite.db), undefined);
  } finally {
    await sqlite.drop();
  }
});

if (mysql) {
  test('statements run in order, one result each, across packets of at most 4 MB', async ({ database }) => {
    const { db } = database;
    await db.schema.createTable('ms_probe', (t) => {
      t.integer('id').primary();
      t.text('v', 'mediumtext');
    });
    const lease = (await multiStatementConnection(db)!.take())!;
    try {
      // Five 1 MB values (2 MB each by the packet's count of UTF-16 bytes): three packets.
      const big = 'x'.repeat(1024 * 1024);
      const statements = [
        ...[1, 2, 3, 4, 5].map((id) => db('ms_probe').insert({ id, v: big }).toSQL()),
        db('ms_probe').where('id', '>', 3).update({ v: 'small' }).toSQL(),
        db('ms_probe').orderBy('id').select('id', db.raw('LENGTH(v) AS n')).toSQL(),
      ];
      const results = await lease.run(statements);
      assert.is(results.length, 7);
      assert.equal(results.slice(0, 5).map((r) => (r as { affectedRows: number }).affectedRows), [1, 1, 1, 1, 1]);
      assert.is((results[5] as { affectedRows: number }).affectedRows, 2);
      assert.equal((results[6] as Array<{ id: number; n: number }>).map((r) => [r.id, Number(r.n)]), [[1, 1024 * 1024], [2, 1024 * 1024], [3, 1024 * 1024], [4, 5], [5, 5]]);
    } finally {
      lease.release();
    }
  });

  test('a failing statement fails the call and stops the packet there', async ({ database }) => {
    const { db } = database;
    const lease = (await multiStatementConnection(db)!.take())!;
    try {
      const err = await lease.run([db('ms_probe').where({ id: 1 }).update({ v: 'first' }).toSQL(), db('ms_probe').update({ no_such_column: 1 }).toSQL(), db('ms_probe').where({ id: 2 }).update({ v: 'never' }).toSQL()]).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof Error, 'the call throws');
      const rows = await db('ms_probe').whereIn('id', [1, 2]).orderBy('id').select('v');
      assert.equal(rows.map((r: { v: string }) => r.v.slice(0, 5)), ['first', 'xxxxx'], 'what came before ran (the caller rolls back), what came after did not');
      // The connection goes on serving.
      assert.equal(((await lease.run([db.raw('SELECT 1 AS one').toSQL()]))[0] as Array<{ one: number }>)[0]!.one, 1);
    } finally {
      lease.release();
    }
  });

  test('one holder at a time: a second caller is told to use the pool', async ({ database }) => {
    const holder = multiStatementConnection(database.db)!;
    const first = await holder.take();
    assert.ok(first);
    assert.is(await holder.take(), undefined);
    first!.release();
    const again = await holder.take();
    assert.ok(again);
    again!.release();
  });

  test('a server that cannot be reached leaves the pool to serve', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.port = '1';
    url.pathname = '/nowhere';
    const unreachable = knex(mysqlOptions({ client: 'mysql', url: url.toString(), database: 'nowhere' }));
    try {
      assert.is(await multiStatementConnection(unreachable)!.take(), undefined);
    } finally {
      await unreachable.destroy();
    }
  });
}

test.run();
