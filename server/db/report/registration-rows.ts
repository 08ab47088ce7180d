// The report's CSV source: one row per registration of a package, its SCOs' latest statuses
// rolled up by the database and streamed, so memory stays flat however many there are.
import { pipeline, Transform, type Readable } from 'node:stream';
import type { Knex } from 'knex';
import { num, numOrNull, round } from './report-sql.ts';

export interface RegistrationReportRow {
  registration_id: string;
  learner_id: string;
  learner_name: string;
  created_at: number;
  last_accessed_at: number | null;
  completion_status: string;
  success_status: string;
  score_scaled: number | null;
  total_time_seconds: number;
  attempts: number;
  scos_completed: number;
  sco_count: number;
}

const BATCH_ROWS = 500;

/**
 * One row per registration (oldest first), in arrays of up to 500 rows, streamed from the
 * database so memory stays flat however many there are. The caller must consume or destroy the
 * stream.
 *
 * One pass: the registrations in the order of registrations_package_created_idx, each joined to
 * its SCO attempts through sessions_report_idx and rolled up as it goes (the same figures as
 * PER_REGISTRATION). Grouping by the index's own columns lets MySQL/MariaDB stream the groups; a
 * grouped CTE joined to the registrations made it materialize, sort and probe a temporary table
 * (3-4x slower). The index is named because with one package in the table the planner prefers a
 * full scan, then a temporary table and a sort. Each group is one registration, so MAX() of its
 * columns is their value (portable under ONLY_FULL_GROUP_BY).
 */
export function registrationRows(db: Knex, packageId: string, scos: string[]): Readable {
  const scoCount = scos.length;
  const inScos = Array.from({ length: Math.max(1, scoCount) }, () => '?').join(', ');
  const byCreated = db.client.config.client === 'mysql2' ? 'FORCE INDEX (registrations_package_created_idx)' : 'INDEXED BY registrations_package_created_idx';
  const latest = (condition: string) => `SUM(CASE WHEN s.is_latest = 1 AND ${condition} THEN 1 ELSE 0 END)`;
  const sql = `SELECT r.id AS registration_id, MAX(r.learner_id) AS learner_id, MAX(r.learner_name) AS learner_name,
      r.created_at, MAX(r.last_accessed_at) AS last_accessed_at,
      COUNT(s.registration_id) AS sco_attempts,
      ${latest(`s.completion_status = 'completed'`)} AS scos_completed,
      ${latest(`s.success_status = 'passed'`)} AS scos_passed,
      ${latest(`s.success_status = 'failed'`)} AS scos_failed,
      AVG(CASE WHEN s.is_latest = 1 THEN s.score_scaled END) AS score,
      SUM(s.total_time_seconds) AS time_seconds,
      SUM(CASE WHEN s.is_latest = 1 THEN (CASE WHEN s.version = '2004' THEN s.attempt ELSE s.session_count END) ELSE 0 END) AS attempts
    FROM registrations r ${byCreated}
    LEFT JOIN scorm_user_sessions s ON s.package_id = r.package_id AND s.registration_id = r.id AND s.item_identifier IN (${inScos})
    WHERE r.package_id = ?
    GROUP BY r.created_at, r.id
    ORDER BY r.created_at, r.id`;
  const stream = db.raw(sql, [...(scos.length ? scos : ['\u0000']), packageId]).stream() as unknown as Readable;
  // Rows go on in batches, one stream write each instead of one per row (per-row stream
  // bookkeeping was about an eighth of the CSV's CPU time); a plain Transform, not Readable.map,
  // which awaits a promise per row.
  let batch: RegistrationReportRow[] = [];
  const toRows = new Transform({
    objectMode: true,
    transform(raw: Record<string, unknown>, _encoding, done) {
      batch.push(registrationRow(raw, scoCount));
      if (batch.length < BATCH_ROWS) return done();
      const full = batch;
      batch = [];
      done(null, full);
    },
    flush(done) {
      done(null, batch.length ? batch : undefined);
    },
  });
  return pipeline(stream, toRows, () => {}); // an error or a destroy of either side reaches both
}

function registrationRow(raw: Record<string, unknown>, scoCount: number): RegistrationReportRow {
  const total = Math.max(1, scoCount);
  const started = num(raw.sco_attempts) > 0;
  const completedScos = num(raw.scos_completed);
  const completion = !started ? 'not attempted' : completedScos >= total ? 'completed' : 'incomplete';
  const success = num(raw.scos_failed) > 0 ? 'failed' : started && num(raw.scos_passed) >= total ? 'passed' : 'unknown';
  return {
    registration_id: String(raw.registration_id),
    learner_id: String(raw.learner_id),
    learner_name: String(raw.learner_name),
    created_at: num(raw.created_at),
    last_accessed_at: numOrNull(raw.last_accessed_at),
    completion_status: completion,
    success_status: success,
    score_scaled: round(numOrNull(raw.score)),
    total_time_seconds: round(num(raw.time_seconds), 2) ?? 0,
    attempts: num(raw.attempts),
    scos_completed: completedScos,
    sco_count: scoCount,
  };
}
