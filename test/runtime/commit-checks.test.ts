// The commit checks (server/runtime/commit-checks.ts) on stored rows, without a database.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { snapshotOf, stateFromSnapshot, type ModelSnapshot } from '../../scorm/cmi/model-state.ts';
import { initialState } from '../../scorm/runtime/launch-context.ts';
import type { SessionRow } from '../../server/db/session-store.ts';
import { checkCommit, measuredCentiseconds, type CommitVerdict } from '../../server/runtime/commit-checks.ts';
import type { CommitBody } from '../../contract/runtime.ts';
import { sessionRow } from '../db/session-store-contract.ts';

const SESSION = 'session-aaaaaaaa';

function row(version: '1.2' | '2004', over: Partial<SessionRow> = {}): SessionRow {
  const state = initialState({
    version,
    learnerId: 'l1',
    learnerName: 'L',
    entry: 'ab-initio',
    ...(version === '2004' ? { sharedData: [{ id: 'bucket', readSharedData: true, writeSharedData: true }] } : {}),
  });
  return sessionRow({ version, data_json: JSON.stringify(snapshotOf(state)), current_session_id: SESSION, commit_sequence: 3, ...over });
}

const input = (over: Partial<CommitBody> = {}): CommitBody => ({
  session_id: SESSION,
  sequence: 4,
  item: 'item_1',
  attempt: 1,
  changes: [],
  reason: 'commit',
  ...over,
});

function refusal(verdict: CommitVerdict) {
  if (verdict.kind !== 'refused') throw new Error(`expected a refusal, got ${verdict.kind}`);
  return verdict.error;
}
function written(verdict: CommitVerdict) {
  if (verdict.kind !== 'write') throw new Error(`expected a write, got ${JSON.stringify(verdict)}`);
  return verdict.write;
}

test('no row: ATTEMPT_NOT_FOUND (404)', () => {
  const e = refusal(checkCommit(undefined, input(), 1));
  assert.equal([e.status, e.code], [404, 'ATTEMPT_NOT_FOUND']);
});

test('another session owns the attempt: STALE_SESSION (409)', () => {
  const e = refusal(checkCommit(row('2004'), input({ session_id: 'session-bbbbbbbb' }), 1));
  assert.equal([e.status, e.code], [409, 'STALE_SESSION']);
});

test('a sequence already applied is a replay answered with the stored sequence', () => {
  assert.equal(checkCommit(row('2004'), input({ sequence: 3 }), 1), { kind: 'replay', sequence: 3 });
  assert.equal(checkCommit(row('2004'), input({ sequence: 1 }), 1), { kind: 'replay', sequence: 3 });
});

test('a gap is OUT_OF_ORDER naming the expected sequence', () => {
  const e = refusal(checkCommit(row('2004'), input({ sequence: 6 }), 1));
  assert.equal([e.code, e.details], ['OUT_OF_ORDER', { expected: 4 }]);
});

test('an ended attempt takes no more commits', () => {
  assert.is(refusal(checkCommit(row('2004', { ended: true }), input(), 1)).code, 'ATTEMPT_ENDED');
});

test('a value the data model refuses rejects the whole commit with its SCORM error', () => {
  const e = refusal(checkCommit(row('2004'), input({ changes: [['cmi.location', 'ok'], ['cmi.completion_status', 'done']] }), 1));
  assert.equal([e.status, e.code], [422, 'INVALID_VALUE']);
  assert.equal(e.details, { element: 'cmi.completion_status', value: 'done', scorm_error: 406, index: 1 });
  const ro = refusal(checkCommit(row('1.2'), input({ changes: [['cmi.core.student_id', 'x']] }), 1));
  assert.is(ro.details?.scorm_error, 403);
});

