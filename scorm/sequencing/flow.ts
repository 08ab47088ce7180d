// Flow navigation: SB.2.1 Flow Tree Traversal, SB.2.2 Flow Activity Traversal and SB.2.3 Flow
// Subprocess, over the available children of each cluster.
import { availableChildren, isLeaf, isRoot, parentOf } from './activity-tree.ts';
import type { ActivityTree } from './activity-tree.ts';
import { endAttempt, terminateDescendentAttempts } from './end-attempt.ts';
import { fail } from './exceptions.ts';
import { checkActivityFails, preConditionHolds } from './sequencing-rules.ts';
import type { ActivityNode, SequencingState } from './types.ts';

export type Direction = 'forward' | 'backward';

interface Step {
  next: ActivityNode;
  direction: Direction;
}

function siblings(tree: ActivityTree, state: SequencingState, node: ActivityNode): ActivityNode[] {
  const parent = parentOf(tree, node);
  return parent ? availableChildren(tree, state, parent) : [node];
}

function isLastInPreorder(tree: ActivityTree, state: SequencingState, node: ActivityNode): boolean {
  if (availableChildren(tree, state, node).length > 0) return false;
  for (let n: ActivityNode | null = node; n && !isRoot(tree, n); n = parentOf(tree, n)) {
    const list = siblings(tree, state, n);
    if (list[list.length - 1] !== n) return false;
  }
  return true;
}

/**
 * SB.2.1: the next activity in the given direction. Reaching the end of the tree going forward
 * ends the attempts on the tree and the sequencing session (4th Ed step 3.1).
 */
export function flowTreeTraversal(
  tree: ActivityTree,
  state: SequencingState,
  start: ActivityNode,
  startDirection: Direction,
  considerChildren: boolean,
  previousDirection?: Direction,
): Step {
  let node = start;
  let direction = startDirection;
  let reversed = false;
  const list = siblings(tree, state, node);
  if (previousDirection === 'backward' && list[list.length - 1] === node) {
    direction = 'backward';
    node = list[0]!;
    reversed = true;
  }
  if (direction === 'forward') {
    if (isLastInPreorder(tree, state, node) || (isRoot(tree, node) && !considerChildren)) {
      terminateDescendentAttempts(tree, state, tree.root);
      endAttempt(tree, state, tree.root.id);
      fail('SB.2.1-1', true);
    }
    if (isLeaf(node) || !considerChildren) {
      const mine = siblings(tree, state, node);
      if (mine[mine.length - 1] === node) {
        return flowTreeTraversal(tree, state, parentOf(tree, node)!, 'forward', false);
      }
      return { next: mine[mine.indexOf(node) + 1]!, direction };
    }
    const children = availableChildren(tree, state, node);
    if (children.length === 0) fail('SB.2.1-2');
    return { next: children[0]!, direction };
  }
  if (isRoot(tree, node)) fail('SB.2.1-3');
  if (isLeaf(node) || !considerChildren) {
    const parent = parentOf(tree, node)!;
    if (!reversed && parent.sequencing.controlMode.forwardOnly) fail('SB.2.1-4');
    const mine = siblings(tree, state, node);
    if (mine[0] === node) return flowTreeTraversal(tree, state, parent, 'backward', false);
    return { next: mine[mine.indexOf(node) - 1]!, direction };
  }
  const children = availableChildren(tree, state, node);
  if (children.length === 0) fail('SB.2.1-2');
  // A forward-only cluster is entered at its first child, flowing forward (SB.2.1 4.3.1.1).
  if (node.sequencing.controlMode.forwardOnly) return { next: children[0]!, direction: 'forward' };
  return { next: children[children.length - 1]!, direction: 'backward' };
}

/** SB.2.2: from a candidate, skip and descend until a deliverable leaf is found. */
export function flowActivityTraversal(
  tree: ActivityTree,
  state: SequencingState,
  node: ActivityNode,
  direction: Direction,
  previousDirection?: Direction,
): ActivityNode {
  const parent = parentOf(tree, node);
  if (parent && !parent.sequencing.controlMode.flow) fail('SB.2.2-1');
  if (preConditionHolds(tree, state, node.id, 'skip')) {
    const step = flowTreeTraversal(tree, state, node, direction, false, previousDirection);
    if (previousDirection === 'backward' && step.direction === 'backward') {
      return flowActivityTraversal(tree, state, step.next, step.direction);
    }
    return flowActivityTraversal(tree, state, step.next, direction, previousDirection);
  }
  if (checkActivityFails(tree, state, node.id)) fail('SB.2.2-2');
  if (!isLeaf(node)) {
    const step = flowTreeTraversal(tree, state, node, direction, true);
    if (direction === 'backward' && step.direction === 'forward') {
      return flowActivityTraversal(tree, state, step.next, 'forward', 'backward');
    }
    return flowActivityTraversal(tree, state, step.next, direction);
  }
  return node;
}

/** SB.2.3 Flow Subprocess: the deliverable activity in the direction from `node`. */
export function flowSubprocess(
  tree: ActivityTree,
  state: SequencingState,
  node: ActivityNode,
  direction: Direction,
  considerChildren: boolean,
): ActivityNode {
  const step = flowTreeTraversal(tree, state, node, direction, considerChildren);
  return flowActivityTraversal(tree, state, step.next, step.direction);
}
