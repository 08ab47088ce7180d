import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { RollupRule, SequencingDefinition as Definition } from '../../../scorm/sequencing/definition.ts';
import { activityStatus, navigationValidity } from '../../../scorm/sequencing/index.ts';
import { all, cluster, completed, condition, failed, flow, item, Learner, passed, pre, rule } from './tree-builder.ts';

const rules = suite('sequencing 2004 pre-condition rules and limits');

rules('skip on satisfied / completed / attempted / always', () => {
  for (const name of ['satisfied', 'completed', 'attempted'] as const) {
    const l = Learner.of(cluster('org', [item('a'), item('b', pre('skip', name)), item('c')], flow));
    l.nav('start');
    l.report(passed).nav('continue');
    assert.is(l.current, 'b', `${name}: b not yet ${name}`);
    l.report(passed).nav('continue');
    l.report(passed).nav('previous');
    // Coming back, b is skipped (it is now satisfied / completed / attempted).
    assert.is(l.current, 'a', name);
  }
  const always = Learner.of(cluster('org', [item('a', pre('skip', 'always')), item('b')], flow));
  assert.is(always.nav('start').deliver, 'b');
});

rules('disabled: not deliverable by flow or choice, shown disabled in the table of contents', () => {
  const l = Learner.of(cluster('org', [item('a'), item('b', pre('disabled', 'always')), item('c')], flow));
  l.nav('start');
  const v = navigationValidity(l.tree, l.state);
  assert.is(v.choice.b, false);
  assert.ok(v.toc.find((e) => e.id === 'b')!.visible);
  assert.is(l.choose('b').exception?.code, 'DB.1.1-3');
  assert.is(l.nav('continue').exception?.code, 'SB.2.2-2');
});

rules('disabled on not-satisfied of another objective is lifted once satisfied', () => {
  const gate = (d: Definition) => {
    d.sequencingRules.preConditionRules.push(rule('disabled', [condition('satisfied', { operator: 'not' })]));
  };
  const l = Learner.of(cluster('org', [item('a'), item('b', gate)], flow));
  l.nav('start');
  // Unknown is not "not satisfied": the three-valued rule does not fire before b is tried.
  assert.ok(navigationValidity(l.tree, l.state).choice.b);
  l.choose('b');
  l.report(failed);
  l.nav('exit');
  assert.not.ok(navigationValidity(l.tree, l.state).choice.b);
});

rules('hiddenFromChoice hides the activity and its descendants; flow still reaches it', () => {
  const l = Learner.of(cluster('org', [item('a'), cluster('m', [item('b')], all(flow, pre('hiddenFromChoice', 'always')))], flow));
  l.nav('start');
  const v = navigationValidity(l.tree, l.state);
  const toc = Object.fromEntries(v.toc.map((e) => [e.id, e]));
  assert.not.ok(toc.m!.visible);
  assert.not.ok(toc.b!.visible);
  assert.is(v.choice.b, false);
  assert.is(l.choose('b').exception?.code, 'SB.2.9-3');
  l.nav('continue');
  assert.is(l.current, 'b');
});

rules('attemptLimit reached: the activity is disabled', () => {
  const l = Learner.of(cluster('org', [item('a', (d) => (d.limitConditions.attemptLimit = 1)), item('b')], flow));
  l.nav('start');
  // Choosing the current activity again would end this attempt and start a second one.
  assert.is(navigationValidity(l.tree, l.state).choice.a, false);
  l.nav('continue');
  assert.is(navigationValidity(l.tree, l.state).choice.a, false);
  assert.is(l.choose('a').exception?.code, 'DB.1.1-3');
  assert.is(l.nav('previous').exception?.code, 'SB.2.2-2');
});

rules('stopForwardTraversal blocks choosing past the activity', () => {
  const l = Learner.of(cluster('org', [item('a', pre('stopForwardTraversal', 'always')), item('b'), item('c')], flow));
  l.nav('start');
  assert.is(l.choose('c').exception?.code, 'SB.2.4-1');
  assert.is(l.nav('continue').deliver, 'b');
});

rules.run();

const post = suite('sequencing 2004 exit and post-condition rules');

post('post-condition retry re-delivers until satisfied', () => {
  const retryIfFailed = (d: Definition) => {
    d.sequencingRules.postConditionRules.push(rule('retry', [condition('satisfied', { operator: 'not' })]));
  };
  const l = Learner.of(cluster('org', [item('a', retryIfFailed), item('b')], flow));
  l.nav('start');
  l.report(failed).nav('continue');
  assert.is(l.current, 'a');
  assert.is(l.state.activities.a!.attemptCount, 2);
  l.report(passed).nav('continue');
  assert.equal(l.delivered, ['a', 'a', 'b']);
});

post('post-condition exitParent then continue leaves the cluster', () => {
  const exitParent = (d: Definition) => {
    d.sequencingRules.postConditionRules.push(rule('exitParent', [condition('satisfied')]));
  };
  const l = Learner.of(cluster('org', [cluster('m', [item('a', exitParent), item('b')], flow), item('c')], flow));
  l.nav('start');
  l.report(passed).nav('continue');
  assert.is(l.current, 'c');
  assert.not.ok(l.state.activities.m!.active);
});

post('post-condition continue and exit-condition rules on the parent', () => {
  const autoContinue = (d: Definition) => {
    d.sequencingRules.postConditionRules.push(rule('continue', [condition('completed')]));
  };
  const l = Learner.of(cluster('org', [item('a', autoContinue), item('b')], flow));
  l.nav('start');
  l.report(completed).nav('exit');
  assert.is(l.current, 'b');

  const exitWhenSatisfied = (d: Definition) => {
    d.controlMode.flow = true;
    d.sequencingRules.exitConditionRules.push(rule('exit', [condition('satisfied')]));
  };
  const m = Learner.of(cluster('org', [cluster('m', [item('a'), item('b')], exitWhenSatisfied), item('c')], flow));
  m.nav('start');
  m.report(passed).nav('continue');
  // The default rollup makes m satisfied only when all its children are; b is next.
  assert.is(m.current, 'b');
  m.report(passed).nav('continue');
  assert.is(m.current, 'c');
});

