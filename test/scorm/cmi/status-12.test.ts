// The one SCORM 1.2 status and scaled-score reading (scorm/cmi/status-12.ts), and that the
// server's session columns and the player's sequencing result agree on it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createModelState, snapshotOf } from '../../../scorm/cmi/model-state.ts';
import { decimalOrNull, scaledScore12, statusFrom12 } from '../../../scorm/cmi/status-12.ts';
import { runtimeResult } from '../../../player/shell/runtime-result.ts';
import { sessionColumns } from '../../../server/runtime/session-columns.ts';

test('lesson_status onto completion and success (1.2 RTE 3.4.4 vocabulary)', () => {
  const table: Array<[string | undefined, string, string]> = [
    ['passed', 'completed', 'passed'],
    ['failed', 'completed', 'failed'],
    ['completed', 'completed', 'unknown'],
    ['incomplete', 'incomplete', 'unknown'],
    ['browsed', 'incomplete', 'unknown'],
    ['not attempted', 'not attempted', 'unknown'],
    [undefined, 'not attempted', 'unknown'],
    ['', 'not attempted', 'unknown'],
    ['Passed', 'unknown', 'unknown'],
    ['done', 'unknown', 'unknown'],
  ];
  for (const [status, completion, success] of table) assert.equal(statusFrom12(status), { completion, success }, String(status));
});

test('scaled score: raw within min..max, defaults 0 and 100, blank raw gives none', () => {
  assert.is(scaledScore12('40', undefined, undefined), 0.4);
  assert.is(scaledScore12('40', '', ''), 0.4);
  assert.is(scaledScore12('15', '10', '20'), 0.5);
  assert.is(scaledScore12('30', '20', undefined), 0.125);
  assert.is(scaledScore12('100', '0', '100'), 1);
  assert.is(scaledScore12('0', '0', '100'), 0);
  assert.is(scaledScore12(undefined, '0', '100'), null);
  assert.is(scaledScore12('', '0', '100'), null);
  assert.is(scaledScore12('abc', '0', '100'), null);
});

test('scaled score edge cases: no range falls back to 0..100, bounded to -1..1', () => {
  assert.is(scaledScore12('80', '50', '50'), 0.8, 'max = min gives no range');
  assert.is(scaledScore12('80', '90', '10'), 0.8, 'max < min gives no range');
  assert.is(scaledScore12('30', '20', '25'), 1, 'above max is bounded');
  assert.is(scaledScore12('0', '50', '60'), -1, 'far below min is bounded at -1');
  assert.is(scaledScore12('45', '50', '60'), -0.5);
});

test('decimals: CMIBlank and non-numbers are null', () => {
  assert.is(decimalOrNull(' '), null);
  assert.is(decimalOrNull('Infinity'), null);
  assert.is(decimalOrNull('-.5'), -0.5);
});

test('the server columns and the player result read the same status and score', () => {
  const cases: Array<Record<string, string>> = [
    { 'cmi.core.lesson_status': 'passed', 'cmi.core.score.raw': '75' },
    { 'cmi.core.lesson_status': 'browsed', 'cmi.core.score.raw': '8', 'cmi.core.score.min': '0', 'cmi.core.score.max': '10' },
    { 'cmi.core.lesson_status': 'failed', 'cmi.core.score.raw': '80', 'cmi.core.score.min': '50', 'cmi.core.score.max': '50' },
    { 'cmi.core.lesson_status': 'incomplete' },
    {},
  ];
  for (const values of cases) {
    const state = createModelState('1.2');
    for (const [k, v] of Object.entries(values)) state.values.set(k, v);
    const columns = sessionColumns(state);
    const result = runtimeResult({ exit: '', sessionTime: '', sessionTimeReported: false, totalTime: '', nextEntry: '', attemptEnded: false, endsCourse: false }, snapshotOf(state));
    assert.equal([result.completionStatus, result.successStatus, result.scoreScaled ?? null], [columns.completion_status, columns.success_status, columns.score_scaled], JSON.stringify(values));
  }
});

test.run();
