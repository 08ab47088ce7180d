// Objectives of an activity (SN 3.10, 4.2.1.1): the primary objective, reads through mapInfo from
// global shared objectives, writes to them, and satisfaction by measure (SN 3.10.1, RB.1.2a).
import type { ActivityTree } from './activity-tree.ts';
import { nodeOf } from './activity-tree.ts';
import type { ObjectiveDescription } from './definition.ts';
import type { ActivityNode, ObjectiveState, SequencingState } from './types.ts';

/** The key of the implicit primary objective of an activity that declares none. */
export const IMPLICIT_PRIMARY = '';

export function primaryObjectiveKey(node: ActivityNode): string {
  const primary = node.sequencing.objectives.find((o) => o.primary);
  return primary?.objectiveID ?? IMPLICIT_PRIMARY;
}

export function objectiveKeys(node: ActivityNode): string[] {
  const keys = new Set<string>([primaryObjectiveKey(node)]);
  for (const o of node.sequencing.objectives) if (o.objectiveID !== undefined) keys.add(o.objectiveID);
  return [...keys];
}

function describe(node: ActivityNode, key: string): ObjectiveDescription | undefined {
  return node.sequencing.objectives.find(
    (o) => o.objectiveID === key || (o.primary && key === primaryObjectiveKey(node)),
  );
}

/** Resolves a rule's referencedObjective (undefined = primary) to a tracked key, or undefined. */
export function resolveObjectiveKey(node: ActivityNode, referenced: string | undefined): string | undefined {
  if (referenced === undefined || referenced === '') return primaryObjectiveKey(node);
  return objectiveKeys(node).includes(referenced) ? referenced : undefined;
}

/**
 * The objective as the sequencer sees it: local data overlaid by the first global objective each
 * readable field is mapped from (SN 4.2.1.1 readSatisfiedStatus / readNormalizedMeasure), then,
 * with satisfiedByMeasure, satisfaction decided by measure against minNormalizedMeasure (SN 3.10).
 */
export function readObjective(tree: ActivityTree, state: SequencingState, id: string, key?: string): ObjectiveState {
  const node = nodeOf(tree, id);
  const k = key ?? primaryObjectiveKey(node);
  const local = state.activities[id]?.objectives[k];
  const result: ObjectiveState = local
    ? { ...local }
    : { progressStatus: false, satisfiedStatus: false, measureStatus: false, normalizedMeasure: 0 };
  const description = describe(node, k);
  if (!description) return result;
  let statusRead = false;
  let measureRead = false;
  for (const map of description.mapInfo) {
    const global = state.globalObjectives[map.targetObjectiveID];
    if (!global) continue;
    if (map.readSatisfiedStatus && !statusRead && global.progressStatus) {
      result.progressStatus = true;
      result.satisfiedStatus = global.satisfiedStatus;
      statusRead = true;
    }
    if (map.readNormalizedMeasure && !measureRead && global.measureStatus) {
      result.measureStatus = true;
      result.normalizedMeasure = global.normalizedMeasure;
      measureRead = true;
    }
  }
  if (description.satisfiedByMeasure) {
    const active = state.activities[id]?.active ?? false;
    if (!result.measureStatus || (active && !node.sequencing.rollupConsiderations.measureSatisfactionIfActive)) {
      result.progressStatus = false;
    } else {
      result.progressStatus = true;
      result.satisfiedStatus = result.normalizedMeasure >= description.minNormalizedMeasure;
    }
  }
  return result;
}

/**
 * Sets local objective data and writes it through every mapInfo with the matching write flag
 * (SN 4.2.1.1). Only known values are written, so an unknown local status never erases what
 * another activity recorded in a shared objective.
 */
export function writeObjective(
  tree: ActivityTree,
  state: SequencingState,
  id: string,
  key: string,
  patch: Partial<ObjectiveState>,
): void {
  const node = nodeOf(tree, id);
  const s = state.activities[id];
  if (!s) return;
  const local = (s.objectives[key] ??= {
    progressStatus: false,
    satisfiedStatus: false,
    measureStatus: false,
    normalizedMeasure: 0,
  });
  Object.assign(local, patch);
  const description = describe(node, key);
  for (const map of description?.mapInfo ?? []) {
    const global = (state.globalObjectives[map.targetObjectiveID] ??= {
      progressStatus: false,
      satisfiedStatus: false,
      measureStatus: false,
      normalizedMeasure: 0,
    });
    if (map.writeSatisfiedStatus && local.progressStatus) {
      global.progressStatus = true;
      global.satisfiedStatus = local.satisfiedStatus;
    }
    if (map.writeNormalizedMeasure && local.measureStatus) {
      global.measureStatus = true;
      global.normalizedMeasure = local.normalizedMeasure;
    }
  }
}
