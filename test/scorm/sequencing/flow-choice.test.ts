import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { navigationValidity } from '../../../scorm/sequencing/index.ts';
import { all, cluster, completed, flow, flowOnly, item, Learner } from './tree-builder.ts';

const flowSuite = suite('sequencing 2004 flow');

function threeModules(rootTweak = flow) {
  return cluster('org', [item('a'), cluster('m', [item('b'), item('c')], flow), item('d')], rootTweak);
}

flowSuite('start delivers the first leaf; continue and previous move through leaves', () => {
  const l = Learner.of(threeModules());
  assert.is(l.nav('start').deliver, 'a');
  l.nav('continue');
  l.nav('continue');
  l.nav('continue');
  l.nav('previous');
  l.nav('previous');
  assert.equal(l.delivered, ['a', 'b', 'c', 'd', 'c', 'b']);
  assert.is(l.state.activities.m!.attemptCount, 2);
  assert.is(l.state.activities.c!.attemptCount, 2);
});

flowSuite('continue past the last activity ends the session', () => {
  const l = Learner.of(cluster('org', [item('a'), item('b')], flow));
  l.nav('start');
  l.nav('continue');
  const r = l.nav('continue');
  assert.ok(r.endSession);
  assert.is(r.deliver, null);
  assert.is(l.current, null);
  assert.not.ok(l.state.activities.org!.active);
  assert.is(l.nav('start').deliver, 'a');
  assert.is(l.state.activities.org!.attemptCount, 2);
});

flowSuite('previous from the first activity is refused and not offered', () => {
  const l = Learner.of(threeModules());
  l.nav('start');
  assert.is(navigationValidity(l.tree, l.state).previous, false);
  assert.ok(navigationValidity(l.tree, l.state).continue);
  const r = l.nav('previous');
  assert.is(r.exception?.code, 'SB.2.1-3');
});

flowSuite('flow = false on the parent refuses continue (NB.2.1-4)', () => {
  const l = Learner.of(cluster('org', [item('a'), item('b')]));
  assert.is(l.nav('start').exception?.code, 'SB.2.2-1');
  l.choose('a');
  assert.is(l.nav('continue').exception?.code, 'NB.2.1-4');
  assert.is(navigationValidity(l.tree, l.state).continue, false);
  assert.is(l.current, 'a');
});

flowSuite('forwardOnly refuses previous (NB.2.1-5) and backward flow into it enters forward', () => {
  const l = Learner.of(cluster('org', [item('a'), item('b')], all(flow, (d) => (d.controlMode.forwardOnly = true))));
  l.nav('start');
  l.nav('continue');
  assert.is(l.nav('previous').exception?.code, 'NB.2.1-5');
  assert.is(navigationValidity(l.tree, l.state).previous, false);
  const nested = Learner.of(
    cluster('org', [cluster('m', [item('a'), item('b')], all(flow, (d) => (d.controlMode.forwardOnly = true))), item('c')], flow),
  );
  nested.nav('start');
  nested.nav('continue');
  nested.nav('continue');
  nested.nav('previous');
  assert.equal(nested.delivered, ['a', 'b', 'c', 'a']);
});

flowSuite.run();

const choice = suite('sequencing 2004 choice');

choice('choice from the table of contents delivers any leaf; choosing a cluster flows into it', () => {
  const l = Learner.of(threeModules());
  assert.is(l.choose('d').deliver, 'd');
  assert.is(l.choose('m').deliver, 'b');
  assert.not.ok(l.state.activities.d!.active);
  assert.ok(l.state.activities.m!.active);
  assert.is(l.choose('nope').exception?.code, 'NB.2.1-11');
});

choice('choice = false on the parent disables choice of its children (NB.2.1-10)', () => {
  const l = Learner.of(cluster('org', [item('a'), cluster('m', [item('b'), item('c')], flowOnly)], flow));
  l.nav('start');
  const v = navigationValidity(l.tree, l.state);
  assert.is(v.choice.b, false);
  assert.is(v.choice.m, true);
  assert.is(l.choose('c').exception?.code, 'NB.2.1-10');
  assert.is(l.choose('m').deliver, 'b');
});

choice('choiceExit = false keeps the learner inside the active cluster', () => {
  const l = Learner.of(
    cluster('org', [cluster('m', [item('a'), item('b')], all(flow, (d) => (d.controlMode.choiceExit = false))), item('c')], flow),
  );
  l.nav('start');
  const v = navigationValidity(l.tree, l.state);
  assert.is(v.choice.c, false);
  assert.is(v.choice.b, true);
  assert.is(l.choose('c').exception?.code, 'NB.2.1-8');
  assert.is(l.choose('b').deliver, 'b');
  l.nav('continue');
  assert.is(l.current, 'c');
});

choice('cluster with flow = false cannot be chosen into (SB.2.9-9)', () => {
  const l = Learner.of(cluster('org', [item('a'), cluster('m', [item('b')])], flow));
  l.nav('start');
  assert.is(navigationValidity(l.tree, l.state).choice.m, false);
  assert.is(l.choose('m').exception?.code, 'SB.2.9-9');
  assert.is(l.choose('b').deliver, 'b');
});

choice('exit, abandon and their validity', () => {
  const l = Learner.of(threeModules());
  let v = navigationValidity(l.tree, l.state);
  assert.ok(v.start);
  assert.not.ok(v.exit);
  assert.not.ok(v.resumeAll);
  l.nav('start');
  v = navigationValidity(l.tree, l.state);
  assert.ok(v.exit && v.exitAll && v.suspendAll && v.abandon && v.abandonAll);
  assert.not.ok(v.start);
  const r = l.nav('exit');
  assert.is(r.deliver, null);
  assert.not.ok(r.endSession);
  assert.is(l.nav('exit').exception?.code, 'NB.2.1-12');
  l.nav('continue');
  assert.is(l.current, 'b');
  l.report(completed);
  const abandoned = l.nav('abandon');
  assert.is(abandoned.deliver, null);
  // Abandon ends the attempt without End Attempt (TB.2.3 abandon).
  assert.not.ok(l.state.activities.b!.active);
  assert.ok(l.nav('abandonAll').endSession);
});

choice.run();
