// Report speed for 100,000 registrations: each attempt row says whether it is its SCO's latest
// (no "is there a later attempt" probe per row), and answers per question are counted as they are
// committed (interaction_stats) instead of grouping every interaction row at report time.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('scorm_user_sessions', (t) => {
    t.boolean('is_latest').notNullable().defaultTo(true);
  });
  await knex.raw(
    `UPDATE scorm_user_sessions SET is_latest = CASE WHEN EXISTS (
       SELECT 1 FROM (SELECT registration_id, item_identifier, attempt FROM scorm_user_sessions) l
       WHERE l.registration_id = scorm_user_sessions.registration_id AND l.item_identifier = scorm_user_sessions.item_identifier
         AND l.attempt > scorm_user_sessions.attempt) THEN 0 ELSE 1 END`,
  );
  // The report's covering index, now with the flag (it replaces the one of migration 011).
  await knex.schema.alterTable('scorm_user_sessions', (t) => {
    t.dropIndex([], 'sessions_report_idx');
  });
  await knex.schema.alterTable('scorm_user_sessions', (t) => {
    t.index(
      ['package_id', 'registration_id', 'item_identifier', 'attempt', 'is_latest', 'completion_status', 'success_status', 'score_scaled', 'total_time_seconds', 'session_count', 'version'],
      'sessions_report_idx',
    );
  });
  await knex.schema.createTable('interaction_stats', (t) => {
    t.string('package_id', 36).notNullable();
    t.string('item_identifier', 255).notNullable();
    t.string('interaction_key', 255).notNullable();
    // '' stands for "not reported": key columns cannot be NULL, and '' is no valid result.
    t.string('result', 32).notNullable();
    t.string('response_key', 100).notNullable();
    t.bigInteger('n').notNullable();
    t.primary(['package_id', 'item_identifier', 'interaction_key', 'result', 'response_key']);
  });
  await knex.raw(
    `INSERT INTO interaction_stats (package_id, item_identifier, interaction_key, result, response_key, n)
     SELECT package_id, item_identifier, interaction_key, COALESCE(result, ''), COALESCE(response_key, ''), COUNT(*)
     FROM scorm_interactions
     GROUP BY package_id, item_identifier, interaction_key, COALESCE(result, ''), COALESCE(response_key, '')`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('interaction_stats');
  await knex.schema.alterTable('scorm_user_sessions', (t) => {
    t.dropIndex([], 'sessions_report_idx');
  });
  await knex.schema.alterTable('scorm_user_sessions', (t) => {
    t.dropColumn('is_latest');
    t.index(
      ['package_id', 'registration_id', 'item_identifier', 'attempt', 'completion_status', 'success_status', 'score_scaled', 'total_time_seconds', 'session_count', 'version'],
      'sessions_report_idx',
    );
  });
}
