// Opens the database named by the configuration (SQLite file or MySQL/MariaDB) and brings its
// schema up to date. Every SQL statement of the product lives in a store under server/db/.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knex, { type Knex } from 'knex';
import type { DatabaseConfig } from '../config.ts';
import { migrationSource } from './migration-source.ts';

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
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    // One connection: SQLite has one writer anyway, and a shared connection keeps
    // transactions from waiting on each other's locks (SQLITE_BUSY).
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { pragma(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
        conn.pragma('journal_mode = WAL');
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
 * Brings the schema up to date. Several processes starting at once on one MySQL database race
 * for knex's migration lock; MySQL commits DDL implicitly, so the loser is not queued behind the
 * winner's transaction but told "already locked" (MigrationLocked). It waits and tries again
 * (then finds nothing left to do); only a lock held past `waitMs` (a process killed mid-migration
 * leaves it set) stops start-up.
 */
export async function migrateToLatest(db: Knex, waitMs = 120_000): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await db.migrate.latest();
      return;
    } catch (error) {
      if ((error as Error).name !== 'MigrationLocked' || Date.now() > deadline) {
        if ((error as Error).name === 'MigrationLocked') {
          throw new Error(
            `The migration lock stayed taken for ${waitMs / 1000} s. If no other process is migrating, a migration was interrupted: check the schema, then UPDATE knex_migrations_lock SET is_locked = 0.`,
          );
        }
        throw error;
      }
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
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
