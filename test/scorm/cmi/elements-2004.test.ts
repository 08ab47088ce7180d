// Every SCORM 2004 element: valid and invalid values and their error codes (2004 RTE §4.2, §4.4;
// digest §6-§7), on a session with one objective and one interaction of each type already created.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { INTERACTIONS_LIMIT } from '../../../scorm/cmi/data-model.ts';
import { api2004, type SetCase } from '../helpers.ts';

const test = suite('cmi 2004 elements');

const long = (n: number) => 'a'.repeat(n);

function prepared() {
  const made = api2004({ sharedData: [{ id: 'urn:bucket:rw' }, { id: 'urn:bucket:ro', writeSharedData: false }, { id: 'urn:bucket:wo', readSharedData: false }] });
  const { api } = made;
  api.SetValue('cmi.objectives.0.id', 'urn:obj:0');
  api.SetValue('cmi.interactions.0.id', 'urn:int:0');
  api.SetValue('cmi.comments_from_learner.0.comment', 'first');
  return made;
}

const real = (element: string, range: 'scaled' | 'unit' | 'none' | 'positive'): SetCase[] => {
  const rows: SetCase[] = [[element, '0', 0], [element, '0.5', 0], [element, 'invalid', 406], [element, '34,000.00', 406],
    [element, '3.1456200.045', 406], [element, '1e3', 406], [element, 'NaN', 406], [element, '', 406]];
  if (range === 'scaled') rows.push([element, '-1', 0], [element, '1.0', 0], [element, '-2.0', 407], [element, '1.0000999', 407]);
  if (range === 'unit') rows.push([element, '1', 0], [element, '-1.0', 407], [element, '1.01', 407]);
  if (range === 'none') rows.push([element, '-35', 0], [element, '12345.1234567', 0]);
  if (range === 'positive') rows.push([element, '100.0', 0], [element, '-1.0', 407]);
  return rows;
};

