// knex's better-sqlite3 client with transactions that begin IMMEDIATE.
//
// Processes of one host may share one SQLite file (web + worker, docs/deployment.md). knex
// begins transactions DEFERRED: a transaction that reads, then writes, asks for the write lock
// only at its first write, and in WAL mode that request fails at once with SQLITE_BUSY ("database
// is locked") when another process wrote since this one's read began: the busy timeout does not
// apply, since waiting cannot help a stale snapshot (sqlite.org/lang_transaction.html, "Read
// transactions versus write transactions"; sqlite.org/wal.html, "Sometimes Queries Return
// SQLITE_BUSY"). Seen as a 500 on an attempt opening and a failed outbox claim while two
// processes ran. BEGIN IMMEDIATE takes the write lock first, waiting busy_timeout for it, so a
// transaction never needs to upgrade. Within one process nothing changes: its one connection
// (connect.ts) runs one transaction at a time anyway.
import { createRequire } from 'node:module';
import type { Knex } from 'knex';

const require = createRequire(import.meta.url);

type Ctor = new (...args: any[]) => any;
const BetterSqliteClient = require('knex/lib/dialects/better-sqlite3/index.js') as Ctor;
const SqliteTransaction = require('knex/lib/dialects/sqlite3/execution/sqlite-transaction.js') as Ctor;

class ImmediateTransaction extends SqliteTransaction {
  begin(conn: unknown) {
    return this.query(conn, 'BEGIN IMMEDIATE;');
  }
}

export class ImmediateSqliteClient extends BetterSqliteClient {
  transaction(...args: unknown[]) {
    return new ImmediateTransaction(this, ...args);
  }
}

export const immediateSqliteClient = ImmediateSqliteClient as unknown as typeof Knex.Client;
