// Activity trees of ADL SCORM 2004 4th Edition conformance packages, built by hand from their
// manifests (test/fixtures/packages/adl-cts4-*.zip), driven as the test scripts in
// test/fixtures/adl-cts4-testcases/*.properties drive them, asserting the delivered order.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { SequencingDefinition } from '../../../scorm/sequencing/definition.ts';
import { navigationValidity, parseAdlNavRequest } from '../../../scorm/sequencing/index.ts';
import { all, cluster, condition, flowOnly, item, Learner, mapInfo, pre, primaryObjective, rule } from './tree-builder.ts';
import type { Tweak } from './tree-builder.ts';

const cts = suite('sequencing ADL CTS 4th Ed packages');

const exitAndPreviousWhenSatisfied: Tweak = (d: SequencingDefinition) => {
  d.sequencingRules.exitConditionRules.push(rule('exit', [condition('satisfied')]));
  d.sequencingRules.postConditionRules.push(rule('previous', [condition('satisfied')]));
};

/** The SCO's `adl.nav.request` set before Terminate, processed as the LMS does at Terminate. */
function request(l: Learner, value: string) {
  return l.nav(parseAdlNavRequest(value)!);
}

cts('CM-01: forced sequential flow with continue and previous from the SCO', () => {
  const l = Learner.of(cluster('CM-01', [item('activity_1'), item('activity_2'), item('activity_3')], flowOnly));
  l.nav('start');
  l.report({ completionStatus: 'completed' });
  request(l, 'continue');
  request(l, 'continue');
  request(l, 'previous');
  request(l, 'continue');
  request(l, 'previous');
  request(l, 'previous');
  assert.equal(l.delivered, ['activity_1', 'activity_2', 'activity_3', 'activity_2', 'activity_3', 'activity_2', 'activity_1']);
  assert.ok(l.nav('exit').deliver === null);
});

cts('SX-02: exit rule and post-condition previous on a cluster satisfied by "all completed"', () => {
  const module2 = cluster(
    'activity_2',
    [
      item('activity_3', undefined, { completionThreshold: { completedByMeasure: true, minProgressMeasure: 0.5, progressWeight: 1 } }),
      item('activity_4'),
      item('activity_5', undefined, { completionThreshold: { completedByMeasure: true, minProgressMeasure: 0.75, progressWeight: 1 } }),
    ],
    all(flowOnly, exitAndPreviousWhenSatisfied, (d) => {
      d.rollup.rules = [
        { childActivitySet: 'all', minimumCount: 0, minimumPercent: 0, conditionCombination: 'any', conditions: [{ condition: 'completed', operator: 'noOp' }], action: 'satisfied' },
      ];
    }),
  );
  const l = Learner.of(cluster('SX-02', [item('activity_1'), module2, item('activity_6')], flowOnly));
  l.nav('start');
  let v = navigationValidity(l.tree, l.state);
  assert.equal([v.continue, v.previous, v.choice.activity_3], [true, false, false]);
  l.nav('continue');
  v = navigationValidity(l.tree, l.state);
  assert.equal([v.continue, v.previous, v.choice.activity_5], [true, true, false]);
  // The runtime evaluates completion against the threshold (0.5 >= 0.5: completed).
  l.report({ completionStatus: 'completed', progressMeasure: 0.5 }).nav('continue');
  l.report({ completionStatus: 'unknown', successStatus: 'failed' }).nav('continue');
  l.report({ completionStatus: 'completed', progressMeasure: 0.9 }).nav('continue');
  assert.equal(l.delivered, ['activity_1', 'activity_3', 'activity_4', 'activity_5', 'activity_1']);
  assert.ok(l.state.activities.activity_2!.objectives['']!.satisfiedStatus);
});

cts('RU-01ab: default rollup satisfies the cluster, whose exit and previous rules return to activity 1', () => {
  const module2 = cluster('activity_2', [item('activity_3'), item('activity_4'), item('activity_5')], all(flowOnly, exitAndPreviousWhenSatisfied));
  const l = Learner.of(cluster('RU-01ab', [item('activity_1'), module2, item('activity_6')], flowOnly));
  l.nav('start');
  request(l, 'continue');
  l.report({ successStatus: 'passed' });
  request(l, 'continue');
  assert.not.ok(l.state.activities.activity_2!.objectives['']!.progressStatus, 'not all children known yet');
  l.report({ successStatus: 'passed' });
  request(l, 'continue');
  l.report({ successStatus: 'passed' });
  request(l, 'continue');
  assert.equal(l.delivered, ['activity_1', 'activity_3', 'activity_4', 'activity_5', 'activity_1']);
  assert.not.ok(l.state.activities.activity_2!.active);
});

cts('OB-01c: satisfied by measure read through a global objective makes activity 2 skipped', () => {
  const writer = primaryObjective('PRIMARYOBJ', { mapInfo: [mapInfo('gObj-OB01c', { read: true, write: true })] });
  const reader = all(
    primaryObjective('PRIMARYOBJ', { satisfiedByMeasure: true, minNormalizedMeasure: 0.5, mapInfo: [mapInfo('gObj-OB01c', { read: true })] }),
    pre('skip', 'satisfied'),
  );
  const l = Learner.of(cluster('OB-01c', [item('activity_1', writer), item('activity_2', reader), item('activity_3')], flowOnly));
  l.nav('start');
  l.report({ successStatus: 'failed', scoreScaled: 0.8 });
  request(l, 'continue');
  assert.equal(l.delivered, ['activity_1', 'activity_3']);
  assert.equal(l.state.globalObjectives['gObj-OB01c'], { progressStatus: true, satisfiedStatus: false, measureStatus: true, normalizedMeasure: 0.8 });
});

cts.run();