test('a plain commit writes the columns and the model, and nothing else', () => {
  const w = written(checkCommit(row('2004'), input({ changes: [['cmi.location', 'p9'], ['cmi.completion_status', 'completed']] }), 777));
  assert.is(w.fields.location, 'p9');
  assert.is(w.fields.completion_status, 'completed');
  assert.is(w.fields.commit_sequence, 4);
  assert.is(w.fields.updated_at, 777);
  assert.ok(String(w.fields.data_json).includes('p9'));
  assert.is(w.details, undefined);
  assert.is(w.registration, undefined);
  assert.equal(w.shared, []);
});

test('the data model the caller kept from the last write is used as it is, and left unchanged', () => {
  const stored = row('2004');
  const known = stateFromSnapshot(JSON.parse(stored.data_json) as ModelSnapshot);
  known.values.set('cmi.location', 'kept');
  const verdict = checkCommit(stored, input({ changes: [['cmi.suspend_data', 'next']] }), 1, known);
  if (verdict.kind !== 'write') throw new Error(verdict.kind);
  assert.equal([verdict.write.fields.location, verdict.write.fields.suspend_data], ['kept', 'next']);
  assert.is(verdict.state.values.get('cmi.suspend_data'), 'next');
  assert.is(known.values.get('cmi.suspend_data'), undefined);
  // The state answered is the one the written data_json holds.
  assert.equal(snapshotOf(verdict.state), JSON.parse(verdict.write.fields.data_json!));
});

test('interactions or objectives rewrite the detail rows', () => {
  const w = written(checkCommit(row('2004'), input({ changes: [['cmi.interactions.0.id', 'q1'], ['cmi.interactions.0.type', 'true-false'], ['cmi.interactions.0.result', 'correct']] }), 1));
  assert.equal(w.details?.interactions.map((r) => [r.interaction_id, r.type, r.result]), [['q1', 'true-false', 'correct']]);
  assert.equal(w.details?.objectives, []);
});

test('terminate ends the session: end recorded, attempt ended unless suspended, registration touched', () => {
  const w = written(checkCommit(row('2004'), input({ reason: 'terminate', changes: [['cmi.exit', 'normal'], ['cmi.session_time', 'PT1M30S']], end: { sessionTime: 'PT1M30S', sessionTimeReported: true } }), 900));
  assert.is(w.fields.ended, true);
  assert.is(w.fields.session_time_seconds, 90);
  assert.is(JSON.parse(String(w.fields.last_end_json)).nextEntry, 'ab-initio');
  assert.equal(w.registration, { lastAccessedAt: 900 });
  const s = written(checkCommit(row('2004'), input({ reason: 'terminate', changes: [['cmi.exit', 'suspend']], end: {} }), 900));
  assert.is(s.fields.ended, false);
});

test('navigation state goes to the registration with the commit', () => {
  const w = written(checkCommit(row('2004'), input({ sequencing_state: { current: 'a' } }), 5));
  assert.equal(w.registration, { lastAccessedAt: 5, sequencingState: { current: 'a' } });
});

test('adl.data stores are shared writes by targetID (RTE 4.3)', () => {
  const w = written(checkCommit(row('2004'), input({ changes: [['adl.data.0.store', 'one'], ['adl.data.0.store', 'two']] }), 1));
  assert.equal(w.shared, [['bucket', 'two']]);
});

test('the LMS-measured session time counts only when the SCO reported none, bounded to a day (A-34)', () => {
  assert.is(measuredCentiseconds('2004', { sessionTime: 'PT10S', sessionTimeReported: false }), 1000);
  assert.is(measuredCentiseconds('2004', { sessionTime: 'PT10S', sessionTimeReported: true }), 0);
  assert.is(measuredCentiseconds('1.2', { sessionTime: '0000:01:00.00' }), 6000);
  assert.is(measuredCentiseconds('2004', { sessionTime: 'P3D' }), 24 * 3600 * 100);
  assert.is(measuredCentiseconds('2004', { sessionTime: 'garbage' }), 0);
  assert.is(measuredCentiseconds('2004', undefined), 0);
});

test.run();