const SETS: SetCase[] = [
  ...['completed', 'incomplete', 'not attempted', 'unknown'].map((s): SetCase => ['cmi.completion_status', s, 0]),
  ['cmi.completion_status', '', 406], ['cmi.completion_status', 'passed', 406], ['cmi.completion_status', 'Completed', 406],
  ...['passed', 'failed', 'unknown'].map((s): SetCase => ['cmi.success_status', s, 0]),
  ['cmi.success_status', 'completed', 406], ['cmi.success_status', '', 406],
  ...['time-out', 'suspend', 'logout', 'normal', ''].map((s): SetCase => ['cmi.exit', s, 0]),
  ['cmi.exit', 'resume', 406], ['cmi.exit', 'Normal', 406],
  ['cmi.location', '', 0], ['cmi.location', long(1000), 0], ['cmi.location', long(64000), 0], ['cmi.location', long(64001), 351],
  ['cmi.suspend_data', long(64000), 0], ['cmi.suspend_data', long(64001), 351], ['cmi.suspend_data', '', 0],
  ...real('cmi.progress_measure', 'unit'), ...real('cmi.score.scaled', 'scaled'), ...real('cmi.score.raw', 'none'),
  ...real('cmi.score.min', 'none'), ...real('cmi.score.max', 'none'),
  ...real('cmi.objectives.0.score.scaled', 'scaled'), ...real('cmi.objectives.0.score.raw', 'none'),
  ...real('cmi.objectives.0.progress_measure', 'unit'), ...real('cmi.interactions.0.weighting', 'none'),
  ...real('cmi.learner_preference.audio_level', 'positive'), ...real('cmi.learner_preference.delivery_speed', 'positive'),
  ['cmi.session_time', 'PT1H30M', 0], ['cmi.session_time', 'P1Y2M3DT4H5M6.78S', 0], ['cmi.session_time', 'PT01H059M020S', 0],
  ['cmi.session_time', 'P0Y029DT0H', 0], ['cmi.session_time', 'PT0S', 0], ['cmi.session_time', 'P', 406],
  ['cmi.session_time', 'PT', 406], ['cmi.session_time', 'P1Y6M14DT', 406], ['cmi.session_time', 'P1Y6M14D4H15M6.34S', 406],
  ['cmi.session_time', 'PT6.345S', 406], ['cmi.session_time', 'P1W', 406], ['cmi.session_time', '-PT1M', 406],
  ['cmi.session_time', '00:10:00', 406], ['cmi.session_time', 'PT1,5S', 406],
  ['cmi.learner_preference.audio_captioning', '-1', 0], ['cmi.learner_preference.audio_captioning', '1', 0],
  ['cmi.learner_preference.audio_captioning', '2', 406], ['cmi.learner_preference.audio_captioning', '', 406],
  ['cmi.learner_preference.audio_captioning', 'illegal', 406],
  ['cmi.learner_preference.language', '', 0], ['cmi.learner_preference.language', 'en-US', 0],
  ['cmi.learner_preference.language', 'fre', 0], ['cmi.learner_preference.language', 'x-klingon', 0],
  ['cmi.learner_preference.language', 'exg', 406], ['cmi.learner_preference.language', 'sp', 406],
  ['cmi.learner_preference.language', 'en-XX', 406], ['cmi.learner_preference.language', 'english', 406],
  ['cmi.comments_from_learner.0.comment', '{lang=de}Gut', 0], ['cmi.comments_from_learner.0.comment', '{lang=}x', 406],
  ['cmi.comments_from_learner.0.comment', '{lang=frl}x', 406], ['cmi.comments_from_learner.0.comment', '{lang=en', 0],
  ['cmi.comments_from_learner.0.location', 'p3', 0], ['cmi.comments_from_learner.0.timestamp', '2004-04-01T09:45:58.55Z', 0],
  ['cmi.comments_from_learner.0.timestamp', '', 406], ['cmi.comments_from_learner.1.location', 'creates', 0],
  ...['2004', '2004-04', '2004-04-01', '2004-04-01T15', '2004-04-01T09:45', '2004-04-01T09:45:58', '2004-04-01T09:45:58.2',
    '2004-04-01T09:45:58.55+02', '2004-04-01T09:45:58.55-03:00', '2004-06-30T14:00:00.10+23', '2004-02-29', '2038-12-31',
    '1970-01-01'].map((t): SetCase => ['cmi.interactions.0.timestamp', t, 0]),
  ...['1969', '2039', '22004', '004', '2004-13', '2004-03-32', '2003-02-29', '2004-04-01T24', '2004-04-01T14:60',
    '2004-04-01T09:45:60', '2004-04-01T09:45:58Z', '2004-04-01T09:45:58+02:30', '2004-04-01T09:45Z', '2004-4', '2004-04-1',
    '2004-', '2004-04-01T', '2004-04-01T09:45:58.', '2004-04-01T09:45:58.025', '2004-04-01T09:45:58.55+24',
    '2004-04-01T09:45:58.55+05:60', '2004-04-01T09:45:58.55Z+02:30', ''].map((t): SetCase => ['cmi.interactions.0.timestamp', t, 406]),
  ['cmi.interactions.0.id', 'urn:int:0b', 0], ['cmi.interactions.0.id', 'INTID0', 0], ['cmi.interactions.0.id', '', 406],
  ['cmi.interactions.0.id', 'urn:', 406], ['cmi.interactions.0.id', 'urn:adl:lms Test/OBJ01', 406],
  ['cmi.interactions.0.id', 'a{b}', 406], ['cmi.interactions.0.id', 'bad%zz', 406], ['cmi.interactions.0.id', 'ok%20', 0],
  ['cmi.interactions.0.type', 'other-fill-in', 406], ['cmi.interactions.0.type', 'true', 406], ['cmi.interactions.0.type', '', 406],
  ...['true-false', 'choice', 'fill-in', 'long-fill-in', 'likert', 'matching', 'performance', 'sequencing', 'numeric', 'other'].map(
    (t): SetCase => ['cmi.interactions.0.type', t, 0],
  ),
  ...['correct', 'incorrect', 'unanticipated', 'neutral', '7.652', '-35'].map((r): SetCase => ['cmi.interactions.0.result', r, 0]),
  ['cmi.interactions.0.result', 'wrong', 406], ['cmi.interactions.0.result', '', 406], ['cmi.interactions.0.result', '34,000.00', 406],
  ['cmi.interactions.0.latency', 'PT2.5S', 0], ['cmi.interactions.0.latency', '00:00:02', 406],
  ['cmi.interactions.0.description', '{lang=en-GB}Colour', 0], ['cmi.interactions.0.description', '{lang=ruq-JM}x', 406],
  ['cmi.interactions.0.objectives.0.id', 'urn:obj:0', 0], ['cmi.interactions.0.objectives.0.id', 'bad id', 406],
  ['cmi.objectives.0.success_status', 'passed', 0], ['cmi.objectives.0.success_status', '', 406],
  ['cmi.objectives.0.completion_status', 'not attempted', 0], ['cmi.objectives.0.completion_status', 'passed', 406],
  ['cmi.objectives.0.description', '{lang=es}Objetivo', 0], ['cmi.objectives.0.id', 'urn:obj:0', 0],
  ['cmi.objectives.0.id', 'urn:obj:other', 351], ['cmi.objectives.1.id', 'urn:obj:0', 351], ['cmi.objectives.1.id', 'urn:obj:1', 0],
  ['cmi.objectives.1.id', '', 406],
  ['adl.nav.request', 'continue', 0], ['adl.nav.request', '_none_', 0], ['adl.nav.request', 'suspendAll', 0],
  ['adl.nav.request', '{target=_.activity.11}choice', 0], ['adl.nav.request', '{target=SCO-2}jump', 0],
  ['adl.nav.request', 'choice', 406], ['adl.nav.request', 'jump', 406], ['adl.nav.request', 'start', 406],
  ['adl.nav.request', 'resumeAll', 406], ['adl.nav.request', 'retry', 406], ['adl.nav.request', '{target=}choice', 406],
  ['adl.nav.request', '{target=a b}choice', 406], ['adl.nav.request', 'Continue', 406],
  ['adl.data.0.store', 'shared', 0], ['adl.data.0.store', long(64000), 0], ['adl.data.1.store', 'x', 404],
  ['adl.data.2.store', 'x', 0], ['adl.data.3.store', 'x', 351], ['adl.data.0.id', 'x', 404],
  // read-only → 404
  ...['cmi.completion_threshold', 'cmi.credit', 'cmi.entry', 'cmi.launch_data', 'cmi.learner_id', 'cmi.learner_name',
    'cmi.max_time_allowed', 'cmi.mode', 'cmi.scaled_passing_score', 'cmi.time_limit_action', 'cmi.total_time',
    'adl.nav.request_valid.continue', 'adl.nav.request_valid.previous', 'adl.nav.request_valid.choice.{target=a}',
    'adl.nav.request_valid.jump.{target=a}'].map((e): SetCase => [e, 'x', 404]),
  // keywords → 404
  ...['cmi._version', 'cmi.score._children', 'cmi.objectives._count', 'cmi.objectives._children', 'cmi.interactions._count',
    'cmi.interactions._children', 'cmi.comments_from_learner._count', 'cmi.comments_from_lms._children',
    'cmi.learner_preference._children', 'cmi.objectives.0.score._children', 'cmi.interactions.0.objectives._count',
    'cmi.interactions.0.correct_responses._count', 'adl.data._count', 'adl.data._children'].map((e): SetCase => [e, '1', 404]),
  // comments_from_lms is read-only even at n == _count (CTS DMI 2.1.3459, A-44)
  ['cmi.comments_from_lms.0.comment', 'x', 404], ['cmi.comments_from_lms.1.comment', 'x', 351],
  // names
  ['', 'x', 351], ['cmi', 'x', 401], ['cmi.objectives', 'x', 401], ['cmi.score', '1', 401], ['cmi.learner_preference', '1', 401],
  ['adl.data', '1', 401], ['cmi.bogus', 'x', 401], ['cmi.core.lesson_status', 'passed', 401], ['xyz.a', '1', 401],
  ['cmi.objectives.-1.id', 'a', 401], ['cmi.objectives.x.id', 'a', 401], ['cmi.objectives..id', 'a', 401],
  // collection order and dependencies (RTE §4.1.1.3)
  ['cmi.objectives.5.id', 'urn:x', 351], ['cmi.interactions.02.id', 'x', 351], ['cmi.interactions.1.type', 'choice', 408],
  ['cmi.interactions.1.result', 'correct', 408], ['cmi.objectives.1.success_status', 'passed', 408],
  ['cmi.objectives.1.score.scaled', '0.5', 408], ['cmi.interactions.1.objectives.0.id', 'urn:o', 408],
  ['cmi.interactions.0.learner_response', 'a', 408], ['cmi.interactions.0.correct_responses.0.pattern', 'a', 408],
  ['cmi.interactions.0.objectives.1.id', 'urn:o', 351], ['cmi.interactions.2.id', 'x', 351],
  // the read-only/write-only codes are the reverse of 1.2
  ['cmi.learner_id', 'x', 404],
];

