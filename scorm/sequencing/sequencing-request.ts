// SB.2.12 Sequencing Request Process and the requests it dispatches: SB.2.5 Start, SB.2.6 Resume
// All, SB.2.7 Continue, SB.2.8 Previous, SB.2.9 Choice (choice.ts), SB.2.10 Retry, SB.2.11 Exit,
// SB.2.13 Jump.
import { isLeaf, isRoot, nodeOf, parentOf } from './activity-tree.ts';
import type { ActivityTree } from './activity-tree.ts';
import { choiceSequencingRequest } from './choice.ts';
import { fail } from './exceptions.ts';
import { flowSubprocess } from './flow.ts';
import { resetDescendants } from './sequencing-state.ts';
import type { SequencingRequestType } from './termination.ts';
import type { ActivityNode, SequencingState } from './types.ts';

export type SequencingOutcome = { deliver: ActivityNode } | { endSession: true } | { nothing: true };

/**
 * A retry of the root: global objectives the organization keeps to itself
 * (adlseq:objectivesGlobalToSystem="false", SN 4th Ed. 4.2.1.1) start unknown again, before the
 * flow whose rules read them. Read from the conformance suite: CTS RU-13d retries its root and
 * expects them cleared, while OB-03b relaunches (start after exit all) and expects them kept.
 */
function retryTreeAttempt(tree: ActivityTree, state: SequencingState): void {
  if (tree.root.objectivesGlobalToSystem === false) state.globalObjectives = {};
}

export function sequencingRequest(
  tree: ActivityTree,
  state: SequencingState,
  request: SequencingRequestType,
  target?: string,
): SequencingOutcome {
  const current = state.currentActivity === null ? null : nodeOf(tree, state.currentActivity);
  switch (request) {
    case 'start':
      if (current) fail('SB.2.5-1');
      if (isLeaf(tree.root)) return { deliver: tree.root };
      return { deliver: flowSubprocess(tree, state, tree.root, 'forward', true) };
    case 'resumeAll':
      if (current) fail('SB.2.6-1');
      if (state.suspendedActivity === null) fail('SB.2.6-2');
      return { deliver: nodeOf(tree, state.suspendedActivity) };
    case 'continue': {
      if (!current) fail('SB.2.7-1');
      const parent = parentOf(tree, current);
      if (parent && !parent.sequencing.controlMode.flow) fail('SB.2.7-2');
      return { deliver: flowSubprocess(tree, state, current, 'forward', false) };
    }
    case 'previous': {
      if (!current) fail('SB.2.8-1');
      const parent = parentOf(tree, current);
      if (parent && !parent.sequencing.controlMode.flow) fail('SB.2.8-2');
      return { deliver: flowSubprocess(tree, state, current, 'backward', false) };
    }
    case 'choice':
      return { deliver: choiceSequencingRequest(tree, state, target ?? '') };
    case 'jump':
      if (!current) fail('SB.2.13-1');
      return { deliver: nodeOf(tree, target ?? '') };
    case 'retry': {
      if (!current) fail('SB.2.10-1');
      const s = state.activities[current.id]!;
      if (s.active || s.suspended) fail('SB.2.10-2');
      if (isLeaf(current)) return { deliver: current };
      if (isRoot(tree, current)) retryTreeAttempt(tree, state);
      // The retried cluster's children are flowed through as the new attempt will see them.
      resetDescendants(tree, state, current);
      try {
        return { deliver: flowSubprocess(tree, state, current, 'forward', true) };
      } catch {
        return fail('SB.2.10-3');
      }
    }
    case 'exit': {
      if (!current) fail('SB.2.11-1');
      if (state.activities[current.id]!.active) fail('SB.2.11-2');
      // SB.2.11 3: exiting the root ends the sequencing session; otherwise wait for the learner.
      if (isRoot(tree, current)) return { endSession: true };
      return { nothing: true };
    }
  }
}
