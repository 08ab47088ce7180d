// The communication states of both APIs: every call before Initialize, while running, after
// Terminate/LMSFinish, and with non-empty arguments (1.2 RTE §3.3.2.2, digest §2; 2004 RTE §3.1, digest §2, A-21).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createApi12 } from '../../../scorm/runtime/api-12.ts';
import { createApi2004 } from '../../../scorm/runtime/api-2004.ts';
import { RuntimeSession } from '../../../scorm/runtime/session.ts';

const test = suite('API states');

type State = 'not-initialized' | 'running' | 'terminated';

function make12(state: State) {
  const api = createApi12(new RuntimeSession({ version: '1.2', learnerId: 'l', learnerName: 'L', entry: 'ab-initio' }));
  if (state !== 'not-initialized') api.LMSInitialize('');
  if (state === 'terminated') api.LMSFinish('');
  return api;
}
function make2004(state: State) {
  const api = createApi2004(new RuntimeSession({ version: '2004', learnerId: 'l', learnerName: 'L', entry: 'ab-initio' }));
  if (state !== 'not-initialized') api.Initialize('');
  if (state === 'terminated') api.Terminate('');
  return api;
}

// [call, state, expected return, expected code]
const ROWS_12: [string, State, string, string][] = [
  ['LMSInitialize("")', 'not-initialized', 'true', '0'], ['LMSInitialize("")', 'running', 'false', '101'],
  ['LMSInitialize("")', 'terminated', 'false', '101'], ['LMSInitialize("x")', 'not-initialized', 'false', '201'],
  ['LMSInitialize("x")', 'running', 'false', '201'], ['LMSInitialize("x")', 'terminated', 'false', '101'],
  ['LMSFinish("")', 'not-initialized', 'false', '301'], ['LMSFinish("")', 'running', 'true', '0'],
  ['LMSFinish("")', 'terminated', 'false', '101'], ['LMSFinish("x")', 'not-initialized', 'false', '301'],
  ['LMSFinish("x")', 'running', 'false', '201'], ['LMSFinish("x")', 'terminated', 'false', '101'],
  ['LMSGetValue("cmi.core.student_id")', 'not-initialized', '', '301'], ['LMSGetValue("cmi.core.student_id")', 'running', 'l', '0'],
  ['LMSGetValue("cmi.core.student_id")', 'terminated', '', '101'], ['LMSGetValue("")', 'not-initialized', '', '301'],
  ['LMSSetValue("cmi.core.lesson_location","a")', 'not-initialized', 'false', '301'],
  ['LMSSetValue("cmi.core.lesson_location","a")', 'running', 'true', '0'],
  ['LMSSetValue("cmi.core.lesson_location","a")', 'terminated', 'false', '101'],
  ['LMSCommit("")', 'not-initialized', 'false', '301'], ['LMSCommit("")', 'running', 'true', '0'],
  ['LMSCommit("")', 'terminated', 'false', '101'], ['LMSCommit("x")', 'running', 'false', '201'],
  ['LMSCommit("x")', 'not-initialized', 'false', '301'],
];

const ROWS_2004: [string, State, string, string][] = [
  ['Initialize("")', 'not-initialized', 'true', '0'], ['Initialize("")', 'running', 'false', '103'],
  ['Initialize("")', 'terminated', 'false', '104'], ['Initialize("x")', 'not-initialized', 'false', '201'],
  ['Initialize("x")', 'running', 'false', '201'], ['Initialize("x")', 'terminated', 'false', '104'],
  ['Terminate("")', 'not-initialized', 'false', '112'], ['Terminate("")', 'running', 'true', '0'],
  ['Terminate("")', 'terminated', 'false', '113'], ['Terminate("x")', 'not-initialized', 'false', '112'],
  ['Terminate("x")', 'running', 'false', '201'], ['Terminate("x")', 'terminated', 'false', '113'],
  ['GetValue("cmi.learner_id")', 'not-initialized', '', '122'], ['GetValue("cmi.learner_id")', 'running', 'l', '0'],
  ['GetValue("cmi.learner_id")', 'terminated', '', '123'], ['GetValue("")', 'not-initialized', '', '301'],
  ['GetValue("")', 'running', '', '301'], ['GetValue("")', 'terminated', '', '123'],
  ['SetValue("cmi.location","a")', 'not-initialized', 'false', '132'], ['SetValue("cmi.location","a")', 'running', 'true', '0'],
  ['SetValue("cmi.location","a")', 'terminated', 'false', '133'], ['SetValue("","a")', 'running', 'false', '351'],
  ['Commit("")', 'not-initialized', 'false', '142'], ['Commit("")', 'running', 'true', '0'],
  ['Commit("")', 'terminated', 'false', '143'], ['Commit("x")', 'not-initialized', 'false', '201'],
  ['Commit("x")', 'running', 'false', '201'], ['Commit("x")', 'terminated', 'false', '143'],
];

