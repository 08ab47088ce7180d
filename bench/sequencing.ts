// Sequencing bench: one navigation decision (continue, previous, choice; SN OP.1) on a
// 1,000-activity tree, the full navigation validity (controls and TOC), and rollup (RB.1.5) on
// a 5,000-activity tree, with medians and p90. Target: a decision under 5 ms median.
// Run: node --import tsx bench/sequencing.ts
import { defaultSequencingDefinition } from '../scorm/sequencing/definition.ts';
import { overallRollup } from '../scorm/sequencing/rollup.ts';
import { copyState } from '../scorm/sequencing/sequencing-state.ts';
import {
  buildActivityTree, createSequencingState, navigationValidity, processNavigationRequest, reportAttemptEnd,
  type ActivityNode, type ActivityTree, type NavigationRequest, type SequencingState,
} from '../scorm/sequencing/index.ts';

const TARGET_MS = 5;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function time(rounds: number, run: () => void): { median: number; p90: number } {
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    run();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { median: quantile(ms, 0.5), p90: quantile(ms, 0.9) };
}

/** `modules` clusters of `leaves` SCOs under the root: flow and choice on, a skip rule and a shared objective per SCO. */
function tree(modules: number, leaves: number): ActivityTree {
  const children: ActivityNode[] = [];
  for (let m = 0; m < modules; m++) {
    const kids: ActivityNode[] = [];
    for (let s = 0; s < leaves; s++) {
      const seq = defaultSequencingDefinition();
      seq.sequencingRules.preConditionRules.push({ conditionCombination: 'all', conditions: [{ condition: 'satisfied', operator: 'noOp', referencedObjective: undefined, measureThreshold: 0 }], action: 'skip' });
      seq.objectives = [{
        objectiveID: `o${m}_${s}`, primary: true, satisfiedByMeasure: false, minNormalizedMeasure: 1,
        mapInfo: [{
          targetObjectiveID: `g${m}_${s}`, readSatisfiedStatus: true, readNormalizedMeasure: true, writeSatisfiedStatus: true, writeNormalizedMeasure: true,
          readCompletionStatus: false, writeCompletionStatus: false, readProgressMeasure: false, writeProgressMeasure: false,
          readRawScore: false, writeRawScore: false, readMinScore: false, writeMinScore: false, readMaxScore: false, writeMaxScore: false,
        }],
      }];
      kids.push({ id: `s${m}_${s}`, title: `SCO ${m}.${s}`, visible: true, launchable: true, children: [], sequencing: seq });
    }
    const seq = defaultSequencingDefinition();
    seq.controlMode.flow = true;
    children.push({ id: `m${m}`, title: `Module ${m}`, visible: true, launchable: false, children: kids, sequencing: seq });
  }
  const root = defaultSequencingDefinition();
  root.controlMode.flow = true;
  return buildActivityTree({ id: 'root', title: 'Root', visible: true, launchable: false, children, sequencing: root }, { mode: '2004' });
}

function deliveredAt(t: ActivityTree, target: string): SequencingState {
  const r = processNavigationRequest(t, createSequencingState(t), { type: 'choice', target });
  if (r.deliver !== target) throw new Error(`could not deliver ${target}: ${r.exception?.code}`);
  return reportAttemptEnd(t, r.state, target, { completionStatus: 'completed', successStatus: 'passed', exit: '' });
}

const small = tree(20, 49); // 1 + 20 + 980 = 1,001 activities
const middle = deliveredAt(small, 's10_24');
console.log(`tree: ${small.nodes.size} activities (20 modules of 49 SCOs), current activity s10_24`);
for (const [label, request] of [
  ['continue', { type: 'continue' }],
  ['previous', { type: 'previous' }],
  ['choice (other module)', { type: 'choice', target: 's19_40' }],
  ['exit all', { type: 'exitAll' }],
] as Array<[string, NavigationRequest]>) {
  const r = time(200, () => processNavigationRequest(small, middle, request));
  const ok = r.median < TARGET_MS ? 'within' : 'OVER';
  console.log(`  ${label.padEnd(22)} median ${r.median.toFixed(3)} ms, p90 ${r.p90.toFixed(3)} ms (${ok} the ${TARGET_MS} ms target)`);
}
const validity = time(5, () => navigationValidity(small, middle));
console.log(`  navigationValidity (controls + every TOC entry): median ${validity.median.toFixed(1)} ms, p90 ${validity.p90.toFixed(1)} ms`);

const big = tree(100, 49); // 1 + 100 + 4,900 = 5,001 activities
console.log(`tree: ${big.nodes.size} activities (100 modules of 49 SCOs)`);
let state = deliveredAt(big, 's50_0');
const report = time(200, () => reportAttemptEnd(big, state, 's50_0', { completionStatus: 'completed', successStatus: 'passed', exit: '', scoreScaled: 0.8 }));
console.log(`  report + rollup from one SCO to the root: median ${report.median.toFixed(3)} ms, p90 ${report.p90.toFixed(3)} ms`);
const copy = time(50, () => copyState(state));
console.log(`    of which copying the state (the API never changes its input): median ${copy.median.toFixed(3)} ms`);
const scratch = copyState(state);
const rollupOnly = time(200, () => overallRollup(big, scratch, 's50_0'));
console.log(`  Overall Rollup alone (RB.1.5, SCO -> module of 49 -> root of 100): median ${rollupOnly.median.toFixed(3)} ms, p90 ${rollupOnly.p90.toFixed(3)} ms`);
const leaves = [...big.nodes.values()].filter((n) => n.children.length === 0).slice(0, 200);
const t0 = performance.now();
for (const leaf of leaves) {
  state.activities[leaf.id]!.active = false;
  state = reportAttemptEnd(big, state, leaf.id, { completionStatus: 'completed', successStatus: 'passed', exit: '' });
}
const all = performance.now() - t0;
console.log(`  ${leaves.length} SCOs reported in turn: ${all.toFixed(0)} ms, ${(all / leaves.length).toFixed(3)} ms each`);
