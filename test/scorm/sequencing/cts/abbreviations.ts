// The ADL CTS abbreviation table: the words the test scripts spell with short keys (API calls,
// data model element names, vocabulary values). Transcribed from the suite's
// org/adl/testsuite/rte/lms/util/resources/Commands.properties (ADL SCORM 2004 4th Edition
// Test Suite, Apache-2.0, © ADL), the file its Java driver reads the scripts with.

export const API_CALLS: Record<string, string> = {
  I: 'Initialize', T: 'Terminate', C: 'Commit', GET: 'GetValue', SET: 'SetValue',
  GES: 'GetErrorString', GLE: 'GetLastError', GeDi: 'GetDiagnostic', COI: 'compareObjIds',
};

/** Keys to words; a key that is not here stands for itself (as ResourceBundle lookups in the driver). */
export const WORDS: Record<string, string> = {
  // data model roots and elements
  a: 'adl', c: 'cmi', V: '_version', CFLRNR: 'comments_from_learner', CFLMS: 'comments_from_lms',
  CHIL: '_children', CNT: '_count', COM: 'comment', LOC: 'location', TS: 'timestamp',
  CS: 'completion_status', CT: 'completion_threshold', CDT: 'credit', E: 'entry', X: 'exit',
  INTR: 'interactions', ID: 'id', TY: 'type', OB: 'objectives', CR: 'correct_responses', P: 'pattern',
  W: 'weighting', LR: 'learner_response', R: 'result', LAT: 'latency', D: 'description',
  LD: 'launch_data', LI: 'learner_id', LN: 'learner_name', LP: 'learner_preference', AL: 'audio_level',
  LANG: 'language', DS: 'delivery_speed', AC: 'audio_captioning', MAXTA: 'max_time_allowed', M: 'mode',
  S: 'score', SCA: 'scaled', RW: 'raw', MN: 'min', MX: 'max', SS: 'success_status', PM: 'progress_measure',
  SPS: 'scaled_passing_score', ST: 'session_time', SD: 'suspend_data', TLA: 'time_limit_action',
  TT: 'total_time',
  // adl.nav and adl.data
  n: 'nav', r: 'request', rv: 'request_valid', tar: '{target=%s}', DA: 'data', STR: 'store',
  // vocabulary values
  comp: 'completed', incomp: 'incomplete', notatt: 'not attempted', pass: 'passed', fail: 'failed',
  unk: 'unknown', 'CDT.c': 'credit', 'CDT.n': 'no-credit', 'E.a': 'ab-initio', 'E.r': 'resume', es: '',
  'X.t': 'time-out', 'X.s': 'suspend', 'X.l': 'logout', 'TY.tf': 'true-false', 'TY.c': 'choice',
  'TY.f': 'fill-in', 'TY.lf': 'long-fill-in', 'TY.l': 'likert', 'TY.m': 'matching', 'TY.p': 'performance',
  'TY.s': 'sequencing', 'TY.n': 'numeric', 'TY.o': 'other', 'R.c': 'correct', 'R.i': 'incorrect',
  'R.u': 'unanticipated', 'R.n': 'neutral', 'M.b': 'browse', 'M.n': 'normal', 'M.r': 'review',
  'TLA.em': 'exit,message', 'TLA.cm': 'continue,message', 'TLA.enm': 'exit,no message',
  'TLA.cnm': 'continue,no message', t: 'true', f: 'false', test: 'test', ill: 'illegal',
  less255: 'A characterstring value less than 255 characters', emptyCS: 'An empty characterstring value',
  WOV: 'WriteOnceViolation', IlSt: 'illegal_state', ivd: 'invalid',
  'N.c': 'continue', 'N.p': 'previous', 'N.ea': 'exitAll', 'N.a': 'abandon', 'N.aa': 'abandonAll',
  'N.sa': 'suspendAll', 'N.n': '_none_', 'N.j': 'jump',
};

/** One key as the driver's lookup reads it: its word with `%s` filled, or the key itself. */
export function word(key: string, arg?: string): string {
  const w = WORDS[key];
  if (w === undefined) return key;
  return arg === undefined ? w : w.replace('%s', arg);
}
