// Every SCORM 1.2 element: valid and invalid values and their error codes (1.2 RTE §3.4.4; digest §6-§7).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { INTERACTIONS_LIMIT } from '../../../scorm/cmi/data-model.ts';
import { api12, type SetCase } from '../helpers.ts';

const test = suite('cmi 1.2 elements');

const long = (n: number) => 'a'.repeat(n);

// [element, value, expected code]: 0 means LMSSetValue returned "true".
const SETS: SetCase[] = [
  ['cmi.core.lesson_location', '', 0], ['cmi.core.lesson_location', 'page 3', 0], ['cmi.core.lesson_location', long(255), 0],
  ['cmi.core.lesson_location', long(256), 405],
  ...['passed', 'completed', 'failed', 'incomplete', 'browsed'].map((s): SetCase => ['cmi.core.lesson_status', s, 0]),
  ['cmi.core.lesson_status', 'not attempted', 405], ['cmi.core.lesson_status', 'Passed', 405], ['cmi.core.lesson_status', '', 405],
  ['cmi.core.lesson_status', 'unknown', 405],
  ...['raw', 'min', 'max'].flatMap((k): SetCase[] => [
    [`cmi.core.score.${k}`, '0', 0], [`cmi.core.score.${k}`, '100', 0], [`cmi.core.score.${k}`, '85.5', 0],
    [`cmi.core.score.${k}`, '', 0], [`cmi.core.score.${k}`, '.5', 0], [`cmi.core.score.${k}`, '-1', 405],
    [`cmi.core.score.${k}`, '100.01', 405], [`cmi.core.score.${k}`, 'abc', 405], [`cmi.core.score.${k}`, '1e2', 405],
    [`cmi.core.score.${k}`, '+5', 405], [`cmi.core.score.${k}`, '5.', 405],
  ]),
  ...['time-out', 'suspend', 'logout', ''].map((s): SetCase => ['cmi.core.exit', s, 0]),
  ['cmi.core.exit', 'normal', 405], ['cmi.core.exit', 'resume', 405], ['cmi.core.exit', 'Suspend', 405],
  ['cmi.core.session_time', '00:00:00', 0], ['cmi.core.session_time', '0000:10:30.5', 0], ['cmi.core.session_time', '9999:59:59.99', 0],
  ['cmi.core.session_time', '1:00:00', 405], ['cmi.core.session_time', '00:60:00', 405], ['cmi.core.session_time', '00:00:60', 405],
  ['cmi.core.session_time', '00:00:00.123', 405], ['cmi.core.session_time', 'PT1M', 405], ['cmi.core.session_time', '', 405],
  ['cmi.core.session_time', '12345:00:00', 405],
  ['cmi.suspend_data', '', 0], ['cmi.suspend_data', long(4096), 0], ['cmi.suspend_data', long(4097), 405],
  ['cmi.comments', 'Nice course', 0], ['cmi.comments', long(4096), 0], ['cmi.comments', long(4097), 405],
  ['cmi.objectives.0.id', 'obj_1', 0], ['cmi.objectives.0.id', 'obj 1', 405], ['cmi.objectives.0.id', '', 405],
  ['cmi.objectives.0.id', long(256), 405], ['cmi.objectives.0.id', 'urn:x:y-1.2', 0],
  ['cmi.objectives.0.score.raw', '50', 0], ['cmi.objectives.0.score.raw', '101', 405], ['cmi.objectives.0.score.min', '', 0],
  ['cmi.objectives.0.score.max', 'x', 405],
  ...['passed', 'completed', 'failed', 'incomplete', 'browsed', 'not attempted'].map((s): SetCase => ['cmi.objectives.0.status', s, 0]),
  ['cmi.objectives.0.status', 'unknown', 405],
  ['cmi.student_preference.audio', '-1', 0], ['cmi.student_preference.audio', '100', 0], ['cmi.student_preference.audio', '101', 405],
  ['cmi.student_preference.audio', '-2', 405], ['cmi.student_preference.audio', '1.5', 405], ['cmi.student_preference.audio', '', 405],
  ['cmi.student_preference.language', 'English', 0], ['cmi.student_preference.language', long(256), 405],
  ['cmi.student_preference.speed', '-100', 0], ['cmi.student_preference.speed', '100', 0], ['cmi.student_preference.speed', '-101', 405],
  ['cmi.student_preference.text', '-1', 0], ['cmi.student_preference.text', '1', 0], ['cmi.student_preference.text', '2', 405],
  ['cmi.interactions.0.id', 'q1', 0], ['cmi.interactions.0.id', 'q 1', 405],
  ['cmi.interactions.0.objectives.0.id', 'obj_1', 0], ['cmi.interactions.0.objectives.0.id', '', 405],
  ['cmi.interactions.0.time', '23:59:59', 0], ['cmi.interactions.0.time', '09:05:00.5', 0], ['cmi.interactions.0.time', '24:00:00', 405],
  ['cmi.interactions.0.time', '9:05:00', 405], ['cmi.interactions.0.time', '2004-01-01T00:00:00', 405],
  ...['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric'].map(
    (t): SetCase => ['cmi.interactions.0.type', t, 0],
  ),
  ['cmi.interactions.0.type', 'long-fill-in', 405], ['cmi.interactions.0.type', 'other', 405],
  ['cmi.interactions.0.weighting', '1', 0], ['cmi.interactions.0.weighting', '-2.5', 0], ['cmi.interactions.0.weighting', 'heavy', 405],
  ...['correct', 'wrong', 'unanticipated', 'neutral', '0.5', '-3'].map((r): SetCase => ['cmi.interactions.0.result', r, 0]),
  ['cmi.interactions.0.result', 'incorrect', 405], ['cmi.interactions.0.result', '', 405],
  ['cmi.interactions.0.latency', '00:00:05.25', 0], ['cmi.interactions.0.latency', '5', 405],
  ['cmi.interactions.0.student_response', long(255), 0], ['cmi.interactions.0.student_response', long(256), 405],
  // read-only elements → 403
  ...['cmi.core.student_id', 'cmi.core.student_name', 'cmi.core.credit', 'cmi.core.entry', 'cmi.core.total_time',
    'cmi.core.lesson_mode', 'cmi.launch_data', 'cmi.comments_from_lms', 'cmi.student_data.mastery_score',
    'cmi.student_data.max_time_allowed', 'cmi.student_data.time_limit_action'].map((e): SetCase => [e, 'x', 403]),
  // keywords → 402
  ...['cmi._version', 'cmi._children', 'cmi.core._children', 'cmi.core.score._children', 'cmi.objectives._children',
    'cmi.objectives._count', 'cmi.interactions._count', 'cmi.interactions._children', 'cmi.student_data._children',
    'cmi.student_preference._children', 'cmi.objectives.0.score._children', 'cmi.core.score._count',
    'cmi.interactions.0.objectives._count', 'cmi.interactions.0.correct_responses._count'].map((e): SetCase => [e, '1', 402]),
  // unknown names
  ['cmi.core.bogus', 'x', 201], ['cmi.location', 'x', 201], ['cmi.bogus.x', 'x', 401], ['xyz.score.result', '1', 401],
  ['', 'x', 201], ['cmi.objectives.x.id', 'a', 201], ['cmi.objectives.-1.id', 'a', 201], ['cmi.core', 'x', 201],
  // out of order
  ['cmi.objectives.1.id', 'a', 101], ['cmi.interactions.3.id', 'a', 101],
];

