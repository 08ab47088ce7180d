// Objectives of each attempt as rows (cmi.objectives.n), for reports.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('scorm_objectives', (t) => {
    t.string('session_row_id', 36).notNullable();
    t.integer('position').notNullable();
    t.string('package_id', 36).notNullable();
    t.string('registration_id', 64).notNullable();
    t.string('item_identifier', 255).notNullable();
    t.text('objective_id').notNullable();
    t.string('success_status', 16).nullable();
    t.string('completion_status', 16).nullable();
    t.double('score_scaled').nullable();
    t.double('score_raw').nullable();
    t.double('score_min').nullable();
    t.double('score_max').nullable();
    t.double('progress_measure').nullable();
    t.text('description').nullable();
    t.primary(['session_row_id', 'position']);
    t.index(['package_id'], 'objectives_package_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('scorm_objectives');
}
