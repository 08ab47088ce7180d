// RB.1.5 Overall Rollup with RB.1.1 Measure Rollup, RB.1.1b Completion Measure Rollup,
// RB.1.2 Objective Rollup (a: by measure, b: by rules) and RB.1.3 Activity Progress Rollup.
import { availableChildren, nodeOf, pathToRoot, preorder } from './activity-tree.ts';
import type { ActivityTree } from './activity-tree.ts';
import { primaryObjectiveKey, readObjective, writeObjective, writePrimaryCompletion } from './objectives.ts';
import { rollupRuleApplies } from './rollup-rules.ts';
import type { ActivityNode, SequencingState } from './types.ts';

/** RB.1.1 Measure Rollup: weighted average of the tracked children's primary measures. */
function measureRollup(tree: ActivityTree, state: SequencingState, node: ActivityNode): void {
  let total = 0;
  let counted = 0;
  let valid = false;
  for (const child of availableChildren(tree, state, node)) {
    if (!child.sequencing.delivery.tracked) continue;
    const weight = child.sequencing.rollup.objectiveMeasureWeight;
    counted += weight;
    const o = readObjective(tree, state, child.id);
    if (o.measureStatus) {
      total += o.normalizedMeasure * weight;
      valid = true;
    }
  }
  const key = primaryObjectiveKey(node);
  if (!valid || counted <= 0) {
    writeObjective(tree, state, node.id, key, { measureStatus: false });
  } else {
    writeObjective(tree, state, node.id, key, { measureStatus: true, normalizedMeasure: total / counted });
  }
}

/** RB.1.1b Completion Measure Rollup (CAM 4th Ed progressWeight). */
function completionMeasureRollup(tree: ActivityTree, state: SequencingState, node: ActivityNode): void {
  let total = 0;
  let counted = 0;
  let valid = false;
  for (const child of availableChildren(tree, state, node)) {
    if (!child.sequencing.delivery.tracked) continue;
    const weight = child.completionThreshold?.progressWeight ?? 1;
    counted += weight;
    const c = state.activities[child.id]!;
    if (c.attemptCompletionAmountStatus) {
      total += c.attemptCompletionAmount * weight;
      valid = true;
    }
  }
  const s = state.activities[node.id]!;
  s.attemptCompletionAmountStatus = valid && counted > 0;
  s.attemptCompletionAmount = s.attemptCompletionAmountStatus ? total / counted : 0;
}

/** RB.1.2 Objective Rollup Process. Satisfaction by measure (RB.1.2a) is applied when read. */
function objectiveRollup(tree: ActivityTree, state: SequencingState, node: ActivityNode): void {
  const key = primaryObjectiveKey(node);
  const primary = node.sequencing.objectives.find((o) => o.primary);
  if (primary?.satisfiedByMeasure) {
    // RB.1.2a: record the measure-based result so it is also written to shared objectives.
    const o = readObjective(tree, state, node.id, key);
    writeObjective(tree, state, node.id, key, { progressStatus: o.progressStatus, satisfiedStatus: o.satisfiedStatus });
    return;
  }
  if (node.children.length === 0) return;
  // RB.1.2b: "not satisfied" is checked first, a satisfied rule then takes precedence.
  if (rollupRuleApplies(tree, state, node.id, 'notSatisfied')) {
    writeObjective(tree, state, node.id, key, { progressStatus: true, satisfiedStatus: false });
  }
  if (rollupRuleApplies(tree, state, node.id, 'satisfied')) {
    writeObjective(tree, state, node.id, key, { progressStatus: true, satisfiedStatus: true });
  }
}

/** RB.1.3 Activity Progress Rollup (a: by measure with completedByMeasure; b: by rules). */
function progressRollup(tree: ActivityTree, state: SequencingState, node: ActivityNode): void {
  const s = state.activities[node.id]!;
  const threshold = node.completionThreshold;
  if (threshold?.completedByMeasure) {
    s.attemptProgressStatus = s.attemptCompletionAmountStatus;
    s.attemptCompletionStatus = s.attemptCompletionAmountStatus && s.attemptCompletionAmount >= threshold.minProgressMeasure;
    return;
  }
  if (rollupRuleApplies(tree, state, node.id, 'incomplete')) {
    s.attemptProgressStatus = true;
    s.attemptCompletionStatus = false;
  }
  if (rollupRuleApplies(tree, state, node.id, 'completed')) {
    s.attemptProgressStatus = true;
    s.attemptCompletionStatus = true;
  }
}

