// Several processes starting at once on one empty database (a scale-out deployment rolling out):
// every one brings the schema up to date without failing, and each migration runs once.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DatabaseConfig } from '../../server/config.ts';
import { migrateToLatest, openDatabase } from '../../server/db/connect.ts';
import { migrationSource } from '../../server/db/migration-source.ts';
import { testDatabaseKinds } from '../helpers/databases.ts';

function emptyDatabase(kind: 'sqlite' | 'mysql'): { config: DatabaseConfig; cleanup: () => void } {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'scorm-migrate-'));
    return { config: { client: 'sqlite', filename: join(dir, 'db.sqlite') }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const url = new URL(process.env.TEST_DATABASE_URL!);
  const database = `scorm_migrate_${randomBytes(5).toString('hex')}`;
  url.pathname = `/${database}`;
  return { config: { client: 'mysql', url: url.toString(), database }, cleanup: () => undefined };
}

for (const kind of testDatabaseKinds()) {
  const test = suite(`migrations started by three processes at once (${kind})`);

  test('all three succeed and each migration runs once', async () => {
    const { config, cleanup } = emptyDatabase(kind);
    // Three knex instances with their own pools stand for three processes.
    const dbs = await Promise.all([0, 1, 2].map(() => openDatabase(config)));
    try {
      const results = await Promise.allSettled(dbs.map((db) => migrateToLatest(db)));
      assert.equal(results.map((r) => (r.status === 'fulfilled' ? 'ok' : String(r.reason))), ['ok', 'ok', 'ok']);
      const names = (await dbs[0]!('knex_migrations').pluck('name')).map(String);
      const expected = (await migrationSource.getMigrations([])).map((m) => migrationSource.getMigrationName(m));
      assert.equal([...names].sort(), [...expected].sort());
    } finally {
      if (config.client === 'mysql') await dbs[0]!.raw('DROP DATABASE IF EXISTS ??', [config.database]);
      await Promise.all(dbs.map((db) => db.destroy()));
      cleanup();
    }
  });

  test.run();
}
