// snapshotJson writes what storage keeps (data_json) straight from the model's maps: it must be
// the very text JSON.stringify(snapshotOf(state)) writes, for every model a run can hold.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createModelState, snapshotJson, snapshotOf, stateFromSnapshot, type ModelState } from '../../../scorm/cmi/model-state.ts';
import { createApi12 } from '../../../scorm/runtime/api-12.ts';
import { createApi2004 } from '../../../scorm/runtime/api-2004.ts';
import { RuntimeSession } from '../../../scorm/runtime/session.ts';

const test = suite('model snapshot as JSON text');

const longWay = (state: ModelState) => JSON.stringify(snapshotOf(state));

function sameText(state: ModelState): void {
  const text = snapshotJson(state);
  assert.is(text, longWay(state));
  // And it reads back as the same model.
  assert.equal(snapshotOf(stateFromSnapshot(JSON.parse(text))), snapshotOf(state));
}

test('an empty model of either version', () => {
  sameText(createModelState('1.2'));
  sameText(createModelState('2004'));
});

test('a 2004 run with a quiz, objectives, text that needs escaping and shared data permissions', () => {
  const session = new RuntimeSession({ version: '2004', learnerId: 'l-1', learnerName: 'Zoë "Q" Ñandú', entry: 'ab-initio' });
  const api = createApi2004(session);
  assert.is(api.Initialize(''), 'true');
  api.SetValue('cmi.location', 'page "7" \\ back\nslash\ttab');
  api.SetValue('cmi.suspend_data', `state:${'x'.repeat(600)}:\u2028\u2029\u0001é漢字`);
  for (let q = 0; q < 40; q++) {
    api.SetValue(`cmi.interactions.${q}.id`, `question-${q}`);
    api.SetValue(`cmi.interactions.${q}.type`, 'choice');
    api.SetValue(`cmi.interactions.${q}.learner_response`, q % 2 ? 'a' : 'b');
    api.SetValue(`cmi.interactions.${q}.result`, q % 3 ? 'correct' : 'incorrect');
  }
  api.SetValue('cmi.objectives.0.id', 'obj-1');
  api.SetValue('cmi.objectives.0.score.scaled', '0.5');
  api.SetValue('cmi.score.scaled', '0.75');
  api.SetValue('cmi.completion_status', 'completed');
  const state = stateFromSnapshot(session.snapshot());
  sameText(state);
  sameText({ ...state, sharedData: [{ read: true, write: false }, { read: true, write: true }] });
});

test('a 1.2 run', () => {
  const session = new RuntimeSession({ version: '1.2', learnerId: 'l-2', learnerName: 'Learner', entry: 'ab-initio' });
  const api = createApi12(session);
  assert.is(api.LMSInitialize(''), 'true');
  api.LMSSetValue('cmi.core.lesson_location', 'p3');
  api.LMSSetValue('cmi.core.score.raw', '88');
  api.LMSSetValue('cmi.interactions.0.id', 'q1');
  api.LMSSetValue('cmi.interactions.0.student_response', 'a');
  sameText(stateFromSnapshot(session.snapshot()));
});

test('a key an object would list first (starts with a digit) keeps the same text the long way', () => {
  const state = createModelState('2004');
  state.values.set('cmi.location', 'here');
  state.values.set('7', 'seven');
  state.values.set('__proto__', 'kept as a key');
  state.counts.set('cmi.interactions', 0);
  state.counts.set('2', 2);
  assert.is(snapshotJson(state), longWay(state));
  assert.ok(snapshotJson(state).indexOf('"7"') < snapshotJson(state).indexOf('"cmi.location"'));
});

test('a key named like an object member is a key like any other', () => {
  const state = createModelState('2004');
  state.values.set('__proto__', 'x');
  state.values.set('toJSON', 'y');
  sameText(state);
});

test.run();
