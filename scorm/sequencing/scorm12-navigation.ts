// SCORM 1.2 navigation: tree order over the launchable items, choice from the table of contents,
// adlcp:prerequisites honoured, suspend and resume (CAM 1.2 3.3.4, RTE 1.2 cmi.core.exit).
import { isLeaf, nodeOf, pathToRoot, preorder } from './activity-tree.ts';
import type { ActivityTree } from './activity-tree.ts';
import { isDone12, launchableInOrder } from './activity-status.ts';
import { sequencingException } from './exceptions.ts';
import { prerequisitesMet } from './prerequisites.ts';
import { copyState } from './sequencing-state.ts';
import type { ActivityNode, NavigationRequest, NavigationResult, SequencingState } from './types.ts';

/** An item may be launched when it and every aggregation above it have their prerequisites met. */
export function launchable12(tree: ActivityTree, state: SequencingState, node: ActivityNode): boolean {
  if (!node.launchable) return false;
  return pathToRoot(tree, node).every(
    (n) => !n.prerequisites12 || prerequisitesMet(n.prerequisites12, (id) => isDone12(tree, state, id)),
  );
}

function deliver12(state: SequencingState, id: string): NavigationResult {
  if (state.currentActivity !== null) state.activities[state.currentActivity]!.active = false;
  const s = state.activities[id]!;
  // RTE 1.2 cmi.core.exit = "suspend": the next launch of that SCO resumes the same attempt.
  if (s.suspended) s.suspended = false;
  else s.attemptCount += 1;
  s.active = true;
  state.currentActivity = id;
  state.suspendedActivity = null;
  return { state, deliver: id };
}

function endSession12(state: SequencingState): NavigationResult {
  if (state.currentActivity !== null) state.activities[state.currentActivity]!.active = false;
  state.currentActivity = null;
  return { state, deliver: null, endSession: true };
}

function refuse(state: SequencingState, code: string): NavigationResult {
  return { state, deliver: null, exception: sequencingException(code) };
}

export function processNavigationRequest12(
  tree: ActivityTree,
  input: SequencingState,
  request: NavigationRequest,
): NavigationResult {
  const state = copyState(input);
  const items = launchableInOrder(tree);
  const current = state.currentActivity === null ? null : nodeOf(tree, state.currentActivity);
  const at = current ? items.indexOf(current) : -1;
  const firstOpen = (list: ActivityNode[]) => list.find((n) => launchable12(tree, state, n));
  switch (request.type) {
    case 'start': {
      if (current) return refuse(input, 'NB.2.1-1');
      const first = firstOpen(items);
      return first ? deliver12(state, first.id) : refuse(input, '1.2-NONE');
    }
    case 'resumeAll':
      if (current) return refuse(input, 'NB.2.1-1');
      if (state.suspendedActivity === null) return refuse(input, 'NB.2.1-3');
      return deliver12(state, state.suspendedActivity);
    case 'continue': {
      if (!current) return refuse(input, 'NB.2.1-2');
      const later = items.slice(at + 1);
      const next = firstOpen(later);
      if (next) return deliver12(state, next.id);
      // Past the last item the course is over; items still locked by prerequisites keep it open.
      return later.length === 0 ? endSession12(state) : refuse(input, '1.2-PREREQ');
    }
    case 'previous': {
      if (!current) return refuse(input, 'NB.2.1-2');
      const prev = firstOpen(items.slice(0, Math.max(at, 0)).reverse());
      return prev ? deliver12(state, prev.id) : refuse(input, '1.2-NONE');
    }
    case 'choice':
    case 'jump': {
      const target = tree.nodes.get(request.target);
      if (!target) return refuse(input, 'NB.2.1-11');
      // Choosing an aggregation opens its first launchable item.
      const candidates = preorder(tree).filter((n) => pathToRoot(tree, n).includes(target) && n.launchable);
      const chosen = target.launchable ? target : candidates[0];
      if (!chosen) return refuse(input, isLeaf(target) ? 'DB.1.1-2' : 'SB.2.9-9');
      if (!launchable12(tree, state, chosen)) return refuse(input, '1.2-PREREQ');
      return deliver12(state, chosen.id);
    }
    case 'retry':
      if (!current) return refuse(input, 'NB.2.1-2');
      state.activities[current.id]!.suspended = false;
      return deliver12(state, current.id);
    case 'retryAll': {
      if (!current) return refuse(input, 'NB.2.1-2');
      const first = firstOpen(items);
      return first ? deliver12(state, first.id) : refuse(input, '1.2-NONE');
    }
    case 'exit':
    case 'abandon':
      if (!current) return refuse(input, 'NB.2.1-2');
      if (!state.activities[current.id]!.active) return refuse(input, 'NB.2.1-12');
      state.activities[current.id]!.active = false;
      // A single-item course ends with its item; otherwise the learner picks what comes next.
      return items.length <= 1 ? endSession12(state) : { state, deliver: null };
    case 'exitAll':
    case 'abandonAll':
      if (!current) return refuse(input, 'NB.2.1-2');
      return endSession12(state);
    case 'suspendAll':
      if (!current) return refuse(input, 'NB.2.1-2');
      state.suspendedActivity = current.id;
      state.activities[current.id]!.suspended = true;
      return endSession12(state);
  }
}
