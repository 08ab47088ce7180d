// SB.2.9 Choice Sequencing Request Process with SB.2.4 Choice Activity Traversal and the
// constrained-choice helpers SB.2.9.1 / SB.2.9.2 (SN 3.3 constrainChoice, preventActivation).
import {
  availableChildren,
  commonAncestor,
  isAncestorOrSelf,
  isAvailable,
  isLeaf,
  nodeOf,
  parentOf,
  pathToRoot,
  precedes,
} from './activity-tree.ts';
import type { ActivityTree } from './activity-tree.ts';
import { endAttempt, terminateDescendentAttempts } from './end-attempt.ts';
import { fail, SequencingError } from './exceptions.ts';
import { flowSubprocess } from './flow.ts';
import type { Direction } from './flow.ts';
import { hiddenFromChoice, preConditionHolds } from './sequencing-rules.ts';
import type { ActivityNode, SequencingState } from './types.ts';

/** SB.2.4: may a choice pass over this activity in this direction? */
function choiceActivityTraversal(tree: ActivityTree, state: SequencingState, node: ActivityNode, direction: Direction): void {
  if (direction === 'forward') {
    if (preConditionHolds(tree, state, node.id, 'stopForwardTraversal')) fail('SB.2.4-1');
    return;
  }
  const parent = parentOf(tree, node);
  if (!parent) fail('SB.2.4-3');
  if (parent.sequencing.controlMode.forwardOnly) fail('SB.2.4-2');
}

/** SB.2.9.2 Choice Flow Tree Traversal: the next (or previous) sibling, climbing as needed. */
function choiceFlowTreeTraversal(
  tree: ActivityTree,
  state: SequencingState,
  node: ActivityNode,
  direction: Direction,
): ActivityNode | null {
  const parent = parentOf(tree, node);
  if (!parent) return null;
  const list = availableChildren(tree, state, parent);
  const at = list.indexOf(node);
  if (direction === 'forward') {
    if (at === list.length - 1) return choiceFlowTreeTraversal(tree, state, parent, direction);
    return list[at + 1]!;
  }
  if (at === 0) return choiceFlowTreeTraversal(tree, state, parent, direction);
  return list[at - 1]!;
}

/** SB.2.9.1 Choice Flow Subprocess: the activity a constrained choice may reach from `node`. */
function choiceFlowSubprocess(tree: ActivityTree, state: SequencingState, node: ActivityNode, direction: Direction): ActivityNode {
  return choiceFlowTreeTraversal(tree, state, node, direction) ?? node;
}

/** SB.2.9: returns the activity to deliver for a choice of `targetId`. */
export function choiceSequencingRequest(tree: ActivityTree, state: SequencingState, targetId: string): ActivityNode {
  const target = tree.nodes.get(targetId);
  if (!target) fail('SB.2.9-1');
  const targetPath = pathToRoot(tree, target);
  for (const n of targetPath) if (!isAvailable(tree, state, n)) fail('SB.2.9-2');
  if (hiddenFromChoice(tree, state, target.id)) fail('SB.2.9-3');
  const targetParent = parentOf(tree, target);
  if (targetParent && !targetParent.sequencing.controlMode.choice) fail('SB.2.9-4');

  const current = state.currentActivity === null ? null : nodeOf(tree, state.currentActivity);
  const common = current ? commonAncestor(tree, current, target) : tree.root;
  const fromCommonToTarget = targetPath.slice(0, targetPath.indexOf(common) + 1).reverse();
  const checkActivation = (path: ActivityNode[]): void => {
    for (const n of path) {
      // stopForwardTraversal stops a choice from passing through an activity, not from choosing
      // it (CTS CM-07e: activity 4 selectable, its child 6 not).
      if (n !== target) choiceActivityTraversal(tree, state, n, 'forward');
      const s = state.activities[n.id]!;
      // SN 3.3 preventActivation: a new attempt below this cluster only from within it.
      if (!s.active && n !== common && n.sequencing.constrainedChoiceConsiderations.preventActivation) fail('SB.2.9-6');
    }
  };

  if (current && current === target) {
    // Case 1: the current activity is chosen again; nothing to check.
  } else if (current && parentOf(tree, current) === targetParent) {
    // Case 2: a sibling; every sibling passed over must allow the traversal.
    const list = availableChildren(tree, state, targetParent!);
    const from = list.indexOf(current);
    const to = list.indexOf(target);
    const direction: Direction = to > from ? 'forward' : 'backward';
    const between = direction === 'forward' ? list.slice(from, to) : list.slice(to + 1, from + 1).reverse();
    for (const n of between) choiceActivityTraversal(tree, state, n, direction);
  } else if (!current || current === common) {
    // Case 3: the target is a descendant of the current activity (or nothing is current).
    checkActivation(fromCommonToTarget);
  } else if (target === common) {
    // Case 4: the target is an ancestor of the current activity.
    const path = pathToRoot(tree, current);
    for (const n of path.slice(0, path.indexOf(target))) {
      if (!n.sequencing.controlMode.choiceExit) fail('SB.2.9-7');
    }
  } else {
    // Case 5: elsewhere in the tree.
    const path = pathToRoot(tree, current);
    let constrained: ActivityNode | null = null;
    for (const n of path.slice(0, path.indexOf(common))) {
      if (!n.sequencing.controlMode.choiceExit) fail('SB.2.9-7');
      // Deviation from the letter of SB.2.9 11.5.4: a leaf's constrainChoice is not taken (it
      // constrains choice among a cluster's descendants; CTS CM-07d chooses activity 15 from 13,
      // a leaf whose collection entry says constrainChoice).
      if (!constrained && !isLeaf(n) && n.sequencing.constrainedChoiceConsiderations.constrainChoice) constrained = n;
    }
    if (constrained) {
      const direction: Direction = precedes(tree, state, constrained, target) ? 'forward' : 'backward';
      const reach = choiceFlowSubprocess(tree, state, constrained, direction);
      if (!isAncestorOrSelf(tree, reach, target) && target !== constrained) fail('SB.2.9-8');
    }
    if (precedes(tree, state, current, target)) {
      checkActivation(fromCommonToTarget);
    } else {
      for (const n of fromCommonToTarget) {
        const s = state.activities[n.id]!;
        if (!s.active && n !== common && n.sequencing.constrainedChoiceConsiderations.preventActivation) fail('SB.2.9-6');
      }
    }
  }

  if (isLeaf(target)) return target;
  try {
    return flowSubprocess(tree, state, target, 'forward', true);
  } catch (error) {
    if (!(error instanceof SequencingError)) throw error;
    // SB.2.9 step 12: a cluster with nothing deliverable; the attempts up to the common ancestor end.
    terminateDescendentAttempts(tree, state, common);
    endAttempt(tree, state, common.id);
    state.currentActivity = target.id;
    return fail('SB.2.9-9');
  }
}