function call(api: object, expr: string): string {
  const m = /^(\w+)\((.*)\)$/.exec(expr)!;
  const args = m[2] === '' ? [] : (JSON.parse(`[${m[2]}]`) as string[]);
  return (api as Record<string, (...a: string[]) => string>)[m[1]!]!(...args);
}

for (const [expr, state, value, code] of ROWS_12) {
  test(`1.2 ${expr} when ${state} → ${JSON.stringify(value)} / ${code}`, () => {
    const api = make12(state);
    assert.is(call(api, expr), value);
    assert.is(api.LMSGetLastError(), code);
  });
}
for (const [expr, state, value, code] of ROWS_2004) {
  test(`2004 ${expr} when ${state} → ${JSON.stringify(value)} / ${code}`, () => {
    const api = make2004(state);
    assert.is(call(api, expr), value);
    assert.is(api.GetLastError(), code);
  });
}

test('support calls never change the error state, in any state', () => {
  for (const state of ['not-initialized', 'running', 'terminated'] as const) {
    const a = make2004(state);
    a.SetValue('cmi.learner_id', 'x');
    const code = a.GetLastError();
    assert.is.not(code, '0');
    a.GetErrorString('0'); a.GetDiagnostic(''); a.GetErrorString('bogus'); a.GetLastError();
    assert.is(a.GetLastError(), code);
    const b = make12(state);
    b.LMSGetValue('cmi.core.exit');
    const code12 = b.LMSGetLastError();
    b.LMSGetErrorString('0'); b.LMSGetDiagnostic('');
    assert.is(b.LMSGetLastError(), code12);
  }
});

test('a success resets the error to 0', () => {
  const a = make2004('running');
  a.GetValue('cmi.exit');
  assert.is(a.GetLastError(), '405');
  a.GetValue('cmi.mode');
  assert.is(a.GetLastError(), '0');
});

test('GetDiagnostic describes the last error; GetErrorString names codes', () => {
  const a = make2004('running');
  a.SetValue('cmi.score.scaled', '2');
  assert.is(a.GetLastError(), '407');
  assert.match(a.GetDiagnostic(''), /^SetValue cmi\.score\.scaled: received string "2"; the number must lie in \[-1, 1\]/);
  assert.is(a.GetDiagnostic('407'), a.GetDiagnostic(''));
  assert.is(a.GetDiagnostic('401'), 'Undefined Data Model Element');
  assert.is(a.GetDiagnostic('999'), '');
  assert.ok(a.GetDiagnostic('').length <= 255);
  assert.is(a.GetErrorString('408'), 'Data Model Dependency Not Established');
  const b = make12('running');
  b.LMSSetValue('cmi.core.student_id', 'x');
  assert.match(b.LMSGetDiagnostic(''), /read only/);
  assert.is(b.LMSGetErrorString('403'), 'Element is read only');
  assert.is(b.LMSGetErrorString('122'), '');
});

