// Parsed sequencing definitions of chosen activities of the golf sequencing and ADL CTS 4th
// Edition packages, each expectation written by hand from the manifest (quoted beside it).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  defaultSequencingDefinition, type ObjectiveMapInfo, type RuleCondition, type SequencingDefinition,
} from '../../../scorm/sequencing/definition.ts';
import type { Item2004, Package2004 } from '../../../scorm/manifest/model.ts';
import { walkItems } from '../../../scorm/manifest/organizations.ts';
import { parseManifest } from '../../../scorm/manifest/parse-manifest.ts';
import { loadFixtures } from './fixtures.ts';

const packages = new Map<string, Package2004>();
function pkg(name: string): Package2004 {
  const found = packages.get(name);
  if (!found) throw new Error(`fixture ${name} not loaded`);
  return found;
}
function seq(name: string, item: string): SequencingDefinition {
  const org = pkg(name).organizations[0]!;
  if (item === org.identifier) return org.sequencing;
  const found = [...walkItems<Item2004>(org.items)].find((i) => i.identifier === item);
  if (!found) throw new Error(`${name}: no item ${item}`);
  return found.sequencing;
}
/** A definition equal to the SN defaults but for the given parts. */
function def(parts: Partial<SequencingDefinition>): SequencingDefinition {
  return { ...defaultSequencingDefinition(), ...parts };
}
function cond(condition: RuleCondition['condition'], extra: Partial<RuleCondition> = {}): RuleCondition {
  return { condition, operator: 'noOp', referencedObjective: undefined, measureThreshold: 0, ...extra };
}
const EXTENDED_OFF = {
  readCompletionStatus: false, writeCompletionStatus: false, readProgressMeasure: false, writeProgressMeasure: false,
  readRawScore: false, writeRawScore: false, readMinScore: false, writeMinScore: false, readMaxScore: false, writeMaxScore: false,
};
/** imsss:mapInfo with its schema defaults (reads true, writes false), no 4th Edition sharing. */
function map(targetObjectiveID: string, flags: Partial<ObjectiveMapInfo> = {}): ObjectiveMapInfo {
  return { targetObjectiveID, readSatisfiedStatus: true, readNormalizedMeasure: true, writeSatisfiedStatus: false, writeNormalizedMeasure: false, ...EXTENDED_OFF, ...flags };
}
const CTRL = defaultSequencingDefinition().controlMode;
const FS = 'com.scorm.golfsamples.sequencing.forcedsequential.';
const RT = 'com.scorm.golfsamples.sequencing.randomtest.';

const s = suite('manifest sequencing');
s.before(async () => {
  for (const f of await loadFixtures()) {
    if (!f.name.startsWith('golf-seq') && !f.name.startsWith('adl-cts4')) continue;
    const result = parseManifest({ xml: f.manifest!, entries: f.entries });
    if (result.package?.version === '2004') packages.set(f.name, result.package);
  }
});

s('golf forced sequential: collection common_seq_rules merged under etiquette_item', () => {
  // IDRef="common_seq_rules" gives <rollupRules objectiveMeasureWeight="0"> and
  // <deliveryControls completionSetByContent="true" objectiveSetByContent="true">; the item
  // adds a disabled preConditionRule (any of: not satisfied / not objectiveStatusKnown on
  // previous_sco_satisfied) and two objectives.
  assert.equal(seq('golf-seq-forcedsequential-2004-3rd', 'etuqiette_item'), def({
    sequencingRules: {
      preConditionRules: [{
        conditionCombination: 'any',
        conditions: [
          cond('satisfied', { operator: 'not', referencedObjective: 'previous_sco_satisfied' }),
          cond('objectiveStatusKnown', { operator: 'not', referencedObjective: 'previous_sco_satisfied' }),
        ],
        action: 'disabled',
      }],
      exitConditionRules: [], postConditionRules: [],
    },
    rollup: { rollupObjectiveSatisfied: true, rollupProgressCompletion: true, objectiveMeasureWeight: 0, rules: [] },
    delivery: { tracked: true, completionSetByContent: true, objectiveSetByContent: true },
    objectives: [
      { objectiveID: 'etiquette_satisfied', primary: true, satisfiedByMeasure: false, minNormalizedMeasure: 1,
        mapInfo: [map(FS + 'etiquette_satisfied', { writeSatisfiedStatus: true })] },
      { objectiveID: 'previous_sco_satisfied', primary: false, satisfiedByMeasure: false, minNormalizedMeasure: 1,
        mapInfo: [map(FS + 'playing_satisfied')] },
    ],
  }));
  // <organization>: <imsss:controlMode choice="true" flow="true"/>.
  assert.equal(seq('golf-seq-forcedsequential-2004-3rd', 'golf_sample_default_org'), def({ controlMode: { ...CTRL, flow: true } }));
  assert.is(pkg('golf-seq-forcedsequential-2004-3rd').organizations[0]!.objectivesGlobalToSystem, false);
});

