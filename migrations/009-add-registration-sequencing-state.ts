// The player's navigation state of a registration (suspended activity, tracking), saved as JSON.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  const big = knex.client.config.client === 'mysql2' ? 'MEDIUMTEXT' : 'TEXT';
  await knex.schema.alterTable('registrations', (t) => {
    t.specificType('sequencing_state_json', big).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.dropColumn('sequencing_state_json');
  });
}
