// Opens the database named by the configuration (SQLite file or MySQL/MariaDB) and brings its
// schema up to date. Every SQL statement of the product lives in a store under server/db/.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knex, { type Knex } from 'knex';
import type { DatabaseConfig } from '../config.ts';
import { migrationSource } from './migration-source.ts';
import { immediateSqliteClient } from './sqlite-client.ts';

export type Db = Knex | Knex.Transaction;

export async function openDatabase(config: DatabaseConfig): Promise<Knex> {
  if (config.client === 'mysql') {
    await ensureMysqlDatabase(config);
    return knex(mysqlOptions(config));
  }
  if (config.filename !== ':memory:') mkdirSync(dirname(config.filename), { recursive: true });
  return knex(sqliteOptions(config.filename));
}

export function sqliteOptions(filename: string): Knex.Config {
  return {
    // better-sqlite3, with transactions that take the write lock first (sqlite-client.ts).
    client: immediateSqliteClient,
    connection: { filename },
    useNullAsDefault: true,
    // One connection: SQLite has one writer anyway, and a shared connection keeps
    // transactions from waiting on each other's locks (SQLITE_BUSY).
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { pragma(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
        conn.pragma('journal_mode = WAL');
        // FULL: a transaction's WAL frames are fsynced at its commit, so a commit answered 200
        // survives power loss. better-sqlite3 is built with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1,
        // which opens a file that is already in WAL mode (every start but the first) at NORMAL:
        // synced only at checkpoints, so the last transactions could be lost with the machine.
        conn.pragma('synchronous = FULL');
        conn.pragma('foreign_keys = ON');
        conn.pragma('busy_timeout = 5000');
        done(null, conn);
      },
    },
    migrations: { migrationSource },
  };
}

export function mysqlOptions(config: Extract<DatabaseConfig, { client: 'mysql' }>): Knex.Config {
  return {
    client: 'mysql2',
    connection: {
      uri: config.url,
      // No charset here on purpose: knex would add "DEFAULT CHARACTER SET" to every CREATE
      // TABLE, which resets the collation to the charset's case-insensitive default. Tables
      // inherit the database's utf8mb4_bin instead (SCORM identifiers are case-sensitive xs:IDs:
      // "Activity" and "activity" are two items). mysql2 talks utf8mb4 by default.
      timezone: 'Z',
      dateStrings: false,
      supportBigNumbers: true,
      bigNumberStrings: false,
    } as Knex.MySql2ConnectionConfig,
    pool: {
      min: 0,
      max: 20,
      // READ COMMITTED: job claims with SKIP LOCKED deadlock under REPEATABLE READ.
      afterCreate(conn: { query(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) {
        conn.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED', (err) => {
          if (err) return done(err, conn);
          conn.query("SET time_zone = '+00:00'", (tzErr) => done(tzErr, conn));
        });
      },
    },
    migrations: { migrationSource },
  };
}

/** `npm start` with a fresh MySQL URL should just work: create the database if it is missing. */
async function ensureMysqlDatabase(config: Extract<DatabaseConfig, { client: 'mysql' }>): Promise<void> {
  const url = new URL(config.url);
  url.pathname = '/';
  const admin = knex({ client: 'mysql2', connection: { uri: url.toString() } as Knex.MySql2ConnectionConfig, pool: { min: 0, max: 1 } });
  try {
    await admin.raw('CREATE DATABASE IF NOT EXISTS ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_bin', [config.database]);
  } finally {
    await admin.destroy();
  }
}

/**
 * Brings the schema up to date. Several processes starting at once on one MySQL database would
 * race: knex creates its bookkeeping tables without a lock, and MySQL commits DDL implicitly, so
 * knex's own lock does not queue the others ("table already exists", "already locked"). A named
 * lock (GET_LOCK) held on one connection lets one process migrate while the others wait, then
 * find nothing left to do; the server frees it if that process dies.
 */
export async function migrateToLatest(db: Knex, waitSeconds = 300): Promise<void> {
  if (db.client.config.client !== 'mysql2') return migrateSqlite(db, waitSeconds);
  const conn = await db.client.acquireConnection();
  try {
    const [[{ name }]] = (await db.raw('SELECT DATABASE() AS name').connection(conn)) as [[{ name: string }]];
    const lock = `scorm-migrate:${name}`.slice(0, 64);
    const [[{ got }]] = (await db.raw('SELECT GET_LOCK(?, ?) AS got', [lock, waitSeconds]).connection(conn)) as [[{ got: number | null }]];
    if (Number(got) !== 1) throw new Error(`Another process held the migration lock "${lock}" for ${waitSeconds} s; is a migration stuck?`);
    try {
      await db.migrate.latest();
    } finally {
      await db.raw('SELECT RELEASE_LOCK(?)', [lock]).connection(conn);
    }
  } finally {
    await db.client.releaseConnection(conn);
  }
}

/**
 * SQLite (processes of one host on one file): knex's bookkeeping tables and lock are created
 * without waiting for each other, and a migration's transaction can hold the write lock longer
 * than busy_timeout, so a process that loses either race retries until the winner is done (it
 * then finds nothing left to do).
 */
async function migrateSqlite(db: Knex, waitSeconds: number): Promise<void> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    try {
      await db.migrate.latest();
      return;
    } catch (error) {
      // SQLITE_BUSY (in the error's code, not its text): another process's migration held the
      // write lock past busy_timeout.
      const busy = (error as { code?: string }).code?.startsWith('SQLITE_BUSY') === true;
      const raced = busy || (error as Error).name === 'MigrationLocked' || /knex_migrations\w*` already exists/.test(String(error));
      if (!raced || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
}

export async function checkDatabase(db: Knex): Promise<boolean> {
  try {
    await db.raw('select 1');
    return true;
  } catch {
    return false;
  }
}
