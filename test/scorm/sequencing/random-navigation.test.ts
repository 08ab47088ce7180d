// Property tests on the ADL CTS activity trees: seeded random navigation (every request type,
// random SCO results) never throws, never delivers an activity its rules disable or a choice
// hides, and what navigationValidity (the controls, the TOC, adl.nav.request_valid.*) says
// agrees with what the next request then does.
import { readdirSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nodeOf, pathToRoot, type ActivityTree } from '../../../scorm/sequencing/activity-tree.ts';
import {
  createSequencingState, navigationValidity, processNavigationRequest, reportAttemptEnd, seededRandom,
  type NavigationRequest, type RuntimeResult, type SequencingState,
} from '../../../scorm/sequencing/index.ts';
import { checkActivityFails, hiddenFromChoice } from '../../../scorm/sequencing/sequencing-rules.ts';
import { FIXTURES_DIR } from '../../helpers/fixtures.ts';
import { loadCtsPackage } from './cts/cts-lms.ts';

const walk = suite('sequencing: random navigation on the ADL CTS trees');
const STEPS = 40;
const SEEDS = [1, 2];

const packages = readdirSync(FIXTURES_DIR).filter((f) => f.startsWith('adl-cts4-') && f.endsWith('.zip')).map((f) => f.slice(0, -4)).sort();

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

function randomResult(rnd: () => number): RuntimeResult {
  const r: RuntimeResult = {
    completionStatus: pick(rnd, ['completed', 'incomplete', 'unknown'] as const),
    successStatus: pick(rnd, ['passed', 'failed', 'unknown'] as const),
    exit: pick(rnd, ['', 'normal', 'suspend'] as const),
  };
  if (rnd() < 0.5) r.scoreScaled = Math.round(rnd() * 100) / 100;
  if (rnd() < 0.3) r.progressMeasure = Math.round(rnd() * 100) / 100;
  return r;
}

function randomRequest(rnd: () => number, tree: ActivityTree): NavigationRequest {
  const ids = [...tree.nodes.keys()];
  const simple = ['start', 'resumeAll', 'continue', 'previous', 'exit', 'exitAll', 'suspendAll', 'abandon', 'abandonAll'] as const;
  const roll = rnd();
  if (roll < 0.35) return { type: 'choice', target: pick(rnd, ids) };
  if (roll < 0.4) return { type: 'jump', target: pick(rnd, ids) };
  return { type: pick(rnd, simple) };
}

/** What the validity said about this request, when it says something exact. */
function predicted(tree: ActivityTree, state: SequencingState, request: NavigationRequest): boolean | null {
  const v = navigationValidity(tree, state);
  if (request.type === 'choice') return v.choice[request.target] ?? false;
  if (request.type === 'jump') return v.jump[request.target] ?? false;
  if (request.type === 'previous') return v.previous;
  return null;
}

for (const name of packages) {
  walk(`${name}: ${SEEDS.length} random walks of ${STEPS} steps`, async () => {
    const pkg = await loadCtsPackage(name);
    const tree = pkg.tree;
    for (const seed of SEEDS) {
      const rnd = seededRandom(seed * 7919 + name.length);
      let state = createSequencingState(tree);
      for (let step = 0; step < STEPS; step++) {
        // The SCO that runs reports something first (as at Terminate).
        const current = state.currentActivity;
        if (current !== null && state.activities[current]!.active && rnd() < 0.8) state = reportAttemptEnd(tree, state, current, randomResult(rnd));
        const request = randomRequest(rnd, tree);
        const said = predicted(tree, state, request);
        const result = processNavigationRequest(tree, state, request);
        const where = `${name} seed ${seed} step ${step} ${JSON.stringify(request)}`;
        if (said !== null) assert.is(result.deliver !== null, said, `${where}: navigationValidity said ${said}, the request ${result.deliver ? `delivered ${result.deliver}` : `gave ${result.exception?.code ?? 'nothing'}`}`);
        if (request.type === 'continue' && !navigationValidity(tree, state).continue) assert.is(result.deliver, null, `${where}: continue delivered though not valid`);
        if (result.deliver !== null) {
          const node = nodeOf(tree, result.deliver);
          assert.ok(node.children.length === 0 && node.launchable, `${where}: delivered ${result.deliver}, not a launchable leaf`);
          // Disabled rules and limit conditions are checked on the way, before the delivery (DB.1.1).
          for (const n of pathToRoot(tree, node)) assert.not.ok(checkActivityFails(tree, state, n.id) && !state.activities[n.id]!.active, `${where}: ${n.id} is disabled`);
          if (request.type === 'choice') assert.not.ok(hiddenFromChoice(tree, state, request.target), `${where}: chose a hidden activity`);
        }
        if (!result.exception || result.deliver !== null || result.endSession) state = result.state;
      }
    }
  });
}

walk.run();
