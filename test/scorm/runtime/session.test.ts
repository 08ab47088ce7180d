// The session core: commit hook and change format, end-of-session values (status, exit, time),
// snapshot and resume, navigation validity, and the server replaying a commit with applyValues.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { applyValues, type Change } from '../../../scorm/cmi/apply-values.ts';
import { getValue } from '../../../scorm/cmi/data-model.ts';
import type { SessionEnd } from '../../../scorm/cmi/end-of-session.ts';
import { stateFromSnapshot } from '../../../scorm/cmi/model-state.ts';
import { initialState } from '../../../scorm/runtime/launch-context.ts';
import type { CommitReason } from '../../../scorm/runtime/session.ts';
import { api12, api2004 } from '../helpers.ts';

const test = suite('runtime session');

function recorder(result = true) {
  const calls: { changes: readonly Change[]; reason: CommitReason; end?: SessionEnd }[] = [];
  return { calls, onCommit: (changes: readonly Change[], reason: CommitReason, end?: SessionEnd) => (calls.push({ changes, reason, ...(end ? { end } : {}) }), result) };
}

test('Commit hands the changes since the last acknowledged commit, compacted, in replayable order', () => {
  const rec = recorder();
  const { api } = api2004({}, { onCommit: rec.onCommit });
  api.SetValue('cmi.location', 'p1');
  api.SetValue('cmi.interactions.0.id', 'i');
  api.SetValue('cmi.interactions.0.type', 'choice');
  api.SetValue('cmi.interactions.0.correct_responses.0.pattern', 'a');
  api.SetValue('cmi.interactions.0.correct_responses.1.pattern', 'b');
  api.SetValue('cmi.interactions.0.type', 'true-false');
  api.SetValue('cmi.interactions.0.correct_responses.0.pattern', 'true');
  api.SetValue('cmi.location', 'p2');
  api.SetValue('cmi.score.scaled', 'bad'); // rejected: not logged
  assert.is(api.Commit(''), 'true');
  assert.is(rec.calls.length, 1);
  assert.is(rec.calls[0]!.reason, 'commit');
  assert.equal(rec.calls[0]!.changes, [
    ['cmi.location', 'p2'], ['cmi.interactions.0.id', 'i'], ['cmi.interactions.0.type', 'choice'],
    ['cmi.interactions.0.correct_responses.0.pattern', 'a'], ['cmi.interactions.0.correct_responses.1.pattern', 'b'],
    ['cmi.interactions.0.type', 'true-false'], ['cmi.interactions.0.correct_responses.0.pattern', 'true'],
  ]);
  // The server replays it on its own copy and reaches the same model.
  const server = applyValues(initialState({ version: '2004', learnerId: 'urn:learner:1', learnerName: 'Jane Doe', entry: 'ab-initio' }), rec.calls[0]!.changes);
  assert.ok(server.ok);
  if (server.ok) assert.is(getValue(server.state, 'cmi.interactions.0.correct_responses._count').value, '1');
  assert.is(api.Commit(''), 'true');
  assert.is(rec.calls.length, 1, 'nothing new: no second call');
});

test('a failed commit keeps the changes and reports 391 (2004) / 101 (1.2)', () => {
  const rec = recorder(false);
  const { api, session } = api2004({}, { onCommit: rec.onCommit });
  api.SetValue('cmi.location', 'p1');
  assert.is(api.Commit(''), 'false');
  assert.is(api.GetLastError(), '391');
  assert.equal(session.pendingChanges(), [['cmi.location', 'p1']]);
  const throwing = api2004({}, { onCommit: () => { throw new Error('offline'); } });
  throwing.api.SetValue('cmi.location', 'x');
  assert.is(throwing.api.Commit(''), 'false');
  assert.is(throwing.api.GetLastError(), '391');
  const old = api12({}, { onCommit: () => false });
  old.api.LMSSetValue('cmi.core.lesson_location', 'x');
  assert.is(old.api.LMSCommit(''), 'false');
  assert.is(old.api.LMSGetLastError(), '101');
});

test('a failed Terminate stays running and does not add the time twice (A-22)', () => {
  let ok = false;
  const seen: SessionEnd[] = [];
  const { api, session } = api2004({ totalTime: 'PT1H' }, { onCommit: (_c, _r, end) => (end && seen.push(end), ok) });
  api.SetValue('cmi.session_time', 'PT10M');
  assert.is(api.Terminate(''), 'false');
  assert.is(api.GetLastError(), '391');
  assert.is(session.state, 'running');
  ok = true;
  assert.is(api.Terminate(''), 'true');
  assert.is(seen[1]!.totalTime, 'PT1H10M');
  assert.is(session.snapshot().values['cmi.total_time'], 'PT1H10M');
});

