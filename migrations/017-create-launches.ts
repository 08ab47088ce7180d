// Launch history (decision 0023): one row per player session of a SCO (its id is the session id
// the attempt open answered), the optional API trace in parts as the commits brought them, the
// session row's counters of the launch that owns it now, and the trace switches of a
// registration and of a package.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  const big = knex.client.config.client === 'mysql2' ? 'MEDIUMTEXT' : 'TEXT';
  await knex.schema.createTable('launches', (t) => {
    t.string('id', 64).primary();
    t.string('registration_id', 64).notNullable();
    t.string('package_id', 36).notNullable();
    t.string('item_identifier', 255).notNullable();
    t.integer('attempt').notNullable();
    t.string('mode', 16).notNullable();
    t.string('user_agent', 512).notNullable();
    t.boolean('traced').notNullable().defaultTo(false);
    t.bigInteger('started_at').notNullable();
    t.bigInteger('ended_at').nullable();
    t.string('exit_reason', 16).nullable();
    t.integer('commit_count').notNullable().defaultTo(0);
    t.bigInteger('bytes_received').notNullable().defaultTo(0);
    t.integer('error_count').notNullable().defaultTo(0);
    t.text('errors_json').nullable();
    t.double('session_time_seconds').nullable();
    t.integer('trace_calls').notNullable().defaultTo(0);
    t.boolean('trace_truncated').notNullable().defaultTo(false);
    t.index(['registration_id', 'started_at'], 'launches_registration_idx');
  });
  await knex.schema.createTable('launch_traces', (t) => {
    t.string('launch_id', 64).notNullable();
    t.integer('part').notNullable();
    t.string('registration_id', 64).notNullable();
    t.specificType('part_json', big).notNullable();
    t.integer('call_count').notNullable();
    t.bigInteger('created_at').notNullable();
    t.primary(['launch_id', 'part']);
    t.index(['created_at'], 'launch_traces_expiry_idx');
    t.index(['registration_id'], 'launch_traces_registration_idx');
  });
  // Counted in the commit's own row update: no extra statement per commit (decision 0023).
  await knex.schema.alterTable('scorm_user_sessions', (t) => {
    t.integer('launch_commits').notNullable().defaultTo(0);
    t.bigInteger('launch_bytes').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('registrations', (t) => {
    t.boolean('trace').notNullable().defaultTo(false);
  });
  await knex.schema.alterTable('packages', (t) => {
    t.boolean('trace').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('packages', (t) => t.dropColumn('trace'));
  await knex.schema.alterTable('registrations', (t) => t.dropColumn('trace'));
  await knex.schema.alterTable('scorm_user_sessions', (t) => {
    t.dropColumn('launch_commits');
    t.dropColumn('launch_bytes');
  });
  await knex.schema.dropTable('launch_traces');
  await knex.schema.dropTable('launches');
}
