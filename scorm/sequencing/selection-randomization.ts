// SN 4.8 Selection and Randomization: SR.1 Select Children and SR.2 Randomize Children, with the
// injected RNG of the tree so the engine stays pure and replayable.
import type { ActivityTree } from './activity-tree.ts';
import type { ActivityNode, SequencingState } from './types.ts';

type Moment = 'once' | 'onEachNewAttempt';

/** SR.3 (Select and Randomize Process) at the given moment of the activity's life. */
export function selectAndRandomize(tree: ActivityTree, state: SequencingState, node: ActivityNode, moment: Moment): void {
  if (node.children.length === 0) return;
  const s = state.activities[node.id];
  if (!s) return;
  const r = node.sequencing.randomization;
  let ids = s.availableChildren ?? node.children.map((c) => c.id);
  let changed = false;
  // SR.1: selectCount children, keeping their tree order.
  if (r.selectionTiming === moment && r.selectCount !== undefined && r.selectCount < node.children.length) {
    const pool = node.children.map((c) => c.id);
    const chosen = new Set<string>();
    while (chosen.size < r.selectCount) {
      const remaining = pool.filter((id) => !chosen.has(id));
      chosen.add(remaining[Math.floor(tree.random() * remaining.length)]!);
    }
    ids = pool.filter((id) => chosen.has(id));
    changed = true;
  }
  // SR.2: reorder the available children (Fisher-Yates).
  if (r.randomizationTiming === moment && r.reorderChildren) {
    ids = [...ids];
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Math.floor(tree.random() * (i + 1));
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    changed = true;
  }
  if (changed) s.availableChildren = ids;
}