for (const [element, value, code] of SETS) {
  test(`LMSSetValue(${element}, ${JSON.stringify(value.length > 20 ? value.slice(0, 8) + '…' + value.length : value)}) → ${code}`, () => {
    const { api } = api12();
    const out = api.LMSSetValue(element, value);
    assert.is(api.LMSGetLastError(), String(code));
    assert.is(out, code === 0 ? 'true' : 'false');
  });
}

// [element, expected value or null for "", expected code] on a fresh launch
const GETS: [string, string, number][] = [
  ['cmi._version', '3.4', 0],
  ['cmi.core._children', 'student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time', 0],
  ['cmi.core.score._children', 'raw,min,max', 0], ['cmi.objectives._children', 'id,score,status', 0],
  ['cmi.student_data._children', 'mastery_score,max_time_allowed,time_limit_action', 0],
  ['cmi.student_preference._children', 'audio,language,speed,text', 0],
  ['cmi.interactions._children', 'id,objectives,time,type,correct_responses,weighting,student_response,result,latency', 0],
  ['cmi.objectives._count', '0', 0], ['cmi.interactions._count', '0', 0],
  ['cmi.core.student_id', 'learner-1', 0], ['cmi.core.student_name', 'Doe, Jane', 0], ['cmi.core.lesson_location', '', 0],
  ['cmi.core.credit', 'credit', 0], ['cmi.core.lesson_status', 'not attempted', 0], ['cmi.core.entry', 'ab-initio', 0],
  ['cmi.core.score.raw', '', 0], ['cmi.core.total_time', '0000:00:00.00', 0], ['cmi.core.lesson_mode', 'normal', 0],
  ['cmi.suspend_data', '', 0], ['cmi.launch_data', '', 0], ['cmi.comments', '', 0], ['cmi.comments_from_lms', '', 0],
  ['cmi.student_data.mastery_score', '', 0], ['cmi.student_preference.audio', '0', 0], ['cmi.student_preference.language', '', 0],
  ['cmi.student_preference.speed', '0', 0], ['cmi.student_preference.text', '0', 0],
  ['cmi.core.exit', '', 404], ['cmi.core.session_time', '', 404],
  ['cmi.core.student_id._children', '', 202], ['cmi.core.lesson_status._children', '', 202],
  ['cmi.interactions.0.correct_responses._children', '', 202], // no _children, whatever the index
  ['cmi.core._count', '', 203], ['cmi.core.score._count', '', 203], ['cmi.student_data._count', '', 203],
  ['cmi.core._version', '', 201], ['cmi.core.bogus', '', 201], ['cmi.bogus.x', '', 401], ['xyz.score.result', '', 401],
  ['', '', 201], ['cmi.objectives.0.id', '', 101], ['cmi.interactions.0.id', '', 101],
  ['nav.event', '', 401], ['cmi.evaluation.comments', '', 401],
];