test('each refusal\'s diagnostic names the call, the element, the value received (type, excerpt) and the rule with its section', () => {
  const b = make12('running');
  // Camtasia sets the location to undefined.
  assert.is(b.LMSSetValue('cmi.core.lesson_location', undefined as unknown as string), 'false');
  assert.is(b.LMSGetLastError(), '201');
  assert.is(b.LMSGetDiagnostic(''), 'LMSSetValue cmi.core.lesson_location: received undefined; the value must be a string, 1.2 RTE §3.4.5 CMIString255 (RTE §3.4.4 cmi.core.lesson_location)');
  b.LMSSetValue('cmi.core.score.raw', 'eighty');
  assert.match(b.LMSGetDiagnostic(''), /^LMSSetValue cmi\.core\.score\.raw: received string "eighty"; expected 1\.2 RTE §3\.4\.5 CMIDecimal/);
  b.LMSSetValue('cmi.suspend_data', { toString: () => 'x' } as unknown as string);
  assert.is(b.LMSGetDiagnostic(''), 'LMSSetValue cmi.suspend_data: received a object; the value must be a string, 1.2 RTE §3.4.5 CMIString4096 (RTE §3.4.4 cmi.suspend_data)');
  b.LMSSetValue('cmi.core.lesson_location', 'L'.repeat(300));
  assert.match(b.LMSGetDiagnostic(''), /received string "L{40}…" \(300 characters\); expected 1\.2 RTE §3\.4\.5 CMIString255/);
  b.LMSGetValue('cmi.core.nonsense');
  assert.match(b.LMSGetDiagnostic(''), /^LMSGetValue cmi\.core\.nonsense; not an element of this category \(1\.2 RTE/);
  b.LMSInitialize('again');
  assert.is(b.LMSGetDiagnostic(''), 'LMSInitialize: received string "again"; the argument must be an empty string (1.2 RTE §3.3.2.1)');
  b.LMSFinish('');
  b.LMSSetValue('cmi.core.lesson_location', 'late');
  assert.is(b.LMSGetLastError(), '101');
  assert.is(b.LMSGetDiagnostic(''), 'LMSSetValue cmi.core.lesson_location: received string "late"; the session has ended: no data can be stored (1.2 RTE §3.3.2.2, A-1)');

  const a = make2004('running');
  a.SetValue('cmi.completion_status', 'done');
  assert.match(a.GetDiagnostic(''), /^SetValue cmi\.completion_status: received string "done"; expected .*\(RTE §4\.2\.4/);
  a.SetValue('cmi.learner_id', 'me');
  assert.match(a.GetDiagnostic(''), /^SetValue cmi\.learner_id: received string "me"; the element is read only \(/);
  a.Commit(7 as unknown as string);
  assert.is(a.GetDiagnostic(''), 'Commit: received number 7; the argument must be an empty string (2004 RTE §3.1)');
  a.GetValue(undefined as unknown as string);
  assert.is(a.GetDiagnostic(''), 'GetValue (element undefined); an element name is required (2004 RTE §3.1, A-7)');
  for (const d of [a.GetDiagnostic(''), b.LMSGetDiagnostic('')]) assert.ok(d.length <= 255);
});

test('late and malformed calls never throw: after Terminate 113/123/133/143, a hostile argument a general exception', () => {
  const a = make2004('running');
  assert.is(a.Terminate(''), 'true');
  assert.equal([a.GetValue('cmi.location'), a.GetLastError()], ['', '123']);
  assert.equal([a.SetValue('cmi.location', 'x'), a.GetLastError()], ['false', '133']);
  assert.equal([a.Commit(''), a.GetLastError()], ['false', '143']);
  assert.equal([a.Terminate(''), a.GetLastError()], ['false', '113']);
  assert.equal([a.Initialize(''), a.GetLastError()], ['false', '104']);
  const hostile = { toString() { throw new Error('no'); } } as unknown as string;
  const b = make12('running');
  assert.equal([b.LMSGetValue(hostile), b.LMSGetLastError()], ['', '201']);
  assert.equal([b.LMSGetErrorString(Object.create(null) as string), b.LMSGetLastError()], ['', '201']);
  assert.equal([b.LMSFinish(''), b.LMSGetValue('cmi.core.lesson_location'), b.LMSGetLastError()], ['true', '', '101']);
  assert.equal([b.LMSCommit(''), b.LMSGetLastError()], ['false', '101']);
});

test('SetValue takes numbers as strings; a missing value is 201', () => {
  const a = make2004('running');
  assert.is(a.SetValue('cmi.score.raw', 85 as unknown as string), 'true');
  assert.is(a.GetValue('cmi.score.raw'), '85');
  assert.is(a.SetValue('cmi.score.raw', undefined as unknown as string), 'false');
  assert.is(a.GetLastError(), '201');
  const b = make12('running');
  assert.is(b.LMSInitialize(), 'false'); // no argument = "", already initialized
  assert.is(b.LMSGetLastError(), '101');
});

test('facades refuse a session of the other version', () => {
  assert.throws(() => createApi12(new RuntimeSession({ version: '2004', learnerId: 'l', learnerName: 'L', entry: '' })));
  assert.throws(() => createApi2004(new RuntimeSession({ version: '1.2', learnerId: 'l', learnerName: 'L', entry: '' })));
  assert.is(make2004('running').version, '1.0');
});

test.run();
