// The learner-facing status of an activity for the table of contents and reports, read from
// the tracking state (SN 4.2.1; 1.2 lesson_status values as the RTE 1.2 vocabulary names them).
import { nodeOf, preorder } from './activity-tree.ts';
import type { ActivityTree } from './activity-tree.ts';
import { readObjective } from './objectives.ts';
import type { ActivityNode, SequencingState, TocStatus } from './types.ts';

function ownStatus(tree: ActivityTree, state: SequencingState, id: string): TocStatus {
  const s = state.activities[id];
  if (!s) return 'not attempted';
  const objective = readObjective(tree, state, id);
  if (objective.progressStatus && (s.attemptCount > 0 || s.attemptProgressStatus)) {
    return objective.satisfiedStatus ? 'passed' : 'failed';
  }
  if (s.attemptProgressStatus) return s.attemptCompletionStatus ? 'completed' : 'incomplete';
  return s.attemptCount > 0 ? 'incomplete' : 'not attempted';
}

function launchableDescendants(node: ActivityNode): ActivityNode[] {
  return node.children.flatMap((c) => [...(c.launchable ? [c] : []), ...launchableDescendants(c)]);
}

/**
 * 2004: the activity's own tracking (clusters have it from rollup). 1.2 has no rollup, so an
 * aggregation is completed when all its SCOs are passed or completed, incomplete once any started.
 */
export function activityStatus(tree: ActivityTree, state: SequencingState, id: string): TocStatus {
  const node = nodeOf(tree, id);
  if (tree.mode === '2004' || node.launchable || node.children.length === 0) return ownStatus(tree, state, id);
  const statuses = launchableDescendants(node).map((n) => ownStatus(tree, state, n.id));
  if (statuses.length === 0) return 'not attempted';
  if (statuses.every((s) => s === 'passed' || s === 'completed')) return 'completed';
  return statuses.some((s) => s !== 'not attempted') ? 'incomplete' : 'not attempted';
}

/** SCORM 1.2 prerequisites count an item as done when it is passed or completed (CAM 1.2 3.3.4.1). */
export function isDone12(tree: ActivityTree, state: SequencingState, id: string): boolean {
  if (!tree.nodes.has(id)) return false;
  const status = activityStatus(tree, state, id);
  return status === 'passed' || status === 'completed';
}

export function launchableInOrder(tree: ActivityTree): ActivityNode[] {
  return preorder(tree).filter((n) => n.launchable);
}
