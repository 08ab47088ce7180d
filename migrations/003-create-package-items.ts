// The items of each package (all organizations), flattened in tree order, for reports and joins.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('package_items', (t) => {
    t.string('package_id', 36).notNullable();
    t.string('identifier', 255).notNullable();
    t.string('organization', 255).notNullable();
    t.string('parent_identifier', 255).nullable();
    t.integer('position').notNullable(); // pre-order index within the package
    t.integer('depth').notNullable();
    t.string('title', 1000).notNullable();
    t.string('resource_identifier', 255).nullable();
    t.string('scorm_type', 8).nullable(); // sco | asset
    t.text('launch_url').nullable();
    t.primary(['package_id', 'identifier']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('package_items');
}
