// Feeds knex the TypeScript migrations in migrations/, in file-name order, by importing them
// directly (so the same files run at start-up and through knexfile.ts under tsx).
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
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
    // A relative pattern, not a computed URL: the server bundle of `npm start`
    // (scripts/build-server.ts) then carries every migration, compiled, and needs no TypeScript
    // loader to run them. getMigrations has already checked the name.
    return (await import(`../../migrations/${name}`)) as Knex.Migration;
  },
};
