// DB.1.1 Delivery Request Process, DB.2 Content Delivery Environment Process and DB.2.1 Clear
// Suspended Activity Subprocess.
import { commonAncestor, isLeaf, nodeOf, pathToRoot } from './activity-tree.ts';
import type { ActivityTree } from './activity-tree.ts';
import { terminateDescendentAttempts } from './end-attempt.ts';
import { fail } from './exceptions.ts';
import { beginAttempt } from './sequencing-state.ts';
import { checkActivityFails } from './sequencing-rules.ts';
import type { ActivityNode, SequencingState } from './types.ts';

/** DB.1.1: only a leaf whose whole path passes Check Activity (UP.5) can be delivered. */
export function checkDeliveryRequest(tree: ActivityTree, state: SequencingState, node: ActivityNode): void {
  if (!isLeaf(node)) fail('DB.1.1-1');
  for (const n of pathToRoot(tree, node).reverse()) {
    if (checkActivityFails(tree, state, n.id)) fail('DB.1.1-3');
  }
}

/** DB.2.1: the suspended activity's branch is no longer suspended once something else starts. */
function clearSuspendedActivity(tree: ActivityTree, state: SequencingState, node: ActivityNode): void {
  if (state.suspendedActivity === null) return;
  const suspended = nodeOf(tree, state.suspendedActivity);
  const common = commonAncestor(tree, node, suspended);
  const path = pathToRoot(tree, suspended);
  for (const n of path.slice(0, path.indexOf(common) + 1)) {
    const s = state.activities[n.id]!;
    if (isLeaf(n)) s.suspended = false;
    else if (!n.children.some((c) => state.activities[c.id]!.suspended)) s.suspended = false;
  }
  state.suspendedActivity = null;
}

/** DB.2: makes `node` the current activity, starting or resuming attempts along its path. */
export function deliver(tree: ActivityTree, state: SequencingState, node: ActivityNode): void {
  if (state.activities[node.id]!.active) fail('DB.2-1');
  if (state.suspendedActivity !== node.id) clearSuspendedActivity(tree, state, node);
  terminateDescendentAttempts(tree, state, node);
  for (const n of pathToRoot(tree, node).reverse()) {
    const s = state.activities[n.id]!;
    if (s.active) continue;
    if (n.sequencing.delivery.tracked) {
      if (s.suspended) s.suspended = false;
      else beginAttempt(tree, state, n);
    }
    s.active = true;
  }
  state.currentActivity = node.id;
  state.suspendedActivity = null;
}
