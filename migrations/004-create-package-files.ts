// Every file stored for a package. Paths can exceed what an index may hold on MySQL, so the key is
// a SHA-1 of the path.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('package_files', (t) => {
    t.string('package_id', 36).notNullable();
    t.string('path_hash', 40).notNullable();
    t.text('path').notNullable();
    t.bigInteger('size_bytes').notNullable();
    t.primary(['package_id', 'path_hash']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('package_files');
}
