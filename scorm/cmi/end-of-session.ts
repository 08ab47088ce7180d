// What the LMS records when a session ends (LMSFinish / Terminate, or a SCO that closed without
// it): evaluated status, exit, session time, accumulated total_time and the next entry
// (1.2 RTE §3.4.4 lesson_status, exit, entry, total_time; 2004 RTE §4.2.4.1, §4.2.8, §4.2.21, §4.2.25).
import { addDurations, addTimespans, formatDuration, formatTimespan } from './duration.ts';
import type { ModelState } from './model-state.ts';
import { evaluateCompletion, evaluateSuccess, lessonStatusAtFinish } from './status.ts';

export interface SessionEnd {
  readonly exit: string;
  /** The SCO's session_time, or the LMS's own measurement when the SCO reported none. */
  readonly sessionTime: string;
  readonly sessionTimeReported: boolean;
  readonly totalTime: string;
  /** `cmi.core.entry` / `cmi.entry` of the next launch that continues this data (digest §9.3, §10.3). */
  readonly nextEntry: 'resume' | '' | 'ab-initio';
  /** 2004: a non-suspend exit ends the learner attempt (RTE §4.2.8); 1.2 has no attempts. */
  readonly attemptEnded: boolean;
  /** logout / time-out also end the course session (1.2 RTE §3.4.4 exit; 2004 A-41). */
  readonly endsCourse: boolean;
  readonly lessonStatus?: string;
  readonly completionStatus?: string;
  readonly successStatus?: string;
  /** 2004: the adl.nav.request to process after Terminate (RTE §4.4.1). */
  readonly navRequest?: string;
}

/**
 * Computes the end of the session and writes the evaluated status and the new total_time into
 * `state`. `measuredCentiseconds` is the LMS's own clock from Initialize to now.
 */
export function endSession(state: ModelState, measuredCentiseconds: number): SessionEnd {
  const v = state.values;
  if (state.version === '1.2') {
    const exit = v.get('cmi.core.exit') ?? '';
    const reported = v.get('cmi.core.session_time');
    const sessionTime = reported ?? formatTimespan(measuredCentiseconds);
    const totalTime = addTimespans(v.get('cmi.core.total_time') ?? '0000:00:00.00', sessionTime);
    const lessonStatus = lessonStatusAtFinish({
      status: v.get('cmi.core.lesson_status') ?? 'not attempted',
      mode: v.get('cmi.core.lesson_mode') ?? 'normal',
      credit: v.get('cmi.core.credit') ?? 'credit',
      masteryScore: v.get('cmi.student_data.mastery_score') ?? '',
      scoreRaw: v.get('cmi.core.score.raw') ?? '',
    });
    v.set('cmi.core.lesson_status', lessonStatus);
    v.set('cmi.core.total_time', totalTime);
    return {
      exit, sessionTime, sessionTimeReported: reported !== undefined, totalTime,
      nextEntry: exit === 'suspend' ? 'resume' : '', attemptEnded: false, endsCourse: exit === 'logout', lessonStatus,
    };
  }
  let exit = v.get('cmi.exit') ?? '';
  const navRequest = v.get('adl.nav.request') ?? '_none_';
  // A suspendAll request suspends even after exit "normal" or "" (SRTE; CTS DMB 1.6 → 1.7).
  if (navRequest === 'suspendAll' && exit !== 'logout') exit = 'suspend';
  const reported = v.get('cmi.session_time');
  const sessionTime = reported ?? formatDuration(measuredCentiseconds);
  const totalTime = addDurations(v.get('cmi.total_time') ?? 'PT0H0M0S', sessionTime);
  // the evaluated values are what GetValue reported, and what is kept.
  const completionStatus = evaluateCompletion(v.get('cmi.completion_status'), v.get('cmi.completion_threshold'), v.get('cmi.progress_measure'));
  const successStatus = evaluateSuccess(v.get('cmi.success_status'), v.get('cmi.scaled_passing_score'), v.get('cmi.score.scaled'));
  v.set('cmi.completion_status', completionStatus);
  v.set('cmi.success_status', successStatus);
  v.set('cmi.total_time', totalTime);
  const suspended = exit === 'suspend';
  return {
    exit, sessionTime, sessionTimeReported: reported !== undefined, totalTime,
    nextEntry: suspended ? 'resume' : 'ab-initio', attemptEnded: !suspended,
    endsCourse: exit === 'logout' || exit === 'time-out', completionStatus, successStatus, navRequest,
  };
}
