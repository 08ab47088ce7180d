// Feeds knex the TypeScript migrations in migrations/, in file-name order, by importing them
// directly (so the same files run at start-up and through knexfile.ts under tsx).
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Knex } from 'knex';

const directory = resolve(import.meta.dirname, '../../migrations');

export const migrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    return readdirSync(directory)
      .filter((name) => /^\d{3}-[\w-]+\.ts$/.test(name))
      .sort();
  },
  getMigrationName(name) {
    return name;
  },
  async getMigration(name) {
    return (await import(pathToFileURL(join(directory, name)).href)) as Knex.Migration;
  },
};