test('2004 Terminate: evaluated statuses, exit, accumulated time, next entry', () => {
  const rec = recorder();
  const { api, session } = api2004({ completionThreshold: '0.8', scaledPassingScore: '0.5', totalTime: 'PT1M' }, { onCommit: rec.onCommit });
  api.SetValue('cmi.completion_status', 'completed');
  assert.is(api.GetValue('cmi.completion_status'), 'unknown'); // threshold, no measure
  api.SetValue('cmi.progress_measure', '0.9');
  assert.is(api.GetValue('cmi.completion_status'), 'completed');
  api.SetValue('cmi.success_status', 'failed');
  api.SetValue('cmi.score.scaled', '0.6');
  assert.is(api.GetValue('cmi.success_status'), 'passed');
  api.SetValue('cmi.session_time', 'PT01H059M020S');
  api.SetValue('cmi.exit', 'suspend');
  assert.is(api.Terminate(''), 'true');
  const end = rec.calls.at(-1)!.end!;
  assert.is(rec.calls.at(-1)!.reason, 'terminate');
  assert.equal(
    { exit: end.exit, total: end.totalTime, next: end.nextEntry, ended: end.attemptEnded, c: end.completionStatus, s: end.successStatus },
    { exit: 'suspend', total: 'PT2H20S', next: 'resume', ended: false, c: 'completed', s: 'passed' },
  );
  assert.is(session.snapshot().values['cmi.success_status'], 'passed');
});

test('2004: a suspendAll request suspends even after exit normal; logout ends the course', () => {
  const a = api2004({}, { onCommit: recorder().onCommit });
  a.api.SetValue('cmi.exit', 'normal');
  a.api.SetValue('adl.nav.request', 'suspendAll');
  a.api.Terminate('');
  assert.is(a.session.end!.exit, 'suspend');
  assert.is(a.session.end!.nextEntry, 'resume');
  assert.is(a.session.end!.navRequest, 'suspendAll');
  const b = api2004();
  b.api.SetValue('cmi.exit', 'logout');
  b.api.Terminate('');
  assert.equal([b.session.end!.attemptEnded, b.session.end!.endsCourse, b.session.end!.nextEntry], [true, true, 'ab-initio']);
});

test('session time measured by the LMS when the SCO reports none (A-34)', () => {
  let t = 1_000;
  const { api, session } = api2004({}, { now: () => t });
  t += 90_500;
  api.Terminate('');
  assert.is(session.end!.sessionTime, 'PT1M30.5S');
  assert.is(session.end!.sessionTimeReported, false);
  let u = 0;
  const old = api12({ totalTime: '0000:01:00.00' }, { now: () => u });
  u += 61_000;
  old.api.LMSFinish('');
  assert.is(old.session.end!.sessionTime, '0000:01:01.00');
  assert.is(old.session.end!.totalTime, '0000:02:01.00');
});

test('1.2 LMSFinish: lesson_status from mastery score and credit, total_time, entry after suspend', () => {
  const rec = recorder();
  const { api, session } = api12({ masteryScore: '80', totalTime: '0000:10:00.00' }, { onCommit: rec.onCommit });
  api.LMSSetValue('cmi.core.score.raw', '85');
  api.LMSSetValue('cmi.core.session_time', '00:05:30');
  api.LMSSetValue('cmi.core.exit', 'suspend');
  assert.is(api.LMSFinish(''), 'true');
  const end = rec.calls.at(-1)!.end!;
  assert.equal([end.lessonStatus, end.totalTime, end.nextEntry, end.attemptEnded], ['passed', '0000:15:30.00', 'resume', false]);
  assert.is(session.snapshot().values['cmi.core.lesson_status'], 'passed');
  const b = api12({ masteryScore: '80', credit: 'no-credit' });
  b.api.LMSSetValue('cmi.core.score.raw', '10');
  b.api.LMSFinish('');
  assert.is(b.session.end!.lessonStatus, 'completed');
  const c = api12({ mode: 'browse' });
  c.api.LMSFinish('');
  assert.is(c.session.end!.lessonStatus, 'browsed');
  const d = api12({ masteryScore: '80' });
  d.api.LMSSetValue('cmi.core.lesson_status', 'incomplete');
  d.api.LMSSetValue('cmi.core.score.raw', '95');
  d.api.LMSSetValue('cmi.core.exit', 'logout');
  d.api.LMSFinish('');
  assert.equal([d.session.end!.lessonStatus, d.session.end!.nextEntry, d.session.end!.endsCourse], ['incomplete', '', true]);
});

