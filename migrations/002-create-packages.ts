// Imported packages: one row per completed import, with the parsed manifest kept as JSON.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('packages', (t) => {
    t.string('id', 36).primary();
    t.string('title', 1000).notNullable();
    t.string('version', 8).notNullable(); // 1.2 | 2004
    t.string('edition', 8).nullable(); // 2nd | 3rd | 4th
    t.string('schemaversion', 64).nullable();
    t.string('identifier', 255).notNullable();
    t.string('default_organization', 255).nullable();
    t.integer('sco_count').notNullable();
    t.integer('asset_count').notNullable();
    t.integer('file_count').notNullable();
    t.bigInteger('size_bytes').notNullable();
    t.string('storage', 16).notNullable(); // local | s3
    t.string('import_job_id', 36).notNullable();
    t.specificType('manifest_json', knex.client.config.client === 'mysql2' ? 'LONGTEXT' : 'TEXT').notNullable();
    t.text('diagnostics_json').notNullable();
    t.bigInteger('created_at').notNullable();
    t.index(['created_at'], 'packages_created_idx');
    t.unique(['import_job_id'], { indexName: 'packages_import_job_uq' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('packages');
}