for (const [element, value, code] of GETS) {
  test(`LMSGetValue(${element}) → ${code}`, () => {
    const { api } = api12();
    assert.is(api.LMSGetValue(element), value);
    assert.is(api.LMSGetLastError(), String(code));
  });
}

test('the 1,001st interaction is refused with 101 (1.2 has no "maximum exceeded") and _count stays at 1,000', () => {
  const { api } = api12();
  for (let n = 0; n < INTERACTIONS_LIMIT; n++) assert.is(api.LMSSetValue(`cmi.interactions.${n}.id`, `q${n}`), 'true');
  assert.is(api.LMSSetValue(`cmi.interactions.${INTERACTIONS_LIMIT}.objectives.0.id`, 'o'), 'false', 'nested creation past the limit too');
  assert.is(api.LMSGetLastError(), '101');
  assert.is(api.LMSSetValue(`cmi.interactions.${INTERACTIONS_LIMIT}.id`, 'one-too-many'), 'false');
  assert.is(api.LMSGetValue('cmi.interactions._count'), String(INTERACTIONS_LIMIT));
  assert.is(api.LMSSetValue('cmi.core.lesson_status', 'completed'), 'true', 'the rest of the data model is untouched');
});

test('collections: packed records, _count, read-back, write-only interactions', () => {
  const { api } = api12();
  assert.is(api.LMSSetValue('cmi.objectives.0.status', 'passed'), 'true'); // 1.2: no dependency on id
  assert.is(api.LMSGetValue('cmi.objectives._count'), '1');
  assert.is(api.LMSSetValue('cmi.objectives.1.id', 'b'), 'true');
  assert.is(api.LMSSetValue('cmi.objectives.0.id', 'a'), 'true');
  assert.is(api.LMSGetValue('cmi.objectives.0.id'), 'a');
  assert.is(api.LMSGetValue('cmi.objectives.0.status'), 'passed');
  assert.is(api.LMSGetValue('cmi.objectives.0.score._children'), 'raw,min,max');
  assert.is(api.LMSSetValue('cmi.objectives.3.id', 'c'), 'false');
  assert.is(api.LMSGetLastError(), '101');
  assert.is(api.LMSGetValue('cmi.objectives._count'), '2');
  assert.is(api.LMSSetValue('cmi.interactions.0.objectives.0.id', 'a'), 'true'); // creates interaction 0 too
  assert.is(api.LMSGetValue('cmi.interactions._count'), '1');
  assert.is(api.LMSGetValue('cmi.interactions.0.objectives._count'), '1');
  assert.is(api.LMSGetValue('cmi.interactions.0.correct_responses._count'), '0');
  assert.is(api.LMSGetValue('cmi.interactions.0.objectives._children'), '');
  assert.is(api.LMSGetLastError(), '202');
  assert.is(api.LMSGetValue('cmi.interactions.0.objectives.0.id'), '');
  assert.is(api.LMSGetLastError(), '404');
  assert.is(api.LMSGetValue('cmi.interactions.1.objectives._count'), '');
  assert.is(api.LMSGetLastError(), '101');
});

