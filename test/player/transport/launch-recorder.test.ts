// The launch recorder and the recorded API (decision 0023): errors returned to the SCO always,
// the full trace when traced, compact parts that decode back to the calls (server/runtime/
// trace-lines.ts), bounded per part and capped per launch, never changing what the SCO is answered.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LaunchRecorder, MAX_PART_BYTES, MAX_TRACE_CALLS, MAX_VALUE_CHARS, MAX_NAMED_ERRORS } from '../../../player/transport/launch-recorder.ts';
import { recordedApi } from '../../../player/shell/recorded-api.ts';
import { createApi12 } from '../../../scorm/runtime/api-12.ts';
import { createApi2004 } from '../../../scorm/runtime/api-2004.ts';
import { RuntimeSession } from '../../../scorm/runtime/session.ts';
import type { LaunchContext } from '../../../scorm/runtime/launch-context.ts';
import { traceCalls } from '../../../server/runtime/trace-lines.ts';
import { parseLaunchReport } from '../../../server/runtime/parse-launch-report.ts';
import type { LaunchReport } from '../../../contract/launches.ts';

function session12(onCommit: () => boolean = () => true) {
  const context: LaunchContext = { version: '1.2', learnerId: 'l1', learnerName: 'Ada', entry: 'ab-initio' };
  return new RuntimeSession(context, { onCommit: () => onCommit() });
}

function setup(traced: boolean) {
  let clock = 1_000;
  const recorder = new LaunchRecorder(traced, () => clock);
  const reports: Array<LaunchReport | undefined> = [];
  const session = session12(() => {
    reports.push(recorder.take());
    return true;
  });
  const api = recordedApi(createApi12(session), recorder, () => session.lastError());
  return { recorder, api, reports, tick: (ms: number) => (clock += ms) };
}

test('a traced launch: every call with arguments, result, error and time, read back as lines', () => {
  const { recorder, api, tick } = setup(true);
  assert.is(api.LMSInitialize(''), 'true');
  tick(120);
  assert.is(api.LMSSetValue('cmi.core.lesson_status', 'complete'), 'false', 'not a 1.2 vocabulary value');
  assert.is(api.LMSGetLastError(), '405');
  tick(5);
  assert.is(api.LMSGetValue('cmi.core.student_name'), 'Ada');
  const report = parseLaunchReport(JSON.parse(JSON.stringify(recorder.take())));
  assert.equal(report.errors, [['cmi.core.lesson_status', 405]]);
  const calls = traceCalls([report.trace!], '1.2', Date.UTC(2026, 0, 2, 12, 3, 4, 0));
  assert.equal(calls.map((c) => [c.at_ms, c.fn, c.args, c.result, c.error]), [
    [0, 'LMSInitialize', [''], 'true', 0],
    [120, 'LMSSetValue', ['cmi.core.lesson_status', 'complete'], 'false', 405],
    [120, 'LMSGetLastError', [], '405', 0],
    [125, 'LMSGetValue', ['cmi.core.student_name'], 'Ada', 0],
  ]);
  assert.is(calls[1]!.line, '12:03:04.120 LMSSetValue("cmi.core.lesson_status", "complete") → "false"  error 405 Incorrect data type');
  assert.is(recorder.take(), undefined, 'nothing twice');
});

test('an untraced launch reports only the errors returned to the SCO', () => {
  const { recorder, api } = setup(false);
  api.LMSGetValue('cmi.core.lesson_status'); // before LMSInitialize: 301
  api.LMSInitialize('');
  api.LMSGetValue('cmi.nothing');
  assert.equal(recorder.take(), { errors: [['cmi.core.lesson_status', 301], ['cmi.nothing', 201]] }, '1.2: an unknown leaf of cmi is 201 (A-6)');
});

test('the Commit or Terminate a commit rides on travels with it, as succeeding', () => {
  const { api, reports } = setup(true);
  api.LMSInitialize('');
  api.LMSSetValue('cmi.core.lesson_location', 'p1');
  assert.is(api.LMSFinish(''), 'true');
  const last = reports.at(-1)!;
  const calls = traceCalls([last.trace!], '1.2', 0);
  assert.equal(calls.at(-1)!.fn, 'LMSFinish');
  assert.equal([calls.at(-1)!.result, calls.at(-1)!.error], ['true', 0]);
  assert.equal(calls.map((c) => c.fn), ['LMSInitialize', 'LMSSetValue', 'LMSFinish']);
});