post('post-condition exitAll ends the session', () => {
  const l = Learner.of(cluster('org', [item('a', (d) => d.sequencingRules.postConditionRules.push(rule('exitAll', [condition('always')]))), item('b')], flow));
  l.nav('start');
  assert.ok(l.nav('continue').endSession);
});

post.run();

const rollup = suite('sequencing 2004 rollup');

function rollupCourse(rules: RollupRule[] = [], children = 3) {
  const kids = Array.from({ length: children }, (_, i) => item(`s${i + 1}`));
  return cluster('org', kids, (d) => {
    d.controlMode.flow = true;
    d.rollup.rules = rules;
  });
}

function rr(childActivitySet: RollupRule['childActivitySet'], action: RollupRule['action'], cond: RollupRule['conditions'][number]['condition'], extra: Partial<RollupRule> = {}): RollupRule {
  return { childActivitySet, minimumCount: 0, minimumPercent: 0, conditionCombination: 'any', conditions: [{ condition: cond, operator: 'noOp' }], action, ...extra };
}

rollup('default rules: completed and satisfied when all children are; not satisfied once all are known', () => {
  const l = Learner.of(rollupCourse());
  l.nav('start');
  l.report(passed).nav('continue');
  assert.is(activityStatus(l.tree, l.state, 'org'), 'incomplete');
  l.report(passed).nav('continue');
  l.report(passed);
  assert.is(activityStatus(l.tree, l.state, 'org'), 'passed');
  assert.ok(l.state.activities.org!.attemptCompletionStatus);

  const f = Learner.of(rollupCourse());
  f.nav('start');
  f.report(passed).nav('continue');
  f.report(failed).nav('continue');
  f.report(passed);
  assert.is(activityStatus(f.tree, f.state, 'org'), 'failed');
});

rollup('measure rollup: weighted average of the children scores', () => {
  const l = Learner.of(rollupCourse([], 2));
  l.nav('start');
  l.report({ ...passed, scoreScaled: 0.5 }).nav('continue');
  l.report({ ...passed, scoreScaled: 1 });
  const o = l.state.activities.org!.objectives['']!;
  assert.ok(o.measureStatus);
  assert.is(o.normalizedMeasure, 0.75);
});

rollup('explicit rules: any / none / atLeastCount / atLeastPercent / all', () => {
  const cases: [RollupRule, boolean][] = [
    [rr('any', 'satisfied', 'satisfied'), true],
    [rr('none', 'satisfied', 'satisfied'), false],
    [rr('atLeastCount', 'satisfied', 'satisfied', { minimumCount: 2 }), true],
    [rr('atLeastCount', 'satisfied', 'satisfied', { minimumCount: 3 }), false],
    [rr('atLeastPercent', 'satisfied', 'satisfied', { minimumPercent: 0.6 }), true],
    [rr('atLeastPercent', 'satisfied', 'satisfied', { minimumPercent: 0.7 }), false],
    [rr('all', 'satisfied', 'attempted'), true],
  ];
  for (const [r, satisfied] of cases) {
    const l = Learner.of(rollupCourse([r, rr('any', 'notSatisfied', 'attempted')]));
    l.nav('start');
    l.report(passed).nav('continue');
    l.report(passed).nav('continue');
    l.report(failed);
    assert.is(activityStatus(l.tree, l.state, 'org'), satisfied ? 'passed' : 'failed', `${r.childActivitySet} ${r.minimumCount} ${r.minimumPercent}`);
  }
});

rollup('completion rules, and children excluded from rollup', () => {
  const l = Learner.of(
    cluster('org', [item('s1'), item('s2', (d) => (d.rollup.rollupProgressCompletion = false))], (d) => {
      d.controlMode.flow = true;
      d.rollup.rules = [rr('any', 'completed', 'completed')];
    }),
  );
  l.nav('start');
  assert.not.ok(l.state.activities.org!.attemptProgressStatus);
  l.report(completed);
  assert.ok(l.state.activities.org!.attemptCompletionStatus);
  const excluded = Learner.of(cluster('org', [item('s1'), item('s2', (d) => (d.rollup.rollupObjectiveSatisfied = false))], flow));
  excluded.nav('start');
  excluded.report(passed);
  // s2 does not count: the organization is satisfied by s1 alone.
  assert.is(activityStatus(excluded.tree, excluded.state, 'org'), 'passed');
});

rollup('rollup considerations: requiredForSatisfied ifAttempted ignores untried children', () => {
  const l = Learner.of(
    cluster('org', [item('s1'), item('s2', (d) => (d.rollupConsiderations.requiredForSatisfied = 'ifAttempted'))], flow),
  );
  l.nav('start');
  l.report(passed);
  const o = l.state.activities.org!.objectives['']!;
  assert.ok(o.progressStatus && o.satisfiedStatus);
});

rollup('End Attempt completes and satisfies content that reports nothing (UP.4)', () => {
  const l = Learner.of(rollupCourse([], 1));
  l.nav('start');
  l.report({});
  assert.is(activityStatus(l.tree, l.state, 's1'), 'incomplete');
  l.nav('exitAll');
  assert.is(activityStatus(l.tree, l.state, 's1'), 'passed');
  assert.is(activityStatus(l.tree, l.state, 'org'), 'passed');
});

rollup.run();
