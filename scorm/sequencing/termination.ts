// TB.2.3 Termination Request Process with TB.2.1 Sequencing Exit Action Rules and TB.2.2
// Sequencing Post Condition Rules.
import { isRoot, nodeOf, parentOf, pathToRoot } from './activity-tree.ts';
import type { ActivityTree } from './activity-tree.ts';
import type { PostConditionAction } from './definition.ts';
import { endAttempt, terminateDescendentAttempts } from './end-attempt.ts';
import { fail } from './exceptions.ts';
import { overallRollup } from './rollup.ts';
import { firstFiringAction } from './sequencing-rules.ts';
import type { SequencingState } from './types.ts';

export type TerminationRequest = 'exit' | 'exitAll' | 'suspendAll' | 'abandon' | 'abandonAll';
export type SequencingRequestType = 'start' | 'resumeAll' | 'continue' | 'previous' | 'choice' | 'jump' | 'exit' | 'retry';

/** TB.2.1: the outermost ancestor whose exit rule fires is exited, with everything below it. */
function exitActionRules(tree: ActivityTree, state: SequencingState): void {
  const current = nodeOf(tree, state.currentActivity!);
  const ancestors = pathToRoot(tree, current).slice(1).reverse();
  for (const node of ancestors) {
    const rules = node.sequencing.sequencingRules.exitConditionRules;
    if (firstFiringAction(tree, state, node.id, rules) === 'exit') {
      terminateDescendentAttempts(tree, state, node);
      endAttempt(tree, state, node.id);
      state.currentActivity = node.id;
      return;
    }
  }
}

interface PostResult {
  termination?: 'exitParent' | 'exitAll';
  sequencing?: SequencingRequestType;
}

/** TB.2.2: post-condition rules of the current activity, unless it is suspended. */
function postConditionRules(tree: ActivityTree, state: SequencingState): PostResult {
  const id = state.currentActivity!;
  if (state.activities[id]!.suspended) return {};
  const rules = nodeOf(tree, id).sequencing.sequencingRules.postConditionRules;
  const action: PostConditionAction | null = firstFiringAction(tree, state, id, rules);
  switch (action) {
    case 'retry':
    case 'continue':
    case 'previous':
      return { sequencing: action };
    case 'exitParent':
    case 'exitAll':
      return { termination: action };
    case 'retryAll':
      return { termination: 'exitAll', sequencing: 'retry' };
    case null:
      return {};
  }
}

/** TB.2.3 exit all (also reached from a post-condition). */
function exitAll(tree: ActivityTree, state: SequencingState): void {
  const current = state.currentActivity!;
  if (state.activities[current]!.active) endAttempt(tree, state, current);
  terminateDescendentAttempts(tree, state, tree.root);
  endAttempt(tree, state, tree.root.id);
  // Exit all ends every attempt: a SCO's cmi.exit = suspend leaves nothing to resume, so the next
  // delivery begins new attempts on the way (CTS OB-03b, DMB 1V5 entry ab-initio).
  for (const s of Object.values(state.activities)) s.suspended = false;
  state.suspendedActivity = null;
  state.currentActivity = tree.root.id;
}

/**
 * TB.2.3: applies a termination request to the working state; returns the sequencing request
 * that replaces the pending one, if any.
 */
export function terminate(
  tree: ActivityTree,
  state: SequencingState,
  request: TerminationRequest,
): SequencingRequestType | undefined {
  if (state.currentActivity === null) fail('TB.2.3-1');
  const currentState = state.activities[state.currentActivity]!;
  if ((request === 'exit' || request === 'abandon') && !currentState.active) fail('TB.2.3-2');
  switch (request) {
    case 'exit': {
      endAttempt(tree, state, state.currentActivity);
      exitActionRules(tree, state);
      for (;;) {
        const post = postConditionRules(tree, state);
        if (post.termination === 'exitAll') {
          exitAll(tree, state);
          return post.sequencing ?? 'exit';
        }
        if (post.termination === 'exitParent') {
          const parent = parentOf(tree, nodeOf(tree, state.currentActivity));
          if (!parent) fail('TB.2.3-4');
          state.currentActivity = parent.id;
          endAttempt(tree, state, parent.id);
          continue;
        }
        // TB.2.3 3.3.5: an exit from the root ends the session, unless the root is retried.
        if (isRoot(tree, nodeOf(tree, state.currentActivity)) && post.sequencing !== 'retry') return 'exit';
        return post.sequencing;
      }
    }
    case 'exitAll':
      exitAll(tree, state);
      return 'exit';
    case 'suspendAll': {
      const current = nodeOf(tree, state.currentActivity);
      let suspended = current;
      if (currentState.active || currentState.suspended) {
        overallRollup(tree, state, current.id);
      } else {
        const parent = parentOf(tree, current);
        if (!parent) fail('TB.2.3-3');
        suspended = parent;
      }
      state.suspendedActivity = suspended.id;
      for (const n of pathToRoot(tree, suspended)) {
        state.activities[n.id]!.active = false;
        state.activities[n.id]!.suspended = true;
      }
      state.currentActivity = tree.root.id;
      return 'exit';
    }
    case 'abandon':
      currentState.active = false;
      return undefined;
    case 'abandonAll':
      for (const n of pathToRoot(tree, nodeOf(tree, state.currentActivity))) state.activities[n.id]!.active = false;
      state.currentActivity = tree.root.id;
      return 'exit';
  }
}
