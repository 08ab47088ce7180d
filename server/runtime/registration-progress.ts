// A registration's progress for the API, from its session rows: per SCO the latest attempt's
// status and score, time summed over attempts; for the registration, a roll-up of its SCOs.
import type { Score, ScoProgress } from '../../contract/registrations.ts';
import type { ProgressRow } from '../db/session-store.ts';

export interface RegistrationProgress {
  completion_status: string;
  success_status: string;
  score: Score;
  total_time_seconds: number;
  scos: ScoProgress[];
}

const NO_SCORE: Score = { scaled: null, raw: null, min: null, max: null };

export function registrationProgress(scoItems: Array<{ identifier: string; title: string }>, rows: readonly ProgressRow[]): RegistrationProgress {
  const byItem = new Map<string, ProgressRow[]>();
  for (const row of rows) byItem.set(row.item_identifier, [...(byItem.get(row.item_identifier) ?? []), row]);

  const scos: ScoProgress[] = scoItems.map(({ identifier, title }) => {
    const attempts = (byItem.get(identifier) ?? []).sort((a, b) => a.attempt - b.attempt);
    const latest = attempts.at(-1);
    if (!latest) {
      return { item_identifier: identifier, title, completion_status: 'not attempted', success_status: 'unknown', score: NO_SCORE, total_time_seconds: 0, attempts: 0, last_accessed_at: null };
    }
    return {
      item_identifier: identifier,
      title,
      completion_status: latest.completion_status,
      success_status: latest.success_status,
      score: { scaled: latest.score_scaled, raw: latest.score_raw, min: latest.score_min, max: latest.score_max },
      total_time_seconds: round(attempts.reduce((sum, r) => sum + r.total_time_seconds, 0)),
      // 2004 counts learner attempts; 1.2 has none, so its launches are counted.
      attempts: latest.version === '2004' ? latest.attempt : latest.session_count,
      last_accessed_at: new Date(Math.max(...attempts.map((r) => r.updated_at))).toISOString(),
    };
  });

  const total = round(scos.reduce((sum, s) => sum + s.total_time_seconds, 0));
  if (scos.length === 1) {
    const [only] = scos as [ScoProgress];
    return { completion_status: only.completion_status, success_status: only.success_status, score: only.score, total_time_seconds: total, scos };
  }
  const attempted = scos.filter((s) => s.attempts > 0);
  const completion =
    scos.length > 0 && scos.every((s) => s.completion_status === 'completed')
      ? 'completed'
      : attempted.length > 0
        ? 'incomplete'
        : 'not attempted';
  const success = scos.some((s) => s.success_status === 'failed')
    ? 'failed'
    : scos.length > 0 && scos.every((s) => s.success_status === 'passed')
      ? 'passed'
      : 'unknown';
  const scaled = attempted.map((s) => s.score.scaled).filter((x): x is number => x !== null);
  const score = scaled.length ? { ...NO_SCORE, scaled: round(scaled.reduce((a, b) => a + b, 0) / scaled.length, 4) } : NO_SCORE;
  return { completion_status: completion, success_status: success, score, total_time_seconds: total, scos };
}

function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
