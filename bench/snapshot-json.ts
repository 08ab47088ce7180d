// Bench: the text every commit stores as data_json (the attempt's whole model), written the long
// way (the model as an object, then JSON.stringify) and by snapshotJson (straight from its maps),
// for attempts of 0, 30 and 150 interactions (decision 0048). Alternated rounds, same process.
// Run: node --import tsx bench/snapshot-json.ts [--rounds 5]
import { snapshotJson, snapshotOf, stateFromSnapshot, type ModelState } from '../scorm/cmi/model-state.ts';
import { createApi2004 } from '../scorm/runtime/api-2004.ts';
import { RuntimeSession } from '../scorm/runtime/session.ts';
import { numberArg, percentile } from './lib/http-load.ts';

const ROUNDS = numberArg('rounds', 5);

/** A 2004 attempt as the commit bench's learners leave it: location, progress, 512 B of suspend data, a quiz. */
function attempt(questions: number): ModelState {
  const session = new RuntimeSession({ version: '2004', learnerId: 'learner-1', learnerName: 'Learner 1', entry: 'ab-initio' });
  const api = createApi2004(session);
  api.Initialize('');
  api.SetValue('cmi.location', 'page-12');
  api.SetValue('cmi.progress_measure', '0.4');
  api.SetValue('cmi.suspend_data', 'state:12:'.padEnd(512, 'x'));
  for (let q = 0; q < questions; q++) {
    api.SetValue(`cmi.interactions.${q}.id`, `question-${q}`);
    api.SetValue(`cmi.interactions.${q}.type`, 'choice');
    api.SetValue(`cmi.interactions.${q}.learner_response`, 'a');
    api.SetValue(`cmi.interactions.${q}.result`, 'correct');
  }
  api.SetValue('cmi.score.scaled', '0.5');
  return stateFromSnapshot(session.snapshot());
}

/** Microseconds per call, over about 200 ms of calls. */
function time(write: (state: ModelState) => string, state: ModelState): number {
  const calls = Math.max(200, Math.round(200_000 / (20 + state.values.size)));
  let length = 0;
  const started = performance.now();
  for (let i = 0; i < calls; i++) length += write(state).length;
  const us = ((performance.now() - started) * 1000) / calls;
  if (length === 0) throw new Error('nothing written');
  return us;
}

const longWay = (state: ModelState) => JSON.stringify(snapshotOf(state));
console.log(`data_json of one attempt, µs per write (node ${process.version}), ${ROUNDS} alternated rounds; baseline: JSON.stringify(snapshotOf(state))`);
for (const questions of [0, 30, 150]) {
  const state = attempt(questions);
  if (snapshotJson(state) !== longWay(state)) throw new Error('the two texts differ');
  const long: number[] = [];
  const direct: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    long.push(time(longWay, state));
    direct.push(time(snapshotJson, state));
  }
  const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
  console.log(
    `  ${String(questions).padStart(3)} interactions (${longWay(state).length} bytes): JSON.stringify(snapshotOf) ${median(long).toFixed(1)} µs, snapshotJson ${median(direct).toFixed(1)} µs` +
      ` (${((median(direct) / median(long)) * 100).toFixed(0)} %)`,
  );
}
