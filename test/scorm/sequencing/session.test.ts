import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  buildActivityTree,
  createSequencingState,
  navigationValidity,
  parseAdlNavRequest,
  requestAfterTerminate,
} from '../../../scorm/sequencing/index.ts';
import { all, cluster, condition, flow, item, Learner, passed, rule } from './tree-builder.ts';

const session = suite('sequencing 2004 session: suspend, resume, exit all, retry, jump');

function course() {
  return cluster('org', [item('a'), cluster('m', [item('b'), item('c')], flow), item('d')], flow);
}

session('suspend all then resume all delivers the suspended activity in the same attempt', () => {
  const l = Learner.of(course());
  l.nav('start');
  l.nav('continue');
  l.report({ completionStatus: 'incomplete', exit: 'suspend' });
  const r = l.nav('suspendAll');
  assert.ok(r.endSession);
  assert.is(l.state.suspendedActivity, 'b');
  assert.ok(l.state.activities.m!.suspended);
  // Saved with the registration and restored on the next launch.
  const restored = new Learner(l.tree, JSON.parse(JSON.stringify(l.state)));
  let v = navigationValidity(restored.tree, restored.state);
  assert.ok(v.resumeAll);
  assert.is(restored.nav('resumeAll').deliver, 'b');
  assert.is(restored.state.activities.b!.attemptCount, 1);
  assert.is(restored.state.activities.m!.attemptCount, 1);
  assert.not.ok(restored.state.activities.m!.suspended);
  assert.is(restored.state.suspendedActivity, null);
  v = navigationValidity(restored.tree, restored.state);
  assert.not.ok(v.resumeAll);
  assert.is(restored.nav('resumeAll').exception?.code, 'NB.2.1-1');
});

session('resume all without a suspended activity is refused (NB.2.1-3)', () => {
  const l = Learner.of(course());
  assert.is(l.nav('resumeAll').exception?.code, 'NB.2.1-3');
});

session('exit all ends the session and the next start is a new attempt', () => {
  const l = Learner.of(course());
  l.nav('start');
  l.report(passed);
  const r = l.nav('exitAll');
  assert.ok(r.endSession);
  assert.is(l.current, null);
  assert.ok(Object.values(l.state.activities).every((s) => !s.active));
  l.nav('start');
  assert.is(l.state.activities.org!.attemptCount, 2);
  assert.is(l.state.activities.a!.attemptCount, 2);
});

session('adl.nav.request acted on at Terminate, and time-out meaning exit all', () => {
  assert.equal(parseAdlNavRequest('{target=c}choice'), { type: 'choice', target: 'c' });
  assert.equal(parseAdlNavRequest('{target=c}jump'), { type: 'jump', target: 'c' });
  assert.is(parseAdlNavRequest('_none_'), null);
  assert.equal(requestAfterTerminate('2004', { exit: 'time-out' }, '_none_'), { type: 'exitAll' });
  assert.equal(requestAfterTerminate('2004', { exit: '' }, 'suspendAll'), { type: 'suspendAll' });
  const l = Learner.of(course());
  l.nav('start');
  l.report(passed).nav(requestAfterTerminate('2004', { exit: '' }, '{target=c}choice')!);
  assert.is(l.current, 'c');
});

session('jump ignores control modes but not availability', () => {
  const root = cluster('org', [item('a'), item('b'), item('c', (d) => (d.limitConditions.attemptLimit = 1))], (d) => {
    d.controlMode.flow = true;
    d.controlMode.choice = false;
  });
  const l = Learner.of(root);
  assert.is(l.nav({ type: 'jump', target: 'b' }).exception?.code, 'NB.2.1-2');
  l.nav('start');
  assert.is(l.choose('c').exception?.code, 'NB.2.1-10');
  assert.is(l.nav({ type: 'jump', target: 'c' }).deliver, 'c');
  l.nav({ type: 'jump', target: 'a' });
  assert.is(l.nav({ type: 'jump', target: 'c' }).exception?.code, 'DB.1.1-3');
  assert.equal(l.delivered, ['a', 'c', 'a']);
});