s('golf random test: post test cluster, its tests from the collection, and the root', () => {
  const posttest = seq('golf-seq-randomtest-2004-3rd', 'posttest_item');
  assert.equal(posttest.controlMode, { ...CTRL, choice: false, flow: true });
  assert.equal(posttest.sequencingRules.preConditionRules.map((r) => [r.conditionCombination, r.action, r.conditions.length]), [['any', 'disabled', 2], ['any', 'disabled', 2]]);
  // Three postConditionRules: retry (all: not satisfied, not attemptLimitExceeded), retry (all:
  // not objectiveStatusKnown, not attemptLimitExceeded), exitAll (any: objectiveStatusKnown, attemptLimitExceeded).
  assert.equal(posttest.sequencingRules.postConditionRules, [
    { conditionCombination: 'all', conditions: [cond('satisfied', { operator: 'not' }), cond('attemptLimitExceeded', { operator: 'not' })], action: 'retry' },
    { conditionCombination: 'all', conditions: [cond('objectiveStatusKnown', { operator: 'not' }), cond('attemptLimitExceeded', { operator: 'not' })], action: 'retry' },
    { conditionCombination: 'any', conditions: [cond('objectiveStatusKnown'), cond('attemptLimitExceeded')], action: 'exitAll' },
  ]);
  assert.is(posttest.limitConditions.attemptLimit, 2);
  // rollupRule childActivitySet="any" satisfied → satisfied; any not satisfied → notSatisfied (combination default "any").
  assert.equal(posttest.rollup.rules, [
    { childActivitySet: 'any', minimumCount: 0, minimumPercent: 0, conditionCombination: 'any', conditions: [{ condition: 'satisfied', operator: 'noOp' }], action: 'satisfied' },
    { childActivitySet: 'any', minimumCount: 0, minimumPercent: 0, conditionCombination: 'any', conditions: [{ condition: 'satisfied', operator: 'not' }], action: 'notSatisfied' },
  ]);
  assert.equal(posttest.objectives, [
    { objectiveID: 'course_score', primary: true, satisfiedByMeasure: false, minNormalizedMeasure: 1, mapInfo: [map(RT + 'course_score', { readSatisfiedStatus: false })] },
    { objectiveID: 'content_completed', primary: false, satisfiedByMeasure: false, minNormalizedMeasure: 1, mapInfo: [map(RT + 'content_completed')] },
  ]);
  assert.equal(posttest.randomization, { randomizationTiming: 'onEachNewAttempt', selectCount: undefined, reorderChildren: true, selectionTiming: 'never' });

  // <imsss:sequencing IDRef="test_sequencing_rules"></imsss:sequencing>: all from the collection.
  assert.equal(seq('golf-seq-randomtest-2004-3rd', 'test_3'), def({
    sequencingRules: { preConditionRules: [], exitConditionRules: [], postConditionRules: [{ conditionCombination: 'all', conditions: [cond('always')], action: 'exitParent' }] },
    objectives: [{ objectiveID: 'course_score', primary: true, satisfiedByMeasure: false, minNormalizedMeasure: 1,
      mapInfo: [map(RT + 'course_score', { readSatisfiedStatus: false, readNormalizedMeasure: false, writeNormalizedMeasure: true })] }],
    delivery: { tracked: true, completionSetByContent: true, objectiveSetByContent: true },
  }));

  // content_wrapper: rollupRules objectiveMeasureWeight="0" rollupObjectiveSatisfied="false" rollupProgressCompletion="false".
  const wrapper = seq('golf-seq-randomtest-2004-3rd', 'content_wrapper');
  assert.equal(wrapper.rollup, { rollupObjectiveSatisfied: false, rollupProgressCompletion: false, objectiveMeasureWeight: 0,
    rules: [{ childActivitySet: 'all', minimumCount: 0, minimumPercent: 0, conditionCombination: 'any', conditions: [{ condition: 'completed', operator: 'noOp' }], action: 'satisfied' }] });
  assert.equal(wrapper.objectives[0]!.mapInfo, [map(RT + 'content_completed', { writeSatisfiedStatus: true })]);

  const root = seq('golf-seq-randomtest-2004-3rd', 'golf_sample_default_org');
  assert.equal(root.rollup.rules, [{ childActivitySet: 'any', minimumCount: 0, minimumPercent: 0, conditionCombination: 'any',
    conditions: [{ condition: 'satisfied', operator: 'noOp' }, { condition: 'attemptLimitExceeded', operator: 'noOp' }], action: 'completed' }]);
});

