// Per learner, per SCO, per attempt: the run-time data of one attempt, its derived columns for
// the API and reports, and the commit bookkeeping (current session, last sequence, row version).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  const big = knex.client.config.client === 'mysql2' ? 'MEDIUMTEXT' : 'TEXT';
  await knex.schema.createTable('scorm_user_sessions', (t) => {
    t.string('id', 36).primary();
    t.string('registration_id', 64).notNullable();
    t.string('package_id', 36).notNullable();
    t.string('item_identifier', 255).notNullable();
    t.integer('attempt').notNullable();
    t.string('version', 8).notNullable();
    t.string('lesson_status', 16).nullable(); // 1.2 only
    t.string('completion_status', 16).notNullable();
    t.string('success_status', 16).notNullable();
    t.double('score_raw').nullable();
    t.double('score_min').nullable();
    t.double('score_max').nullable();
    t.double('score_scaled').nullable();
    t.string('total_time', 32).notNullable();
    t.double('total_time_seconds').notNullable().defaultTo(0);
    t.double('session_time_seconds').notNullable().defaultTo(0);
    t.string('entry', 16).notNullable();
    t.string('exit_value', 16).notNullable().defaultTo('');
    t.text('location').nullable();
    t.specificType('suspend_data', big).nullable();
    t.specificType('data_json', big).notNullable();
    t.text('last_end_json').nullable();
    t.boolean('ended').notNullable().defaultTo(false);
    t.integer('session_count').notNullable().defaultTo(0);
    t.string('current_session_id', 36).nullable();
    t.integer('commit_sequence').notNullable().defaultTo(0);
    t.integer('row_version').notNullable().defaultTo(0);
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.unique(['registration_id', 'item_identifier', 'attempt'], { indexName: 'sessions_reg_item_attempt_uq' });
    t.index(['package_id', 'item_identifier'], 'sessions_package_item_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('scorm_user_sessions');
}
