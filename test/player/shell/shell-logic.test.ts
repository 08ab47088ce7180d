// The shell's pure parts: the manifest organization as the sequencer's activity tree (1.2
// prerequisites, 2004 definitions), what a SCO reported as a RuntimeResult, time limits, controls.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseManifest } from '../../../scorm/manifest/parse-manifest.ts';
import type { ParsedPackage } from '../../../scorm/manifest/model.ts';
import { activityTreeFromPackage, itemsById, prerequisiteFromManifest } from '../../../player/shell/activity-tree-from-package.ts';
import { controlsFor, tocShown } from '../../../player/shell/controls.ts';
import { runtimeResult } from '../../../player/shell/runtime-result.ts';
import { statusFrom12 } from '../../../scorm/cmi/status-12.ts';
import { timeLimitOf } from '../../../player/shell/time-limit.ts';
import { buildActivityTree, createSequencingState, navigationValidity, processNavigationRequest, reportAttemptEnd } from '../../../scorm/sequencing/index.ts';
import { loadFixtures } from '../../scorm/manifest/fixtures.ts';

const test = suite('player shell logic');

async function parsed(name: string): Promise<ParsedPackage> {
  const fixture = (await loadFixtures()).find((f) => f.name === name)!;
  const result = parseManifest({ xml: fixture.manifest!, entries: fixture.entries });
  if (!result.package) throw new Error(`no package in ${name}`);
  return result.package;
}

test('a 1.2 organization becomes the root with its items in tree order, launchable where they have a launch URL', async () => {
  const pkg = await parsed('golf-runtime-minimum-12');
  const org = pkg.organizations[0]!;
  const root = activityTreeFromPackage('1.2', org);
  assert.is(root.id, org.identifier);
  assert.is(root.launchable, false);
  const tree = buildActivityTree(root, { mode: '1.2' });
  const launchable = [...tree.nodes.values()].filter((n) => n.launchable);
  assert.is(launchable.length, 18);
  assert.is(itemsById(org).size, tree.nodes.size - 1);
  const state = createSequencingState(tree);
  const start = processNavigationRequest(tree, state, { type: 'start' });
  assert.is(start.deliver, launchable[0]!.id);
});

test('1.2 prerequisites carry over: an item waits until the one it names is done', async () => {
  const pkg = await parsed('emp-prerequisitestest-scorm12');
  const tree = buildActivityTree(activityTreeFromPackage('1.2', pkg.organizations[0]!), { mode: '1.2' });
  const gated = [...tree.nodes.values()].filter((n) => n.prerequisites12);
  assert.ok(gated.length > 0);
  const state = createSequencingState(tree);
  const v = navigationValidity(tree, state);
  for (const n of gated) assert.is(v.choice[n.id], false, n.id);
});

test('AICC forms map onto the sequencer\'s: status tests, negation, n*{...} sets', () => {
  assert.equal(prerequisiteFromManifest({ type: 'status', identifier: 'a', status: 'passed', negated: false }), { kind: 'id', id: 'a' });
  assert.equal(prerequisiteFromManifest({ type: 'status', identifier: 'a', status: 'completed', negated: true }), { kind: 'not', operand: { kind: 'id', id: 'a' } });
  assert.equal(prerequisiteFromManifest({ type: 'status', identifier: 'a', status: 'incomplete', negated: false }), { kind: 'not', operand: { kind: 'id', id: 'a' } });
  assert.equal(
    prerequisiteFromManifest({ type: 'atLeast', count: 2, operands: [{ type: 'item', identifier: 'a' }, { type: 'item', identifier: 'b' }, { type: 'item', identifier: 'c' }] }),
    { kind: 'set', count: 2, ids: ['a', 'b', 'c'] },
  );
  const nested = prerequisiteFromManifest({ type: 'atLeast', count: 1, operands: [{ type: 'not', operand: { type: 'item', identifier: 'a' } }, { type: 'item', identifier: 'b' }] });
  assert.equal(nested, { kind: 'or', operands: [{ kind: 'and', operands: [{ kind: 'not', operand: { kind: 'id', id: 'a' } }] }, { kind: 'and', operands: [{ kind: 'id', id: 'b' }] }] });
});

test('2004 forced sequential: the sequencing definitions carry over, later SCOs disabled until earlier ones are satisfied', async () => {
  const pkg = await parsed('golf-seq-forcedsequential-2004-3rd');
  const tree = buildActivityTree(activityTreeFromPackage('2004', pkg.organizations[0]!), { mode: '2004' });
  let state = createSequencingState(tree);
  const start = processNavigationRequest(tree, state, { type: 'start' });
  assert.is(start.deliver, 'playing_item');
  state = start.state;
  assert.is(navigationValidity(tree, state).choice['etuqiette_item'], false);
  state = reportAttemptEnd(tree, state, 'playing_item', { completionStatus: 'completed', successStatus: 'passed', exit: '' });
  assert.is(navigationValidity(tree, state).choice['etuqiette_item'], true);
});

