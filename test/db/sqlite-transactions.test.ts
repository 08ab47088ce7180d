// Two connections to one SQLite file, as two processes of one host have (server/db/sqlite-client.ts):
// a transaction holds the write lock from its BEGIN, so a transaction that reads and then
// writes is never refused for a write another connection made in between.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex, { type Knex } from 'knex';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sqliteOptions } from '../../server/db/connect.ts';

test('a transaction takes the write lock at BEGIN: the other connection waits, the read-then-write succeeds', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'scorm-sqlite-trx-'));
  const file = join(dir, 'shared.sqlite');
  const [mine, other]: Knex[] = [knex(sqliteOptions(file)), knex(sqliteOptions(file))];
  try {
    await mine.schema.createTable('counters', (t) => {
      t.string('id').primary();
      t.integer('n');
    });
    await mine('counters').insert({ id: 'a', n: 0 });
    // The other connection does not wait here (better-sqlite3 would block this thread, which holds the lock).
    await other.raw('pragma busy_timeout = 0');
    await mine.transaction(async (trx) => {
      const { n } = (await trx('counters').where({ id: 'a' }).first())!;
      // Under a deferred BEGIN this write went through, and the update below failed with SQLITE_BUSY.
      const refused = await other('counters').insert({ id: 'b', n: 1 }).then(() => 'written', (e: Error) => e.message);
      assert.match(refused, /database is locked/);
      await trx('counters').where({ id: 'a' }).update({ n: n + 1 });
    });
    await other('counters').insert({ id: 'b', n: 1 });
    assert.equal(await other('counters').orderBy('id').select(), [{ id: 'a', n: 1 }, { id: 'b', n: 1 }]);
  } finally {
    await Promise.all([mine.destroy(), other.destroy()]);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every connection commits with synchronous FULL, also to a file that is already in WAL mode', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'scorm-sqlite-sync-'));
  const file = join(dir, 'durable.sqlite');
  const synchronous = async () => {
    const db = knex(sqliteOptions(file));
    try {
      const [row] = (await db.raw('pragma synchronous')) as Array<{ synchronous: number }>;
      const [mode] = (await db.raw('pragma journal_mode')) as Array<{ journal_mode: string }>;
      return `${mode!.journal_mode} ${row!.synchronous}`;
    } finally {
      await db.destroy();
    }
  };
  try {
    // The first open finds no WAL yet; the second is every later start of a server.
    assert.is(await synchronous(), 'wal 2');
    assert.is(await synchronous(), 'wal 2', 'a reopened WAL file is not left at NORMAL (1)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
