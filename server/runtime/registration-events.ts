// Which webhook events a commit causes, from the registration's progress before and after it
// (pure). registration.progress when the completion, success, score or time of the registration
// or of one of its SCOs changed; registration.completed / passed / failed when the
// registration's own status becomes that (the roll-up of registration-progress.ts).
import type { SessionRow } from '../db/session-store.ts';
import type { RegistrationProgress } from './registration-progress.ts';

export type RegistrationEventType = 'registration.progress' | 'registration.completed' | 'registration.passed' | 'registration.failed';

/** The attempt-row columns progress is made of: a commit that leaves them alone causes no event. */
export function progressColumnsChanged(before: SessionRow, fields: Partial<SessionRow>): boolean {
  const keys = ['completion_status', 'success_status', 'score_scaled', 'score_raw', 'score_min', 'score_max', 'total_time_seconds'] as const;
  return keys.some((k) => k in fields && fields[k] !== before[k]);
}

const progressOf = (p: RegistrationProgress) =>
  JSON.stringify([
    p.completion_status,
    p.success_status,
    p.score,
    p.total_time_seconds,
    p.scos.map((s) => [s.item_identifier, s.completion_status, s.success_status, s.score, s.total_time_seconds]),
  ]);

export function registrationEvents(before: RegistrationProgress, after: RegistrationProgress): RegistrationEventType[] {
  const types: RegistrationEventType[] = [];
  if (progressOf(before) !== progressOf(after)) types.push('registration.progress');
  if (after.completion_status === 'completed' && before.completion_status !== 'completed') types.push('registration.completed');
  if (after.success_status === 'passed' && before.success_status !== 'passed') types.push('registration.passed');
  if (after.success_status === 'failed' && before.success_status !== 'failed') types.push('registration.failed');
  return types;
}
