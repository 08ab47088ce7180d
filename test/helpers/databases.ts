// The databases a DB test runs against: SQLite always, and MySQL/MariaDB too when
// TEST_DATABASE_URL is set. Each one is fresh (its own file or database) and dropped afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import type { DatabaseConfig } from '../../server/config.ts';
import { migrateToLatest, openDatabase } from '../../server/db/connect.ts';

export interface TestDatabase {
  name: 'sqlite' | 'mysql';
  config: DatabaseConfig;
  db: Knex;
  drop(): Promise<void>;
}

export function testDatabaseKinds(): Array<'sqlite' | 'mysql'> {
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'mysql'] : ['sqlite'];
}

export async function createTestDatabase(kind: 'sqlite' | 'mysql'): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'scorm-test-db-'));
    const config: DatabaseConfig = { client: 'sqlite', filename: join(dir, 'test.sqlite') };
    const db = await openDatabase(config);
    await migrateToLatest(db);
    return {
      name: kind,
      config,
      db,
      async drop() {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const base = new URL(process.env.TEST_DATABASE_URL!);
  const database = `scorm_test_${randomBytes(5).toString('hex')}`;
  base.pathname = `/${database}`;
  const config: DatabaseConfig = { client: 'mysql', url: base.toString(), database };
  const db = await openDatabase(config); // creates the database
  await migrateToLatest(db);
  return {
    name: kind,
    config,
    db,
    async drop() {
      await db.raw('DROP DATABASE IF EXISTS ??', [database]);
      await db.destroy();
    },
  };
}