test('snapshot is plain JSON and resumes the attempt with per-session values reset', () => {
  const first = api2004();
  first.api.SetValue('cmi.location', 'p9');
  first.api.SetValue('cmi.suspend_data', 'state');
  first.api.SetValue('cmi.objectives.0.id', 'urn:o:1');
  first.api.SetValue('cmi.interactions.0.id', 'i');
  first.api.SetValue('cmi.session_time', 'PT5M');
  first.api.SetValue('cmi.exit', 'suspend');
  first.api.SetValue('adl.nav.request', 'continue');
  first.api.Terminate('');
  const stored = JSON.parse(JSON.stringify(first.session.snapshot()));
  const next = api2004({ entry: 'resume', priorState: stored, totalTime: first.session.end!.totalTime, objectiveIds: ['urn:o:1', 'urn:o:2'] });
  const { api } = next;
  assert.is(api.GetValue('cmi.entry'), 'resume');
  assert.is(api.GetValue('cmi.location'), 'p9');
  assert.is(api.GetValue('cmi.suspend_data'), 'state');
  assert.is(api.GetValue('cmi.total_time'), 'PT5M');
  assert.is(api.GetValue('cmi.interactions._count'), '1');
  assert.is(api.GetValue('cmi.objectives._count'), '2'); // the stored one plus the new manifest objective
  assert.is(api.GetValue('adl.nav.request'), '_none_');
  assert.is(api.SetValue('cmi.objectives.0.id', 'urn:o:changed'), 'false'); // still write-once
  const restored = stateFromSnapshot(stored);
  assert.is(restored.values.get('cmi.exit'), 'suspend');
});

test('navigation validity comes from the sequencer hook; default unknown', () => {
  const asked: string[] = [];
  const { api } = api2004({}, { navigationValidity: (r) => (asked.push(r), r === 'continue' ? 'true' : 'false') });
  assert.is(api.GetValue('adl.nav.request_valid.continue'), 'true');
  assert.is(api.GetValue('adl.nav.request_valid.previous'), 'false');
  assert.is(api.GetValue('adl.nav.request_valid.choice.{target=SCO.2}'), 'false');
  assert.equal(asked, ['continue', 'previous', '{target=SCO.2}choice']);
});

test('applyValues: all or nothing, the first failure with its code', () => {
  const base = initialState({ version: '2004', learnerId: 'l', learnerName: 'L', entry: 'ab-initio' });
  const bad = applyValues(base, [['cmi.location', 'a'], ['cmi.interactions.0.type', 'choice'], ['cmi.location', 'b']]);
  assert.not.ok(bad.ok);
  if (!bad.ok) assert.equal(bad.failure, { index: 1, element: 'cmi.interactions.0.type', value: 'choice', error: 'dependency', code: 408 });
  assert.is(base.values.get('cmi.location'), undefined, 'nothing applied');
  const ro = applyValues(base, [['cmi.total_time', 'PT9H']]);
  assert.ok(!ro.ok && ro.failure.code === 404);
  const base12 = initialState({ version: '1.2', learnerId: 'l', learnerName: 'L', entry: 'ab-initio' });
  const r12 = applyValues(base12, [['cmi.core.score.raw', '120']]);
  assert.ok(!r12.ok && r12.failure.code === 405);
  const good = applyValues(base12, [['cmi.core.lesson_status', 'passed'], ['cmi.suspend_data', 'x']]);
  assert.ok(good.ok && good.state.values.get('cmi.core.lesson_status') === 'passed');
});

test('flush sends pending changes for an autosave without touching the error state', () => {
  const rec = recorder();
  const { api, session } = api2004({}, { onCommit: rec.onCommit });
  api.SetValue('cmi.location', 'a');
  api.GetValue('cmi.exit');
  assert.ok(session.flush());
  assert.is(rec.calls[0]!.reason, 'autosave');
  assert.is(api.GetLastError(), '405');
  assert.equal(session.pendingChanges(), []);
});

test.run();
