// SCORM 2004 4th Edition shared data (adl.data) scoped as CAM 3.4.1.5 says: a package's buckets
// are the learner's, shared with every package of that learner (sharedDataGlobalToSystem, the
// default), or the registration's alone when the organization says sharedDataGlobalToSystem="false".
// One row per scope key ("learner:<id>" or "registration:<id>") and targetID; the rows of
// migration 010 keep their registration scope.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  const big = knex.client.config.client === 'mysql2' ? 'MEDIUMTEXT' : 'TEXT';
  await knex.schema.createTable('shared_buckets', (t) => {
    t.string('scope_key', 255).notNullable();
    t.string('target_id', 255).notNullable();
    t.specificType('value', big).notNullable();
    // The registration a registration-scoped bucket belongs to (removed with it), else null.
    t.string('registration_id', 64).nullable();
    t.string('package_id', 36).notNullable();
    t.bigInteger('updated_at').notNullable();
    t.primary(['scope_key', 'target_id']);
    t.index(['registration_id'], 'shared_buckets_registration_idx');
  });
  const concat = knex.client.config.client === 'mysql2' ? "CONCAT('registration:', registration_id)" : "'registration:' || registration_id";
  await knex.raw(
    `INSERT INTO shared_buckets (scope_key, target_id, value, registration_id, package_id, updated_at)
     SELECT ${concat}, target_id, value, registration_id, package_id, updated_at FROM shared_data`,
  );
  await knex.schema.dropTable('shared_data');
}

export async function down(knex: Knex): Promise<void> {
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
  await knex.raw(
    `INSERT INTO shared_data (registration_id, package_id, target_id, value, updated_at)
     SELECT registration_id, package_id, target_id, value, updated_at FROM shared_buckets WHERE registration_id IS NOT NULL`,
  );
  await knex.schema.dropTable('shared_buckets');
}
