// SCORM 2004 4th Edition shared data (adl.data, CAM adlcp:data/adlcp:map): one bucket per
// registration and targetID, read and written by every SCO that maps it.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  const big = knex.client.config.client === 'mysql2' ? 'MEDIUMTEXT' : 'TEXT';
  await knex.schema.createTable('shared_data', (t) => {
    t.string('registration_id', 64).notNullable();
    t.string('package_id', 36).notNullable();
    t.string('target_id', 255).notNullable();
    t.specificType('value', big).notNullable();
    t.bigInteger('updated_at').notNullable();
    t.primary(['registration_id', 'target_id']);
    t.index(['package_id'], 'shared_data_package_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('shared_data');
}
