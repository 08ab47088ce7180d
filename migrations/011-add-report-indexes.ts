// Covering indexes for the package report (server/db/report-store.ts), so its aggregates read
// indexes only: each SCO attempt's status, score and time by package and registration, and each
// interaction's result and (the first 100 characters of) its response by package and question.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  const mysql = knex.client.config.client === 'mysql2';
  // A response can be long (MEDIUMTEXT); reports group responses by this prefix.
  if (mysql) {
    await knex.raw('ALTER TABLE scorm_interactions ADD COLUMN response_key VARCHAR(100) AS (LEFT(learner_response, 100)) VIRTUAL');
  } else {
    await knex.raw('ALTER TABLE scorm_interactions ADD COLUMN response_key TEXT GENERATED ALWAYS AS (substr(learner_response, 1, 100)) VIRTUAL');
  }
  await knex.schema.alterTable('scorm_interactions', (t) => {
    t.index(['package_id', 'item_identifier', 'interaction_key', 'result', 'response_key'], 'interactions_stats_idx');
  });
  await knex.schema.alterTable('scorm_user_sessions', (t) => {
    t.index(
      ['package_id', 'registration_id', 'item_identifier', 'attempt', 'completion_status', 'success_status', 'score_scaled', 'total_time_seconds', 'session_count', 'version'],
      'sessions_report_idx',
    );
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('scorm_user_sessions', (t) => t.dropIndex([], 'sessions_report_idx'));
  await knex.schema.alterTable('scorm_interactions', (t) => t.dropIndex([], 'interactions_stats_idx'));
  await knex.raw('ALTER TABLE scorm_interactions DROP COLUMN response_key');
}