test('parts stay small, continue in order and decode on their own; long values are cut', () => {
  const recorder = new LaunchRecorder(true, () => 0);
  const long = 'x'.repeat(5_000);
  for (let i = 0; i < 400; i++) {
    const call = recorder.begin('LMSSetValue', ['cmi.suspend_data', `${i}${long}`]);
    recorder.end(call, 'true', 0);
  }
  const parts = [];
  for (let r = recorder.take(); r; r = recorder.take()) parts.push(r.trace!);
  assert.ok(parts.length > 1);
  for (const p of parts) assert.ok(JSON.stringify(p).length <= MAX_PART_BYTES + 2 * MAX_VALUE_CHARS + 100, `part ${p.n} is ${JSON.stringify(p).length} bytes`);
  assert.equal(parts.map((p) => p.n), parts.map((_, i) => i));
  const calls = traceCalls(parts, '1.2', 0);
  assert.is(calls.length, 400);
  assert.is(calls[0]!.args[1]!.length, MAX_VALUE_CHARS);
  assert.ok(calls[0]!.args[1]!.endsWith('…'));
});

test('caps: calls past MAX_TRACE_CALLS are counted as dropped, errors past MAX_NAMED_ERRORS counted only', () => {
  const recorder = new LaunchRecorder(true, () => 0);
  for (let i = 0; i < MAX_TRACE_CALLS + 3; i++) recorder.end(recorder.begin('GetValue', ['cmi.location']), '', 0);
  for (let i = 0; i < MAX_NAMED_ERRORS + 2; i++) recorder.error('cmi.location', 403);
  let dropped = 0;
  let calls = 0;
  let named = 0;
  let more = 0;
  for (let r = recorder.take(); r; r = recorder.take()) {
    dropped += r.trace?.dropped ?? 0;
    calls += r.trace?.c.length ?? 0;
    named += r.errors?.length ?? 0;
    more += r.more_errors ?? 0;
  }
  assert.equal([calls, dropped, named, more], [MAX_TRACE_CALLS, 3, MAX_NAMED_ERRORS, 2]);
});

test('the recorded API answers exactly what the plain one does, even for arguments that cannot be printed', () => {
  const { api } = setup(true);
  const plainSession = session12();
  const plain = createApi12(plainSession);
  const hostile = { toString() { throw new Error('no'); } } as unknown as string;
  for (const [fn, ...args] of [['LMSInitialize', ''], ['LMSGetValue', hostile], ['LMSGetLastError'], ['LMSSetValue', 'cmi.core.score.raw', '101'], ['LMSGetLastError'], ['LMSGetDiagnostic', '405'], ['LMSCommit', ''], ['LMSFinish', ''], ['LMSGetValue', 'cmi.core.lesson_status'], ['LMSGetLastError']] as const) {
    const call = (target: Record<string, (...a: unknown[]) => string>) => target[fn]!(...args);
    assert.is(call(api as never), call(plain as never), fn);
  }
});

test('API_1484_11 keeps what is not a function: its version', () => {
  const session = new RuntimeSession({ version: '2004', learnerId: 'l1', learnerName: 'Ada', entry: 'ab-initio' });
  const api = recordedApi(createApi2004(session), new LaunchRecorder(true, () => 0), () => session.lastError());
  assert.is(api.version, '1.0');
  assert.is(api.Initialize(''), 'true');
});

test('the server refuses a trace part that points past its string table', () => {
  assert.throws(() => parseLaunchReport({ trace: { n: 0, s: ['a'], c: [[0, 0, 5, 0]] } }), /string table/);
  assert.throws(() => parseLaunchReport({ errors: [['x', -1]] }), /pairs/);
  assert.throws(() => parseLaunchReport({ trace: { n: 0, s: [], c: [[0]] } }), /call/);
});

test.run();