for (const [element, value, code] of SETS) {
  test(`SetValue(${element}, ${JSON.stringify(value.length > 20 ? value.slice(0, 8) + '…' + value.length : value)}) → ${code}`, () => {
    const { api } = prepared();
    const out = api.SetValue(element, value);
    assert.is(api.GetLastError(), String(code));
    assert.is(out, code === 0 ? 'true' : 'false');
    if (code === 0 && !element.startsWith('adl.data') && element !== 'cmi.exit' && element !== 'cmi.session_time' &&
      !element.endsWith('_status')) {
      assert.is(api.GetValue(element), value, 'read back');
    }
  });
}

const GETS: [string, string, number][] = [
  ['cmi._version', '1.0', 0], ['cmi.completion_status', 'unknown', 0], ['cmi.success_status', 'unknown', 0],
  ['cmi.credit', 'credit', 0], ['cmi.entry', 'ab-initio', 0], ['cmi.mode', 'normal', 0], ['cmi.total_time', 'PT0H0M0S', 0],
  ['cmi.learner_id', 'urn:learner:1', 0], ['cmi.learner_name', 'Jane Doe', 0], ['cmi.time_limit_action', 'continue,no message', 0],
  ['cmi.learner_preference.audio_level', '1', 0], ['cmi.learner_preference.delivery_speed', '1', 0],
  ['cmi.learner_preference.audio_captioning', '0', 0], ['cmi.learner_preference.language', '', 0],
  ['cmi.location', '', 403], ['cmi.suspend_data', '', 403], ['cmi.progress_measure', '', 403], ['cmi.score.scaled', '', 403],
  ['cmi.score.raw', '', 403], ['cmi.completion_threshold', '', 403], ['cmi.scaled_passing_score', '', 403],
  ['cmi.max_time_allowed', '', 403], ['cmi.launch_data', '', 403],
  ['cmi.exit', '', 405], ['cmi.session_time', '', 405],
  ['cmi.score._children', 'scaled,raw,min,max', 0],
  ['cmi.learner_preference._children', 'audio_level,language,delivery_speed,audio_captioning', 0],
  ['cmi.objectives._children', 'id,score,success_status,completion_status,progress_measure,description', 0],
  ['cmi.interactions._children', 'id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description', 0],
  ['cmi.comments_from_learner._children', 'comment,location,timestamp', 0], ['cmi.comments_from_lms._children', 'comment,location,timestamp', 0],
  ['adl.data._children', 'id,store', 0], ['cmi.objectives.0.score._children', 'scaled,raw,min,max', 0],
  ['cmi.objectives._count', '1', 0], ['cmi.interactions._count', '1', 0], ['cmi.comments_from_learner._count', '1', 0],
  ['cmi.comments_from_lms._count', '0', 0], ['adl.data._count', '3', 0], ['cmi.interactions.0.objectives._count', '0', 0],
  ['cmi.interactions.0.correct_responses._count', '0', 0],
  ['cmi.objectives.0.id', 'urn:obj:0', 0], ['cmi.objectives.0.success_status', 'unknown', 0],
  ['cmi.objectives.0.completion_status', 'unknown', 0], ['cmi.objectives.0.score.scaled', '', 403],
  ['cmi.objectives.0.description', '', 403], ['cmi.interactions.0.type', '', 403], ['cmi.interactions.0.result', '', 403],
  ['cmi.comments_from_learner.0.comment', 'first', 0], ['cmi.comments_from_learner.0.location', '', 403],
  ['adl.data.0.id', 'urn:bucket:rw', 0], ['adl.data.0.store', '', 403], ['adl.data.2.store', '', 405], ['adl.data.3.id', '', 301],
  ['adl.nav.request', '_none_', 0], ['adl.nav.request_valid.continue', 'unknown', 0], ['adl.nav.request_valid.previous', 'unknown', 0],
  ['adl.nav.request_valid.choice.{target=SCO-1}', 'unknown', 0], ['adl.nav.request_valid.choice', '', 301],
  ['adl.nav.request_valid.choice.SCO-1', '', 301], ['adl.nav.request_valid.jump', '', 301],
  // keyword failures → 301
  ['cmi.location._children', '', 301], ['cmi.interactions.0.objectives._children', '', 301],
  ['cmi.interactions.0.correct_responses._children', '', 301], ['cmi.score._count', '', 301], ['cmi.location._count', '', 301],
  ['cmi.score._version', '', 301], ['cmi._children', '', 401], ['cmi._count', '', 301],
  // index past _count → 301
  ['cmi.objectives.1.id', '', 301], ['cmi.interactions.5.id', '', 301], ['cmi.comments_from_lms.0.comment', '', 301],
  ['cmi.interactions.0.objectives.0.id', '', 301], ['cmi.objectives.3.score._children', '', 301],
  // names → 401
  ['cmi', '', 401], ['cmi.objectives', '', 401], ['cmi.score', '', 401], ['adl', '', 401], ['adl.data', '', 401],
  ['cmi.core.student_id', '', 401], ['cmi.objectives.x.id', '', 401], ['bogus', '', 401], ['', '', 301],
];

