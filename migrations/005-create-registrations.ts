// Registrations: one learner on one package. Ids may come from the integrator.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('registrations', (t) => {
    t.string('id', 64).primary();
    t.string('package_id', 36).notNullable();
    t.string('learner_id', 255).notNullable();
    t.string('learner_name', 255).notNullable();
    t.text('comments_from_lms_json').notNullable();
    t.integer('attempt').notNullable().defaultTo(1);
    t.bigInteger('created_at').notNullable();
    t.bigInteger('last_accessed_at').nullable();
    t.index(['package_id', 'learner_id'], 'registrations_package_learner_idx');
    t.index(['learner_id'], 'registrations_learner_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('registrations');
}