/** RB.1.5 Overall Rollup Process: from the activity up to the root. */
export function overallRollup(tree: ActivityTree, state: SequencingState, id: string): void {
  for (const node of pathToRoot(tree, nodeOf(tree, id))) {
    if (node.children.length > 0) {
      measureRollup(tree, state, node);
      if (node.completionThreshold) completionMeasureRollup(tree, state, node);
      objectiveRollup(tree, state, node);
      progressRollup(tree, state, node);
      writePrimaryCompletion(tree, state, node.id);
    } else {
      objectiveRollup(tree, state, node);
    }
  }
}

const READS = ['readSatisfiedStatus', 'readNormalizedMeasure', 'readCompletionStatus', 'readProgressMeasure'] as const;
const WRITES = ['writeSatisfiedStatus', 'writeNormalizedMeasure', 'writeCompletionStatus', 'writeProgressMeasure', 'writeRawScore', 'writeMinScore', 'writeMaxScore'] as const;

/** Per tree: the leaves reading each global objective (built once; trees are immutable). */
const readersCache = new WeakMap<ActivityTree, Map<string, string[]>>();

function readersOf(tree: ActivityTree): Map<string, string[]> {
  let readers = readersCache.get(tree);
  if (readers) return readers;
  readers = new Map();
  for (const n of preorder(tree)) {
    if (n.children.length > 0) continue;
    for (const o of n.sequencing.objectives)
      for (const m of o.mapInfo) if (READS.some((f) => m[f])) readers.set(m.targetObjectiveID, [...(readers.get(m.targetObjectiveID) ?? []), n.id]);
  }
  readersCache.set(tree, readers);
  return readers;
}

/** Global objectives a rollup from `id` may write: those mapped for writing on its path to the root. */
function writtenOnPath(tree: ActivityTree, id: string): string[] {
  return pathToRoot(tree, nodeOf(tree, id)).flatMap((n) =>
    n.sequencing.objectives.flatMap((o) => o.mapInfo.filter((m) => WRITES.some((f) => m[f])).map((m) => m.targetObjectiveID)),
  );
}

/** The current value of some global objectives, to see which a rollup changed. */
export function globalsSnapshot(state: SequencingState, targets: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of targets) out.set(t, JSON.stringify(state.globalObjectives[t] ?? null));
  return out;
}

/**
 * Overall Rollup from an activity, then from every other leaf that reads a global objective the
 * report or the rollups changed, until nothing changes: a shared objective written by one branch
 * is what the reading leaves of another branch report to their clusters (SN 4.2.1.1 with
 * RB.1.5; CTS RU-16, RU-17a: clusters satisfied through their children's mapped objectives).
 * `before` holds the watched globals as they were before the report.
 */
export function rollupWithReaders(tree: ActivityTree, state: SequencingState, id: string, before: Map<string, string>): void {
  overallRollup(tree, state, id);
  const readers = readersOf(tree);
  if (readers.size === 0) return;
  let watched = before;
  for (const t of writtenOnPath(tree, id)) if (!watched.has(t)) watched.set(t, 'null');
  for (let round = 0; round < 4 && watched.size > 0; round++) {
    const next = new Map<string, string>();
    const leaves = new Set<string>();
    for (const [t, was] of watched) {
      if (JSON.stringify(state.globalObjectives[t] ?? null) === was) continue;
      for (const leaf of readers.get(t) ?? []) if (leaf !== id) leaves.add(leaf);
    }
    for (const leaf of leaves) {
      const targets = writtenOnPath(tree, leaf);
      const snap = globalsSnapshot(state, targets);
      overallRollup(tree, state, leaf);
      for (const [t, v] of snap) next.set(t, v);
    }
    watched = next;
  }
}
