// Interactions of each attempt as rows (cmi.interactions.n), for reports per question.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  const big = knex.client.config.client === 'mysql2' ? 'MEDIUMTEXT' : 'TEXT';
  await knex.schema.createTable('scorm_interactions', (t) => {
    t.string('session_row_id', 36).notNullable();
    t.integer('position').notNullable();
    t.string('package_id', 36).notNullable();
    t.string('registration_id', 64).notNullable();
    t.string('item_identifier', 255).notNullable();
    // long_identifier_type is up to 4000 characters (2004 RTE 4.2.9.1); the key for grouping is a prefix.
    t.string('interaction_key', 255).notNullable();
    t.text('interaction_id').notNullable();
    t.string('type', 32).nullable();
    t.specificType('learner_response', big).nullable();
    t.string('result', 32).nullable();
    t.double('weighting').nullable();
    t.string('latency', 32).nullable();
    t.string('timestamp', 32).nullable();
    t.text('description').nullable();
    t.text('correct_responses_json').nullable();
    t.primary(['session_row_id', 'position']);
    t.index(['package_id', 'item_identifier', 'interaction_key'], 'interactions_report_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('scorm_interactions');
}
