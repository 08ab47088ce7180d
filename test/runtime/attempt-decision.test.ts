// Which attempt a SCO opens (server/runtime/attempt-decision.ts), without a database.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decideAttempt, decideReview, type LatestAttempt } from '../../server/runtime/attempt-decision.ts';

const snapshot = { version: '2004', values: { 'cmi.location': 'p3' }, counts: {} };
const latest = (over: Partial<LatestAttempt> = {}): LatestAttempt => ({
  attempt: 2,
  ended: false,
  exit_value: '',
  data_json: JSON.stringify(snapshot),
  last_end_json: null,
  ...over,
});

test('a SCO never opened starts attempt 1 ab-initio, on both versions', () => {
  for (const version of ['1.2', '2004'] as const) assert.equal(decideAttempt(undefined, version), { fresh: true, attempt: 1, entry: 'ab-initio' });
});

test('2004: an ended attempt is followed by a new one with fresh data (RTE 4.2.8)', () => {
  assert.equal(decideAttempt(latest({ ended: true, exit_value: 'normal' }), '2004'), { fresh: true, attempt: 3, entry: 'ab-initio' });
});

test('2004: a suspended attempt resumes with its data', () => {
  const d = decideAttempt(latest({ exit_value: 'suspend', last_end_json: JSON.stringify({ nextEntry: 'resume' }) }), '2004');
  assert.equal(d, { fresh: false, attempt: 2, entry: 'resume', priorState: snapshot });
});

test('without a recorded end, a suspend exit still resumes; any other exit continues with entry ""', () => {
  assert.is(decideAttempt(latest({ exit_value: 'suspend' }), '2004').entry, 'resume');
  assert.is(decideAttempt(latest({ exit_value: '' }), '2004').entry, '');
});

test('1.2 keeps one data set per SCO: even an ended session continues the same attempt (A-18)', () => {
  const d = decideAttempt(latest({ ended: true, exit_value: '', last_end_json: JSON.stringify({ nextEntry: '' }) }), '1.2');
  assert.equal(d, { fresh: false, attempt: 2, entry: '', priorState: snapshot });
});

test('an attempt set aside by a move to a newer package version is followed by a fresh one, in both versions', () => {
  for (const version of ['1.2', '2004'] as const) {
    assert.equal(decideAttempt(latest({ archived: true, exit_value: 'suspend' }), version), { fresh: true, attempt: 3, entry: 'ab-initio' }, version);
  }
});

test('review revisits the latest attempt with entry "" and never starts one (RTE 4.2.16)', () => {
  assert.equal(decideReview(latest({ ended: true })), { fresh: false, attempt: 2, entry: '', priorState: snapshot });
  assert.equal(decideReview(undefined), { fresh: false, attempt: 1, entry: 'ab-initio' });
});

test.run();