test('runtimeResult reads 2004 status, score, progress and objectives; 1.2 lesson_status maps onto both', () => {
  const end = { exit: 'suspend', sessionTime: 'PT1S', sessionTimeReported: true, totalTime: 'PT1S', nextEntry: 'resume', attemptEnded: false, endsCourse: false, completionStatus: 'incomplete', successStatus: 'unknown' } as const;
  const r = runtimeResult(end, {
    version: '2004',
    values: {
      'cmi.score.scaled': '0.5', 'cmi.score.raw': '7', 'cmi.progress_measure': '0.4', 'cmi.objectives.0.id': 'o1', 'cmi.objectives.0.success_status': 'passed',
      'cmi.objectives.1.id': 'o2', 'cmi.objectives.1.completion_status': 'completed', 'cmi.objectives.1.score.max': '20', 'cmi.objectives.1.progress_measure': '0.9',
    },
    counts: { 'cmi.objectives': 2 },
  });
  // An objective record without completion_status reports none (it must not clear a shared one).
  assert.equal(r, {
    completionStatus: 'incomplete', successStatus: 'unknown', exit: 'suspend', scoreScaled: 0.5, progressMeasure: 0.4, scoreRaw: 7,
    objectives: [{ id: 'o1', successStatus: 'passed' }, { id: 'o2', successStatus: 'unknown', completionStatus: 'completed', scoreMax: 20, progressMeasure: 0.9 }],
  });
  const r12 = runtimeResult({ ...end, exit: '', lessonStatus: 'failed' }, { version: '1.2', values: { 'cmi.core.score.raw': '40' }, counts: {} });
  assert.equal(r12, { completionStatus: 'completed', successStatus: 'failed', exit: '', scoreScaled: 0.4 });
  assert.equal(statusFrom12('browsed'), { completion: 'incomplete', success: 'unknown' });
  assert.equal(statusFrom12('not attempted'), { completion: 'not attempted', success: 'unknown' });
});

test('time limits: what is left of maxtimeallowed, and which action the LMS takes', () => {
  assert.equal(timeLimitOf({ version: '1.2', maxTimeAllowed: '00:10:00', timeLimitAction: 'exit,message', totalTime: '0000:04:00.00' }), { remainingMs: 360_000, exit: true, message: true });
  assert.equal(timeLimitOf({ version: '2004', maxTimeAllowed: 'PT1M', timeLimitAction: 'continue,message' }), { remainingMs: 60_000, exit: false, message: true });
  assert.is(timeLimitOf({ version: '2004', maxTimeAllowed: 'PT1M', timeLimitAction: 'continue,no message' }), null);
  assert.is(timeLimitOf({ version: '1.2' }), null);
  assert.equal(timeLimitOf({ version: '1.2', maxTimeAllowed: '00:01:00', timeLimitAction: 'exit,no message', totalTime: '0000:05:00' })?.remainingMs, 0);
});

test('controls: what the sequencer allows, minus hideLMSUI; flow controls only for multi-item packages', async () => {
  const pkg = await parsed('golf-seq-forcedsequential-2004-3rd');
  const tree = buildActivityTree(activityTreeFromPackage('2004', pkg.organizations[0]!), { mode: '2004' });
  const state = processNavigationRequest(tree, createSequencingState(tree), { type: 'start' }).state;
  const v = navigationValidity(tree, state);
  assert.equal(controlsFor({ validity: v, hidden: [], multi: true, active: true }), { previous: v.previous, continue: v.continue, exit: true, suspend: true, exitActivity: v.exit, abandonAll: v.abandonAll });
  assert.equal(controlsFor({ validity: v, hidden: ['exit', 'abandonAll'], multi: true, active: true }).exitActivity, false);
  assert.equal(controlsFor({ validity: v, hidden: ['exit', 'abandonAll'], multi: true, active: true }).abandonAll, false);
  assert.equal(controlsFor({ validity: v, hidden: ['continue', 'suspendAll'], multi: true, active: true }).continue, false);
  assert.equal(controlsFor({ validity: v, hidden: ['suspendAll'], multi: true, active: true }).suspend, false);
  assert.equal(controlsFor({ validity: v, hidden: [], multi: false, active: true }).continue, false);
  assert.equal(controlsFor({ validity: null, hidden: [], multi: true, active: false }), { previous: false, continue: false, exit: false, suspend: false, exitActivity: false, abandonAll: false });
  assert.is(tocShown(true, []), true);
  assert.is(tocShown(false, []), false);
  assert.is(tocShown(true, ['previous', 'continue']), false);
});

test.run();