for (const [element, value, code] of GETS) {
  test(`GetValue(${element}) → ${code}`, () => {
    const { api } = prepared();
    assert.is(api.GetValue(element), value);
    assert.is(api.GetLastError(), String(code));
  });
}

test('a rejected creating value leaves _count unchanged (CTS DMI 1.1.101-103)', () => {
  const { api } = prepared();
  assert.is(api.SetValue('cmi.objectives.1.id', 'urn:'), 'false');
  assert.is(api.GetValue('cmi.objectives._count'), '1');
  assert.is(api.SetValue('cmi.interactions.0.objectives.0.id', 'urn:x:a'), 'true');
  assert.is(api.SetValue('cmi.interactions.0.objectives.1.id', 'urn:x:a'), 'false');
  assert.is(api.GetLastError(), '351'); // unique within the interaction (CTS DMI 3.1.116)
  assert.is(api.GetValue('cmi.interactions.0.objectives._count'), '1');
});

test('the 1,001st interaction is refused with 351 (maximum exceeded) and _count stays at 1,000', () => {
  const { api } = api2004();
  for (let n = 0; n < INTERACTIONS_LIMIT; n++) assert.is(api.SetValue(`cmi.interactions.${n}.id`, `q${n}`), 'true');
  assert.is(api.SetValue(`cmi.interactions.${INTERACTIONS_LIMIT}.id`, 'one-too-many'), 'false');
  assert.is(api.GetLastError(), '351');
  assert.match(api.GetDiagnostic('351'), /maximum/);
  assert.is(api.GetValue('cmi.interactions._count'), String(INTERACTIONS_LIMIT));
  assert.is(api.SetValue(`cmi.interactions.${INTERACTIONS_LIMIT - 1}.type`, 'true-false'), 'true', 'the records below the limit still take values');
});

