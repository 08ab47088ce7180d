// Status the LMS derives: 2004 completion/success against the manifest thresholds (RTE §4.2.4.1,
// §4.2.22; digest §10.1-10.2, A-40) and 1.2 lesson_status when the session ends (RTE §3.4.4
// lesson_status "additional behavior"; digest §9.2, A-11, A-17).

/**
 * 2004 completion_status as GetValue and the end of the session report it: with a threshold,
 * progress_measure decides, and no measure means `unknown` whatever the SCO set (CTS DMB 6.1.3-6);
 * without one, the SCO's value (default `unknown`).
 */
export function evaluateCompletion(stored: string | undefined, threshold: string | undefined, progress: string | undefined): string {
  if (threshold === undefined) return stored ?? 'unknown';
  if (progress === undefined) return 'unknown';
  return Number(progress) >= Number(threshold) ? 'completed' : 'incomplete';
}

/** 2004 success_status: with a scaled passing score, score.scaled decides (CTS DMB 4.2.3-8); else the SCO's value. */
export function evaluateSuccess(stored: string | undefined, passing: string | undefined, scaled: string | undefined): string {
  if (passing === undefined) return stored ?? 'unknown';
  if (scaled === undefined) return 'unknown';
  return Number(scaled) >= Number(passing) ? 'passed' : 'failed';
}

export interface LessonStatusInput {
  /** The lesson_status now (`not attempted` when the SCO never set one). */
  readonly status: string;
  readonly mode: string;
  readonly credit: string;
  /** `cmi.student_data.mastery_score`, `""` when the manifest gives none. */
  readonly masteryScore: string;
  /** `cmi.core.score.raw`, `""` when not set. */
  readonly scoreRaw: string;
}

/**
 * 1.2 lesson_status at LMSFinish (digest §9.2): browse + untouched → browsed; review changes
 * nothing; an untouched status becomes completed, then passed/failed from the mastery score when
 * the launch is for credit and the SCO reported a raw score. A status the SCO set is kept (A-11:
 * the RTE only says the LMS "can" override it).
 */
export function lessonStatusAtFinish(input: LessonStatusInput): string {
  const { status, mode } = input;
  if (status !== 'not attempted' || mode === 'review') return status;
  if (mode === 'browse') return 'browsed';
  if (input.credit === 'credit' && input.masteryScore !== '' && input.scoreRaw !== '') {
    return Number(input.scoreRaw) >= Number(input.masteryScore) ? 'passed' : 'failed';
  }
  return 'completed';
}