test('CMIFeedback per interaction type (A-10)', () => {
  const rows: [string, string, number][] = [
    ['true-false', 't', 0], ['true-false', '0', 0], ['true-false', '1', 0], ['true-false', 'f', 0], ['true-false', 'true', 405],
    ['numeric', '12.5', 0], ['numeric', '-3', 0], ['numeric', '12-15', 405], ['likert', '3', 0], ['likert', '', 0], ['likert', '33', 405],
    ['choice', 'a,c,d', 0], ['choice', 'q1_a', 0], ['fill-in', 'Paris', 0], ['matching', '1.a,2.c', 0], ['performance', 'any text', 0],
    ['sequencing', 'c,a,b', 0],
  ];
  for (const [type, value, code] of rows) {
    const { api } = api12();
    api.LMSSetValue('cmi.interactions.0.type', type);
    assert.is(api.LMSSetValue('cmi.interactions.0.student_response', value), code === 0 ? 'true' : 'false', `${type} ${value}`);
    assert.is(api.LMSSetValue('cmi.interactions.0.correct_responses.0.pattern', value), code === 0 ? 'true' : 'false');
    assert.is(api.LMSGetLastError(), String(code));
  }
});

test('LMS-supplied values reach the data model', () => {
  const { api } = api12({
    credit: 'no-credit', mode: 'browse', entry: 'resume', launchData: 'chapter=2', masteryScore: 80,
    maxTimeAllowed: '00:30:00', timeLimitAction: 'exit,message', commentsFromLms: [{ comment: 'Well done' }], totalTime: '0001:00:00.00',
  });
  assert.is(api.LMSGetValue('cmi.core.credit'), 'no-credit');
  assert.is(api.LMSGetValue('cmi.core.lesson_mode'), 'browse');
  assert.is(api.LMSGetValue('cmi.core.entry'), 'resume');
  assert.is(api.LMSGetValue('cmi.launch_data'), 'chapter=2');
  assert.is(api.LMSGetValue('cmi.student_data.mastery_score'), '80');
  assert.is(api.LMSGetValue('cmi.student_data.max_time_allowed'), '00:30:00');
  assert.is(api.LMSGetValue('cmi.student_data.time_limit_action'), 'exit,message');
  assert.is(api.LMSGetValue('cmi.comments_from_lms'), 'Well done');
  assert.is(api.LMSGetValue('cmi.core.total_time'), '0001:00:00.00');
});

test.run();
