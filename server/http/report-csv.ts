// The report's CSV body: one line per registration row, gathered into chunks of about 64 KB so
// the response is a few hundred writes rather than one per row; streamed, so memory stays flat.
import { pipeline, Transform, type Readable } from 'node:stream';
import { csvField, csvLine } from '../core/csv.ts';
import { isoTime } from '../core/iso-time.ts';
import type { RegistrationReportRow } from '../db/report-store.ts';

export const CSV_COLUMNS = [
  'registration_id', 'learner_id', 'learner_name', 'completion_status', 'success_status', 'score_scaled',
  'total_time_seconds', 'attempts', 'scos_completed', 'sco_count', 'created_at', 'last_accessed_at',
] as const;

const CHUNK_CHARS = 64 * 1024;

const iso = (ms: number | null) => (ms === null ? '' : csvField(isoTime(ms))); // a year before 0 starts with '-'

/** One registration's line, built field by field (no array per row). */
function registrationLine(r: RegistrationReportRow): string {
  return `${csvField(r.registration_id)},${csvField(r.learner_id)},${csvField(r.learner_name)},${csvField(r.completion_status)},${csvField(r.success_status)},${csvField(r.score_scaled)},${csvField(r.total_time_seconds)},${csvField(r.attempts)},${csvField(r.scos_completed)},${csvField(r.sco_count)},${iso(r.created_at)},${iso(r.last_accessed_at)}\r\n`;
}

/**
 * The CSV of `rows` (arrays of rows, as registrationRows gives them), header first. Destroying
 * the result (client gone) destroys `rows`, and with it the database stream; an error of `rows`
 * ends the response early.
 */
export function reportCsv(rows: Readable): Readable {
  let pending = csvLine([...CSV_COLUMNS]);
  const toCsv = new Transform({
    writableObjectMode: true,
    transform(batch: RegistrationReportRow[], _encoding, done) {
      for (const r of batch) pending += registrationLine(r);
      if (pending.length < CHUNK_CHARS) return done();
      const chunk = pending;
      pending = '';
      done(null, chunk);
    },
    flush(done) {
      done(null, pending || undefined);
    },
  });
  return pipeline(rows, toCsv, () => {}); // errors reach the body, which ends the response
}