test('interaction ids may repeat and be overwritten (A-39)', () => {
  const { api } = prepared();
  assert.is(api.SetValue('cmi.interactions.1.id', 'urn:int:0'), 'true');
  assert.is(api.SetValue('cmi.interactions.1.id', 'urn:int:1'), 'true');
  assert.is(api.GetValue('cmi.interactions.1.id'), 'urn:int:1');
});

test('shared data: "" makes a store uninitialized again; LMS values and maps', () => {
  const { api } = api2004({ sharedData: [{ id: 'urn:b', value: 'from-lms' }] });
  assert.is(api.GetValue('adl.data.0.store'), 'from-lms');
  assert.is(api.SetValue('adl.data.0.store', ''), 'true');
  assert.is(api.GetValue('adl.data.0.store'), '');
  assert.is(api.GetLastError(), '403');
});

test('LMS-supplied values, comments from the LMS, pre-loaded objectives', () => {
  const { api } = api2004({
    mode: 'review', launchData: 'x=1', completionThreshold: 0.8, scaledPassingScore: '0.6', maxTimeAllowed: 'PT1H',
    timeLimitAction: 'exit,message', objectiveIds: ['urn:o:1', 'urn:o:2'],
    commentsFromLms: [{ comment: 'Read chapter 2', location: 'ch2', timestamp: '2024-01-01T10:00:00.0Z' }],
  });
  assert.is(api.GetValue('cmi.mode'), 'review');
  assert.is(api.GetValue('cmi.credit'), 'no-credit');
  assert.is(api.GetValue('cmi.launch_data'), 'x=1');
  assert.is(api.GetValue('cmi.completion_threshold'), '0.8');
  assert.is(api.GetValue('cmi.scaled_passing_score'), '0.6');
  assert.is(api.GetValue('cmi.max_time_allowed'), 'PT1H');
  assert.is(api.GetValue('cmi.time_limit_action'), 'exit,message');
  assert.is(api.GetValue('cmi.objectives._count'), '2');
  assert.is(api.GetValue('cmi.objectives.1.id'), 'urn:o:2');
  assert.is(api.GetValue('cmi.comments_from_lms._count'), '1');
  assert.is(api.GetValue('cmi.comments_from_lms.0.comment'), 'Read chapter 2');
  assert.is(api.GetValue('cmi.comments_from_lms.0.location'), 'ch2');
  assert.is(api.SetValue('cmi.comments_from_lms.0.comment', 'x'), 'false');
  assert.is(api.GetLastError(), '404');
});

test.run();
