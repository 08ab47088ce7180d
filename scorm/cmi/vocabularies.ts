// The fixed token vocabularies of both versions (1.2 RTE §3.4.5 CMIVocabulary; 2004 RTE §4.2
// "state" value spaces). Tokens are exact and case-sensitive.

const set = (...tokens: string[]): ReadonlySet<string> => new Set(tokens);

export const VOCABULARY_12 = {
  mode: set('normal', 'review', 'browse'),
  /** §3.4.4 lesson_status: `not attempted` belongs to the LMS only; a SCO set of it is 405. */
  statusSettable: set('passed', 'completed', 'failed', 'incomplete', 'browsed'),
  status: set('passed', 'completed', 'failed', 'incomplete', 'browsed', 'not attempted'),
  exit: set('time-out', 'suspend', 'logout', ''),
  credit: set('credit', 'no-credit'),
  entry: set('ab-initio', 'resume', ''),
  interactionType: set('true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric'),
  result: set('correct', 'wrong', 'unanticipated', 'neutral'),
  timeLimitAction: set('exit,message', 'exit,no message', 'continue,message', 'continue,no message'),
} as const;

export const VOCABULARY_2004 = {
  completionStatus: set('completed', 'incomplete', 'not attempted', 'unknown'),
  successStatus: set('passed', 'failed', 'unknown'),
  credit: set('credit', 'no-credit'),
  entry: set('ab-initio', 'resume', ''),
  exit: set('time-out', 'suspend', 'logout', 'normal', ''),
  mode: set('browse', 'normal', 'review'),
  timeLimitAction: set('exit,message', 'continue,message', 'exit,no message', 'continue,no message'),
  /** §4.2.13 audio_captioning is a state, not a number. */
  audioCaptioning: set('-1', '0', '1'),
  interactionType: set(
    'true-false', 'choice', 'fill-in', 'long-fill-in', 'likert', 'matching', 'performance', 'sequencing', 'numeric', 'other',
  ),
  result: set('correct', 'incorrect', 'unanticipated', 'neutral'),
  /** 2004 RTE §4.4.1 adl.nav.request without a target (A-36: no bare choice/jump, no LMS-only requests). */
  navRequest: set('continue', 'previous', 'exit', 'exitAll', 'abandon', 'abandonAll', 'suspendAll', '_none_'),
  navValidity: set('true', 'false', 'unknown'),
} as const;