session('retry and retryAll start new attempts', () => {
  const l = Learner.of(course());
  l.nav('start');
  l.nav('continue');
  l.nav('retry');
  assert.is(l.current, 'b');
  assert.is(l.state.activities.b!.attemptCount, 2);
  l.report(passed);
  l.nav('retryAll');
  assert.is(l.current, 'a');
  assert.is(l.state.activities.org!.attemptCount, 2);
  // A new attempt on the root starts from clean child data (useCurrentAttemptObjectiveInfo).
  assert.not.ok(l.state.activities.b!.objectives['']!.progressStatus);
});

session('post-condition retryAll restarts the course from the first activity', () => {
  const l = Learner.of(
    cluster('org', [item('a'), item('b', (d) => d.sequencingRules.postConditionRules.push(rule('retryAll', [condition('satisfied', { operator: 'not' })])))], flow),
  );
  l.nav('start');
  l.nav('continue');
  l.report({ successStatus: 'failed' }).nav('continue');
  assert.equal(l.delivered, ['a', 'b', 'a']);
});

session('constrainChoice: only the next activity of the constrained cluster can be chosen', () => {
  const constrained = all(flow, (d) => (d.constrainedChoiceConsiderations.constrainChoice = true));
  const l = Learner.of(cluster('org', [cluster('m', [item('a')], constrained), item('b'), item('c')], flow));
  l.nav('start');
  const v = navigationValidity(l.tree, l.state);
  assert.ok(v.choice.b);
  assert.not.ok(v.choice.c);
  assert.is(l.choose('c').exception?.code, 'SB.2.9-8');
});

session('preventActivation: a cluster cannot be entered by choice from outside', () => {
  const prevented = all(flow, (d) => (d.constrainedChoiceConsiderations.preventActivation = true));
  const l = Learner.of(cluster('org', [item('a'), cluster('m', [item('b'), item('c')], prevented)], flow));
  l.nav('start');
  assert.is(l.choose('c').exception?.code, 'SB.2.9-6');
  l.nav('continue');
  assert.is(l.current, 'b');
  assert.is(l.choose('c').deliver, 'c');
});

session('selection and randomization use the injected RNG', () => {
  const root = cluster('org', [item('a'), item('b'), item('c'), item('d')], (d) => {
    d.controlMode.flow = true;
    d.randomization = { randomizationTiming: 'once', selectCount: 2, reorderChildren: true, selectionTiming: 'once' };
  });
  const values = [0.9, 0.1, 0.0];
  let i = 0;
  const tree = buildActivityTree(root, { mode: '2004', random: () => values[i++ % values.length]! });
  const state = createSequencingState(tree);
  const children = state.activities.org!.availableChildren!;
  assert.is(children.length, 2);
  const l = new Learner(tree, state);
  l.nav('start');
  l.nav('continue');
  assert.equal(l.delivered, children);
  const v = navigationValidity(tree, l.state);
  const unselected = ['a', 'b', 'c', 'd'].filter((id) => !children.includes(id));
  for (const id of unselected) assert.is(v.choice[id], false);
});

session('navigationValidity agrees with processNavigationRequest', () => {
  const root = cluster(
    'org',
    [
      item('a'),
      cluster('m', [item('b', (d) => (d.limitConditions.attemptLimit = 1)), item('c')], all(flow, (d) => (d.controlMode.choiceExit = false))),
      cluster('n', [item('e'), item('f')], all(flow, (d) => (d.controlMode.choice = false))),
      item('g', (d) => d.sequencingRules.preConditionRules.push(rule('disabled', [condition('attempted', { operator: 'not' })]))),
    ],
    flow,
  );
  const l = Learner.of(root);
  const states = [l.state];
  for (const step of ['start', 'continue', 'continue', 'continue', 'previous'] as const) {
    l.nav(step);
    states.push(l.state);
  }
  for (const state of states) {
    const v = navigationValidity(l.tree, state);
    for (const id of Object.keys(v.choice)) {
      const r = new Learner(l.tree, state).choose(id);
      assert.is(v.choice[id], r.deliver !== null, `choice ${id} from ${state.currentActivity}`);
    }
    for (const type of ['continue', 'previous'] as const) {
      const r = new Learner(l.tree, state).nav(type);
      assert.is(v[type], r.deliver !== null || r.endSession === true, `${type} from ${state.currentActivity}`);
    }
  }
});

session.run();
