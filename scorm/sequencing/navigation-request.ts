// NB.2.1 Navigation Request Process: checks a navigation request against the current state and
// turns it into a termination request and a sequencing request.
import { commonAncestor, nodeOf, parentOf, pathToRoot } from './activity-tree.ts';
import type { ActivityTree } from './activity-tree.ts';
import { fail } from './exceptions.ts';
import type { SequencingRequestType, TerminationRequest } from './termination.ts';
import type { NavigationRequest, SequencingState } from './types.ts';

export interface TranslatedRequest {
  termination?: TerminationRequest;
  sequencing: SequencingRequestType;
  target?: string;
}

/** Throws a SequencingError with an NB.2.1 code when the request is not valid now. */
export function translateNavigationRequest(
  tree: ActivityTree,
  state: SequencingState,
  request: NavigationRequest,
): TranslatedRequest {
  const currentId = state.currentActivity;
  const current = currentId === null ? null : nodeOf(tree, currentId);
  const active = current !== null && state.activities[current.id]!.active;
  const exitIfActive = (): TerminationRequest | undefined => (active ? 'exit' : undefined);
  switch (request.type) {
    case 'start':
      if (current) fail('NB.2.1-1');
      return { sequencing: 'start' };
    case 'resumeAll':
      if (current) fail('NB.2.1-1');
      if (state.suspendedActivity === null) fail('NB.2.1-3');
      return { sequencing: 'resumeAll' };
    case 'continue': {
      if (!current) fail('NB.2.1-2');
      const parent = parentOf(tree, current);
      if (!parent || !parent.sequencing.controlMode.flow) fail('NB.2.1-4');
      return { termination: exitIfActive(), sequencing: 'continue' };
    }
    case 'previous': {
      if (!current) fail('NB.2.1-2');
      const parent = parentOf(tree, current);
      if (!parent) fail('NB.2.1-6');
      const mode = parent.sequencing.controlMode;
      if (!mode.flow || mode.forwardOnly) fail('NB.2.1-5');
      return { termination: exitIfActive(), sequencing: 'previous' };
    }
    case 'choice': {
      const target = tree.nodes.get(request.target);
      if (!target) fail('NB.2.1-11');
      const parent = parentOf(tree, target);
      if (parent && !parent.sequencing.controlMode.choice) fail('NB.2.1-10');
      if (!current) return { sequencing: 'choice', target: target.id };
      // NB.2.1 7.1.1.3: every active activity being left must allow choice exit.
      const common = commonAncestor(tree, current, target);
      const path = pathToRoot(tree, current);
      for (const n of path.slice(0, path.indexOf(common))) {
        if (state.activities[n.id]!.active && !n.sequencing.controlMode.choiceExit) fail('NB.2.1-8');
      }
      return { termination: exitIfActive(), sequencing: 'choice', target: target.id };
    }
    case 'jump': {
      // SN 4th Ed jump: only the content may ask for it; no control mode applies.
      const target = tree.nodes.get(request.target);
      if (!target) fail('NB.2.1-11');
      if (!current) fail('NB.2.1-2');
      return { termination: exitIfActive(), sequencing: 'jump', target: target.id };
    }
    case 'exit':
      if (!current) fail('NB.2.1-2');
      if (!active) fail('NB.2.1-12');
      return { termination: 'exit', sequencing: 'exit' };
    case 'exitAll':
    case 'abandonAll':
    case 'suspendAll':
      if (!current) fail('NB.2.1-2');
      return { termination: request.type, sequencing: 'exit' };
    case 'abandon':
      if (!current) fail('NB.2.1-2');
      if (!active) fail('NB.2.1-12');
      return { termination: 'abandon', sequencing: 'exit' };
    // Extensions of the SN navigation requests, behaving as the post-condition actions of the
    // same name (TB.2.2): retry the current activity, or exit all and retry the root.
    case 'retry':
      if (!current) fail('NB.2.1-2');
      return { termination: exitIfActive(), sequencing: 'retry' };
    case 'retryAll':
      if (!current) fail('NB.2.1-2');
      return { termination: 'exitAll', sequencing: 'retry' };
  }
  return fail('NB.2.1-13');
}