s('golf 4th Edition post test rollup: adlseq:mapInfo shares completion status', () => {
  // <imsss:primaryObjective objectiveID="playing_completed"/> plus adlseq mapInfo
  // readCompletionStatus="true" writeCompletionStatus="true": no imsss mapInfo, so the
  // satisfied/measure flags stay off and the other 4th Edition reads keep their default true.
  const playing = seq('golf-seq-posttestrollup-4thed-2004-4th', 'playing_item');
  assert.equal(playing.objectives, [{ objectiveID: 'playing_completed', primary: true, satisfiedByMeasure: false, minNormalizedMeasure: 1,
    mapInfo: [{ targetObjectiveID: FS + 'playing_completed', readSatisfiedStatus: false, readNormalizedMeasure: false, writeSatisfiedStatus: false, writeNormalizedMeasure: false,
      readCompletionStatus: true, writeCompletionStatus: true, readProgressMeasure: true, writeProgressMeasure: false,
      readRawScore: true, writeRawScore: false, readMinScore: true, writeMinScore: false, readMaxScore: true, writeMaxScore: false }] }]);
  const item = [...walkItems<Item2004>(pkg('golf-seq-posttestrollup-4thed-2004-4th').organizations[0]!.items)].find((i) => i.identifier === 'playing_item')!;
  // <adlcp:completionThreshold progressWeight="0.5"/> and the notesStorage shared data map.
  assert.equal(item.completionThreshold, { completedByMeasure: false, minProgressMeasure: 1, progressWeight: 0.5 });
  assert.equal(item.data, [{ targetID: FS + 'notesStorage', readSharedData: true, writeSharedData: true }]);
});

s('golf simple remediation: rollupConsiderations requiredForCompleted="ifNotSkipped"', () => {
  const found = [...walkItems<Item2004>(pkg('golf-seq-simpleremediation-2004-3rd').organizations[0]!.items)]
    .map((i) => i.sequencing.rollupConsiderations).filter((r) => r.requiredForCompleted === 'ifNotSkipped');
  assert.ok(found.length > 0);
  assert.equal(found[0], { requiredForSatisfied: 'always', requiredForNotSatisfied: 'always', requiredForCompleted: 'ifNotSkipped', requiredForIncomplete: 'always', measureSatisfactionIfActive: true });
});

s('CTS CO-01: adlseq:mapInfo writeCompletionStatus onto a primary objective without imsss mapInfo', () => {
  const a1 = seq('adl-cts4-co-01', 'activity_1');
  assert.equal(a1.objectives, [{ objectiveID: 'PRIMARYOBJ_1', primary: true, satisfiedByMeasure: false, minNormalizedMeasure: 1,
    mapInfo: [{ targetObjectiveID: 'gObj-CO01', readSatisfiedStatus: false, readNormalizedMeasure: false, writeSatisfiedStatus: false, writeNormalizedMeasure: false,
      readCompletionStatus: true, writeCompletionStatus: true, readProgressMeasure: true, writeProgressMeasure: false,
      readRawScore: true, writeRawScore: false, readMinScore: true, writeMinScore: false, readMaxScore: true, writeMaxScore: false }] }]);
  // activity_2: preConditionRule completed → skip.
  assert.equal(seq('adl-cts4-co-01', 'activity_2').sequencingRules.preConditionRules, [{ conditionCombination: 'all', conditions: [cond('completed')], action: 'skip' }]);
  assert.equal(seq('adl-cts4-co-01', 'activity_3'), defaultSequencingDefinition());
  assert.equal(seq('adl-cts4-co-01', 'CO-01').controlMode, { ...CTRL, choice: false, flow: true });
});

