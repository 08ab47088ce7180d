// The report's CSV source: one row per registration of a package, its SCOs' latest statuses
// rolled up by the database and streamed, so memory stays flat however many there are.
import type { Readable } from 'node:stream';
import type { Knex } from 'knex';
import { num, numOrNull, PER_REGISTRATION, ranked, rankedBindings, round } from './report-sql.ts';

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

/**
 * One row per registration (oldest first), streamed from the database so memory stays flat
 * however many there are. The caller must consume or destroy the stream.
 */
export function registrationRows(db: Knex, packageId: string, scos: string[]): Readable {
  const scoCount = scos.length;
  const sql = `WITH ${ranked(scoCount)}, ${PER_REGISTRATION}
    SELECT r.id AS registration_id, r.learner_id, r.learner_name, r.created_at, r.last_accessed_at,
      p.scos_completed, p.scos_passed, p.scos_failed, p.score, p.time_seconds, p.attempts
    FROM registrations r
    LEFT JOIN per_reg p ON p.registration_id = r.id
    WHERE r.package_id = ?
    ORDER BY r.created_at, r.id`;
  const stream = db.raw(sql, [...rankedBindings(packageId, scos), packageId]).stream() as unknown as Readable;
  const total = Math.max(1, scoCount);
  return stream.map((raw: Record<string, unknown>): RegistrationReportRow => {
    const started = raw.scos_completed !== null && raw.scos_completed !== undefined;
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
  }) as Readable;
}
