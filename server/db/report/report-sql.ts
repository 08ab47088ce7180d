// SQL fragments the report's queries share (same SQL on SQLite and MySQL/MariaDB), and the small
// number helpers that read their results.
import type { Knex } from 'knex';

export const HISTOGRAM_BUCKETS = 10;

export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
export const round = (v: number | null, digits = 4): number | null => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

/**
 * Each SCO attempt of the package, latest = 1 on the latest attempt of its (registration, SCO),
 * from the is_latest flag the runtime keeps. Only items that are SCOs count, as in the
 * registration's own progress; they are passed as a list, since a join with package_items leads
 * MySQL to a non-covering index. The scan reads sessions_report_idx only.
 */
export function ranked(scoCount: number): string {
  const scos = Array.from({ length: Math.max(1, scoCount) }, () => '?').join(', ');
  return `ranked AS (
  SELECT s.registration_id, s.item_identifier, s.completion_status, s.success_status, s.score_scaled,
         s.total_time_seconds, s.attempt, s.session_count, s.version,
         CASE WHEN s.is_latest = 1 THEN 1 ELSE 0 END AS latest
  FROM scorm_user_sessions s
  WHERE s.package_id = ? AND s.item_identifier IN (${scos})
)`;
}

/** The bindings of ranked(): the package, then its SCO identifiers (a never-matching one when none). */
export const rankedBindings = (packageId: string, scos: string[]) => [packageId, ...(scos.length ? scos : ['\u0000'])];

/** 2004 counts learner attempts; 1.2 has none, so its launches (sessions) count (as registration-progress.ts). */
export const ATTEMPTS_OF_LATEST = `CASE WHEN latest = 1 THEN (CASE WHEN version = '2004' THEN attempt ELSE session_count END) ELSE 0 END`;

/** One row per started registration: its SCOs' latest statuses rolled up. */
export const PER_REGISTRATION = `per_reg AS (
  SELECT registration_id,
         SUM(CASE WHEN latest = 1 AND completion_status = 'completed' THEN 1 ELSE 0 END) AS scos_completed,
         SUM(CASE WHEN latest = 1 AND success_status = 'passed' THEN 1 ELSE 0 END) AS scos_passed,
         SUM(CASE WHEN latest = 1 AND success_status = 'failed' THEN 1 ELSE 0 END) AS scos_failed,
         AVG(CASE WHEN latest = 1 THEN score_scaled END) AS score,
         SUM(total_time_seconds) AS time_seconds,
         SUM(${ATTEMPTS_OF_LATEST}) AS attempts
  FROM ranked
  GROUP BY registration_id
)`;

/** Bucket k holds scores in [k/10, (k+1)/10); the last also holds 1.0, the first anything below 0.1 (2004 allows -1). */
export function histogramColumns(): string {
  const columns: string[] = [];
  for (let k = 0; k < HISTOGRAM_BUCKETS; k++) {
    const low = k === 0 ? '' : `score >= ${k / HISTOGRAM_BUCKETS}`;
    const high = k === HISTOGRAM_BUCKETS - 1 ? '' : `score < ${(k + 1) / HISTOGRAM_BUCKETS}`;
    columns.push(`SUM(CASE WHEN score IS NOT NULL${low ? ` AND ${low}` : ''}${high ? ` AND ${high}` : ''} THEN 1 ELSE 0 END) AS b${k}`);
  }
  return columns.join(',\n         ');
}

export type RowReader = (sql: string, bindings: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** Rows of a raw query, on either driver (mysql2 answers [rows, fields]). */
export function rowReader(db: Knex): RowReader {
  const mysql = db.client.config.client === 'mysql2';
  return async (sql, bindings) => {
    const result = (await db.raw(sql, bindings as Knex.RawBinding[])) as unknown;
    return (mysql ? (result as [Array<Record<string, unknown>>])[0] : result) as Array<Record<string, unknown>>;
  };
}
