// UP.4 End Attempt Process and UP.3 Terminate Descendent Attempts Process.
import { commonAncestor, isLeaf, nodeOf, pathToRoot } from './activity-tree.ts';
import type { ActivityTree } from './activity-tree.ts';
import { primaryObjectiveKey, readObjective, writeObjective } from './objectives.ts';
import { overallRollup } from './rollup.ts';
import type { ActivityNode, SequencingState } from './types.ts';

/** UP.4: ends the current attempt on an activity and rolls its data up the tree. */
export function endAttempt(tree: ActivityTree, state: SequencingState, id: string): void {
  const node = nodeOf(tree, id);
  const s = state.activities[id]!;
  if (isLeaf(node)) {
    const delivery = node.sequencing.delivery;
    if (delivery.tracked && !s.suspended) {
      // UP.4 1.1.1: content that does not report completion is completed by being experienced.
      if (!delivery.completionSetByContent && !s.attemptProgressStatus) {
        s.attemptProgressStatus = true;
        s.attemptCompletionStatus = true;
      }
      // UP.4 1.1.2: likewise satisfied when it does not report success.
      if (!delivery.objectiveSetByContent && !readObjective(tree, state, id).progressStatus) {
        writeObjective(tree, state, id, primaryObjectiveKey(node), { progressStatus: true, satisfiedStatus: true });
      }
    }
  } else {
    // UP.4 2: a cluster is suspended when any of its children is.
    s.suspended = node.children.some((child) => state.activities[child.id]!.suspended);
  }
  s.active = false;
  overallRollup(tree, state, id);
}

/**
 * UP.3: ends the attempts of the activities between the current activity and its common
 * ancestor with `target`, both excluded (the current one was ended by termination).
 */
export function terminateDescendentAttempts(tree: ActivityTree, state: SequencingState, target: ActivityNode): void {
  if (state.currentActivity === null) return;
  const current = nodeOf(tree, state.currentActivity);
  const path = pathToRoot(tree, current);
  const common = path.indexOf(commonAncestor(tree, current, target));
  for (const n of path.slice(1, common)) endAttempt(tree, state, n.id);
}
