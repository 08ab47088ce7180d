// The import job queue: one row per uploaded zip; the source of truth for its progress.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('import_jobs', (t) => {
    t.string('id', 36).primary();
    t.string('status', 16).notNullable(); // queued | processing | completed | failed | cancelled
    t.string('stage', 16).nullable();
    t.integer('progress').notNullable().defaultTo(0);
    t.bigInteger('bytes_done').notNullable().defaultTo(0);
    t.bigInteger('bytes_total').notNullable().defaultTo(0);
    t.integer('files_done').notNullable().defaultTo(0);
    t.integer('files_total').notNullable().defaultTo(0);
    t.string('package_id', 36).nullable();
    t.string('error_code', 64).nullable();
    t.text('error_message').nullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('lease_owner', 64).nullable();
    t.bigInteger('lease_expires_at').nullable(); // epoch ms, UTC
    t.boolean('cancel_requested').notNullable().defaultTo(false);
    t.string('upload_path', 1024).notNullable();
    t.string('upload_name', 255).nullable();
    t.bigInteger('created_at').notNullable(); // epoch ms, UTC
    t.bigInteger('updated_at').notNullable();
    t.index(['status', 'lease_expires_at'], 'import_jobs_claim_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('import_jobs');
}
