// Choice and jump validity of every activity at once (the TOC and adl.nav.request_valid.choice /
// .jump, RTE 4.4.3): the same OP.1 steps as processNavigationRequest, but the current attempt is
// terminated once on one scratch copy instead of once per target, so a 1,000-activity tree
// costs one copy, not a thousand (bench/sequencing.ts).
import { nodeOf } from './activity-tree.ts';
import type { ActivityTree } from './activity-tree.ts';
import { choiceSequencingRequest } from './choice.ts';
import { checkDeliveryRequest } from './delivery.ts';
import { SequencingError } from './exceptions.ts';
import { translateNavigationRequest } from './navigation-request.ts';
import { previewNavigationRequest } from './overall-sequencing.ts';
import { copyState } from './sequencing-state.ts';
import { terminate } from './termination.ts';
import type { SequencingState } from './types.ts';

/** Failures of the sequencing stage that changed the scratch state (SB.2.9 step 12, SB.2.1 end of tree). */
const MUTATING = new Set(['SB.2.9-9', 'SB.2.1-1']);

function accepts(run: () => void): boolean {
  try {
    run();
    return true;
  } catch (error) {
    if (error instanceof SequencingError) return false;
    throw error;
  }
}

export function targetValidity(tree: ActivityTree, state: SequencingState): { choice: Record<string, boolean>; jump: Record<string, boolean> } {
  const choice: Record<string, boolean> = {};
  const jump: Record<string, boolean> = {};
  const ids = [...tree.nodes.keys()];
  if (tree.mode === '1.2') {
    for (const id of ids) {
      const p = previewNavigationRequest(tree, state, { type: 'choice', target: id });
      choice[id] = p.valid && p.deliver !== null;
      jump[id] = false;
    }
    return { choice, jump };
  }
  // OP.1 1.3: the termination is the same whatever the target (exit of the active current activity).
  const current = state.currentActivity;
  const exits = current !== null && state.activities[current]!.active;
  let scratch: SequencingState = state;
  let replaced = false;
  let terminationFails = false;
  const fresh = (): void => {
    scratch = copyState(state);
    if (!exits) return;
    try {
      // A sequencing request from the post-condition rules replaces every choice and jump (OP.1 1.3.3).
      replaced = terminate(tree, scratch, 'exit') !== undefined;
    } catch (error) {
      if (!(error instanceof SequencingError)) throw error;
      terminationFails = true;
    }
  };
  fresh();
  for (const id of ids) {
    const choiceNb = accepts(() => translateNavigationRequest(tree, state, { type: 'choice', target: id }));
    const jumpNb = accepts(() => translateNavigationRequest(tree, state, { type: 'jump', target: id }));
    if (terminationFails || replaced) {
      // Rare: let the whole process answer (each target then gets the same replacement request).
      choice[id] = choiceNb && previewNavigationRequest(tree, state, { type: 'choice', target: id }).deliver !== null;
      jump[id] = jumpNb && previewNavigationRequest(tree, state, { type: 'jump', target: id }).deliver !== null;
      continue;
    }
    jump[id] = jumpNb && accepts(() => checkDeliveryRequest(tree, scratch, nodeOf(tree, id)));
    if (!choiceNb) {
      choice[id] = false;
      continue;
    }
    try {
      checkDeliveryRequest(tree, scratch, choiceSequencingRequest(tree, scratch, id));
      choice[id] = true;
    } catch (error) {
      if (!(error instanceof SequencingError)) throw error;
      choice[id] = false;
      if (MUTATING.has(error.exception.code)) fresh();
    }
  }
  return { choice, jump };
}