s('CTS CT-07: exit and post rules, atLeastPercent rollup with minimumPercent=".5"', () => {
  assert.equal(seq('adl-cts4-ct-07', 'activity_2'), def({
    controlMode: { ...CTRL, choice: false, flow: true },
    sequencingRules: {
      preConditionRules: [],
      exitConditionRules: [{ conditionCombination: 'all', conditions: [cond('completed')], action: 'exit' }],
      postConditionRules: [{ conditionCombination: 'all', conditions: [cond('completed')], action: 'previous' }],
    },
    rollup: { rollupObjectiveSatisfied: true, rollupProgressCompletion: true, objectiveMeasureWeight: 1,
      rules: [{ childActivitySet: 'atLeastPercent', minimumCount: 0, minimumPercent: 0.5, conditionCombination: 'any', conditions: [{ condition: 'attempted', operator: 'noOp' }], action: 'completed' }] },
  }));
});

s('CTS CM-07d: constrainedChoiceConsiderations, a local element replacing the collection entry', () => {
  // seqCol-CM07d-1: constrainChoice="true" preventActivation="true".
  assert.equal(seq('adl-cts4-cm-07d', 'activity_13').constrainedChoiceConsiderations, { preventActivation: true, constrainChoice: true });
  // activity_12: IDRef plus a local element with preventActivation="true" only: the local element
  // replaces the collection's, so constrainChoice is back to its default (the CTS script needs it).
  assert.equal(seq('adl-cts4-cm-07d', 'activity_12').constrainedChoiceConsiderations, { preventActivation: true, constrainChoice: false });
  assert.equal(seq('adl-cts4-cm-07d', 'activity_12').controlMode, { ...CTRL, flow: true });
  // activity_4: no IDRef, constrainChoice="true" only.
  assert.equal(seq('adl-cts4-cm-07d', 'activity_4').constrainedChoiceConsiderations, { preventActivation: false, constrainChoice: true });
  assert.equal(seq('adl-cts4-cm-07d', 'activity_7').controlMode, { ...CTRL, choice: false });
});

s('CTS MS-06: satisfiedByMeasure, minNormalizedMeasure 0.6, measureSatisfactionIfActive false', () => {
  const a2 = seq('adl-cts4-ms-06', 'activity_2');
  assert.equal(a2.objectives, [{ objectiveID: undefined, primary: true, satisfiedByMeasure: true, minNormalizedMeasure: 0.6, mapInfo: [] }]);
  assert.is(a2.rollupConsiderations.measureSatisfactionIfActive, false);
  assert.equal(a2.sequencingRules.preConditionRules[0]!.action, 'skip');
  assert.equal(a2.sequencingRules.exitConditionRules[0]!.action, 'exit');
  assert.equal(a2.sequencingRules.postConditionRules[0]!.action, 'previous');
  assert.is(seq('adl-cts4-ms-06', 'activity_5').rollup.objectiveMeasureWeight, 0.25);
});

s('every 2004 fixture activity has a complete definition (no undefined where a default exists)', () => {
  for (const [name, p] of packages)
    for (const org of p.organizations)
      for (const d of [org.sequencing, ...[...walkItems<Item2004>(org.items)].map((i) => i.sequencing)]) {
        assert.type(d.controlMode.choice, 'boolean', name);
        assert.type(d.rollup.objectiveMeasureWeight, 'number', name);
        assert.type(d.delivery.tracked, 'boolean', name);
        assert.ok(d.objectives.every((o, i) => o.primary === (i === 0) || !o.primary), `${name}: primary objective first`);
      }
});

s.run();
