// SCORM 1.2 status and score read the 2004 way, once for both sides: the server's session
// columns and registration API, and the player's sequencing results.
import type { CompletionStatus, SuccessStatus } from '../sequencing/types.ts';

/**
 * cmi.core.lesson_status (1.2 RTE 3.4.4, vocabulary "Status") onto completion and success, as
 * the registration API reports it (SPEC: passed → completed + passed): passed and failed are a
 * known success of a finished attempt; completed is completion only; browsed counts as
 * incomplete; no status yet (or "") is the initial "not attempted" (RTE 3.4.4: the LMS sets it
 * at first launch). A token outside the vocabulary cannot come from a validated data model; read
 * from elsewhere it tells nothing, so both are unknown.
 */
export function statusFrom12(lessonStatus: string | undefined): { completion: CompletionStatus; success: SuccessStatus } {
  switch (lessonStatus) {
    case 'passed':
      return { completion: 'completed', success: 'passed' };
    case 'failed':
      return { completion: 'completed', success: 'failed' };
    case 'completed':
      return { completion: 'completed', success: 'unknown' };
    case 'incomplete':
    case 'browsed':
      return { completion: 'incomplete', success: 'unknown' };
    case undefined:
    case '':
    case 'not attempted':
      return { completion: 'not attempted', success: 'unknown' };
    default:
      return { completion: 'unknown', success: 'unknown' };
  }
}

/** A CMIDecimal, or null for CMIBlank ("") and anything that is not a finite number. */
export function decimalOrNull(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * 1.2 has no scaled score; one is derived from cmi.core.score.raw within min..max (RTE 3.4.4:
 * all three CMIDecimal or CMIBlank, normalised to 0..100). A blank min or max takes that
 * default (0, 100), and so does a pair that gives no range (max <= min), so the raw score is
 * then read on the 0..100 scale. No raw score, no scaled score. The result is bounded to the
 * 2004 range of cmi.score.scaled, -1..1 (2004 RTE 4.2.20), which it stands in for.
 */
export function scaledScore12(raw: string | undefined, min: string | undefined, max: string | undefined): number | null {
  const r = decimalOrNull(raw);
  if (r === null) return null;
  let low = decimalOrNull(min) ?? 0;
  let high = decimalOrNull(max) ?? 100;
  if (high <= low) [low, high] = [0, 100];
  return Math.max(-1, Math.min(1, (r - low) / (high - low)));
}
