// Package versions (docs/decisions/0024-package-versions.md): each upload of a course is a
// version with a content id of its own (its items, files and storage prefix are keyed by it; a
// package's first version uses the package id, so what existed before keeps its keys). The
// packages row describes the current version; a registration names the version it runs.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  const big = knex.client.config.client === 'mysql2' ? 'LONGTEXT' : 'TEXT';
  await knex.schema.createTable('package_versions', (t) => {
    t.string('content_id', 36).primary();
    t.string('package_id', 36).notNullable();
    t.integer('version_number').notNullable();
    t.string('import_job_id', 36).notNullable();
    // The version's own package columns (the packages row holds the current version's).
    t.string('title', 1000).notNullable();
    t.string('scorm_version', 8).notNullable();
    t.string('edition', 8).nullable();
    t.string('schemaversion', 64).nullable();
    t.string('identifier', 255).notNullable();
    t.string('default_organization', 255).nullable();
    t.integer('sco_count').notNullable();
    t.integer('asset_count').notNullable();
    t.integer('file_count').notNullable();
    t.bigInteger('size_bytes').notNullable();
    t.string('storage', 16).notNullable();
    t.specificType('manifest_json', big).notNullable();
    t.text('diagnostics_json').notNullable();
    // The difference from the version before (null on a first version).
    t.specificType('diff_json', big).nullable();
    t.bigInteger('created_at').notNullable();
    // When a newer version became current; the cleanup waits a grace period after it.
    t.bigInteger('superseded_at').nullable();
    // When the cleanup removed the version's content (its row stays for the history).
    t.bigInteger('content_removed_at').nullable();
    t.unique(['package_id', 'version_number'], { indexName: 'package_versions_number_uq' });
    t.index(['superseded_at', 'content_removed_at'], 'package_versions_cleanup_idx');
  });
  await knex.raw(
    `INSERT INTO package_versions (content_id, package_id, version_number, import_job_id, title, scorm_version, edition,
       schemaversion, identifier, default_organization, sco_count, asset_count, file_count, size_bytes, storage,
       manifest_json, diagnostics_json, diff_json, created_at, superseded_at, content_removed_at)
     SELECT id, id, 1, import_job_id, title, version, edition, schemaversion, identifier, default_organization, sco_count,
       asset_count, file_count, size_bytes, storage, manifest_json, diagnostics_json, NULL, created_at, NULL, NULL
     FROM packages`,
  );
  await knex.schema.alterTable('packages', (t) => {
    t.string('current_content_id', 36).nullable();
    t.integer('current_version').notNullable().defaultTo(1);
    t.string('on_new_version', 16).notNullable().defaultTo('keep');
  });
  await knex('packages').update({ current_content_id: knex.ref('id') });
  await knex.schema.alterTable('registrations', (t) => {
    t.string('content_id', 36).nullable();
    t.integer('version_number').notNullable().defaultTo(1);
    // null: the package's on_new_version applies.
    t.string('on_new_version', 16).nullable();
    t.text('version_change_json').nullable();
    t.index(['content_id'], 'registrations_content_idx');
  });
  await knex('registrations').update({ content_id: knex.ref('package_id') });
  // Attempt rows a restart set aside: kept for the report, no longer the registration's progress.
  await knex.schema.alterTable('scorm_user_sessions', (t) => {
    t.boolean('archived').notNullable().defaultTo(false);
  });
  await knex.schema.alterTable('import_jobs', (t) => {
    // The package this job adds a version to (null: a new package).
    t.string('version_of', 36).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('import_jobs', (t) => t.dropColumn('version_of'));
  await knex.schema.alterTable('scorm_user_sessions', (t) => t.dropColumn('archived'));
  await knex.schema.alterTable('registrations', (t) => {
    t.dropIndex([], 'registrations_content_idx');
    t.dropColumn('content_id');
    t.dropColumn('version_number');
    t.dropColumn('on_new_version');
    t.dropColumn('version_change_json');
  });
  await knex.schema.alterTable('packages', (t) => {
    t.dropColumn('current_content_id');
    t.dropColumn('current_version');
    t.dropColumn('on_new_version');
  });
  await knex.schema.dropTable('package_versions');
}
