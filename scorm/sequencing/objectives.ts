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

/**
 * An objective identifier as a URI compares (CAM: xs:anyURI, white space collapsed): percent
 * escapes decoded and white space collapsed, so `  %20obj%20%201%20 ` names `obj%201` (CTS OB-02a).
 */
function uriKey(id: string): string {
  const collapse = (v: string) => v.replace(/\s+/g, ' ').trim();
  try {
    return collapse(decodeURIComponent(collapse(id)));
  } catch {
    return collapse(id);
  }
}

/** Resolves a rule's referencedObjective (undefined = primary) to a tracked key, or undefined. */
export function resolveObjectiveKey(node: ActivityNode, referenced: string | undefined): string | undefined {
  if (referenced === undefined || referenced.trim() === '') return primaryObjectiveKey(node);
  const keys = objectiveKeys(node);
  if (keys.includes(referenced)) return referenced;
  const wanted = uriKey(referenced);
  return keys.find((k) => k !== '' && uriKey(k) === wanted);
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
  // An activity that is not tracked keeps no objective data, read or written (SN 3.13.1
  // tracked = false; CTS OB-06, CO-05a: its rules see nothing known).
  if (!description || !node.sequencing.delivery.tracked) return result;
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
  readExtended(result, description, state);
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
    } else if (map.writeNormalizedMeasure && patch.measureStatus === false) {
      // A measure computed as unknown (RB.1.1 with no known child) is written as unknown too:
      // the shared objective must not keep a measure its writer no longer has (CTS OB-03b).
      global.measureStatus = false;
    }
    writeExtended(local, map, global);
  }
}

/** Only the extended fields the objective's maps read from global objectives (RTE 4.2.17 at launch). */
export function readGlobalExtended(tree: ActivityTree, state: SequencingState, id: string, key: string): Partial<ObjectiveState> {
  const result = {} as ObjectiveState;
  const description = describe(nodeOf(tree, id), key);
  if (description) readExtended(result, description, state);
  return result;
}

/**
 * SN 4th Ed. 4.2.1.1 extended maps, read: each field from the first map that reads it and whose
 * global objective knows it.
 */
function readExtended(result: ObjectiveState, description: ObjectiveDescription, state: SequencingState): void {
  const taken = new Set<string>();
  for (const map of description.mapInfo) {
    const g = state.globalObjectives[map.targetObjectiveID];
    if (!g) continue;
    if (map.readCompletionStatus && !taken.has('c') && g.completionStatusKnown) {
      taken.add('c');
      result.completionStatusKnown = true;
      result.completed = g.completed === true;
    }
    if (map.readProgressMeasure && !taken.has('p') && g.progressMeasureKnown) {
      taken.add('p');
      result.progressMeasureKnown = true;
      result.progressMeasure = g.progressMeasure ?? 0;
    }
    for (const [flag, field] of [['readRawScore', 'rawScore'], ['readMinScore', 'minScore'], ['readMaxScore', 'maxScore']] as const) {
      if (map[flag] && !taken.has(field) && g[field] !== undefined) {
        taken.add(field);
        result[field] = g[field];
      }
    }
  }
}

/** Extended maps, write: what the objective knows (an unknown completion clears the global's, CTS SX-11b). */
function writeExtended(local: ObjectiveState, map: ObjectiveDescription['mapInfo'][number], global: ObjectiveState): void {
  if (map.writeCompletionStatus && local.completionStatusKnown !== undefined) {
    global.completionStatusKnown = local.completionStatusKnown;
    global.completed = local.completed === true;
  }
  if (map.writeProgressMeasure && local.progressMeasureKnown !== undefined) {
    global.progressMeasureKnown = local.progressMeasureKnown;
    global.progressMeasure = local.progressMeasure ?? 0;
  }
  for (const [flag, field] of [['writeRawScore', 'rawScore'], ['writeMinScore', 'minScore'], ['writeMaxScore', 'maxScore']] as const) {
    if (map[flag] && local[field] !== undefined) global[field] = local[field];
  }
}

/**
 * The activity's attempt completion as rules and rollup see it (SN 4th Ed.): read through the
 * primary objective's readCompletionStatus map when the global objective knows it.
 */
export function readCompletion(tree: ActivityTree, state: SequencingState, id: string): { known: boolean; completed: boolean } {
  const s = state.activities[id];
  const local = { known: s?.attemptProgressStatus ?? false, completed: s?.attemptCompletionStatus ?? false };
  const node = nodeOf(tree, id);
  // An activity that is not tracked has no tracking data of its own to read into (CTS CO-05a).
  if (!node.sequencing.delivery.tracked) return local;
  const primary = node.sequencing.objectives.find((o) => o.primary);
  const maps = primary?.mapInfo ?? [];
  // CAM 4th Ed. 3.4.1.13 completedByMeasure: the progress measure, read or own, decides (CTS CO-02a).
  const threshold = node.completionThreshold;
  if (threshold?.completedByMeasure) {
    const read = maps.map((m) => (m.readProgressMeasure ? state.globalObjectives[m.targetObjectiveID] : undefined)).find((g) => g?.progressMeasureKnown);
    const measure = read ? read.progressMeasure ?? 0 : s?.attemptCompletionAmountStatus ? s.attemptCompletionAmount : undefined;
    if (measure !== undefined) return { known: true, completed: measure >= threshold.minProgressMeasure };
  }
  for (const map of maps) {
    const g = state.globalObjectives[map.targetObjectiveID];
    if (map.readCompletionStatus && g?.completionStatusKnown) return { known: true, completed: g.completed === true };
  }
  return local;
}

/** Writes the activity's attempt completion and progress through its primary objective's maps. */
export function writePrimaryCompletion(tree: ActivityTree, state: SequencingState, id: string): void {
  const s = state.activities[id];
  if (!s) return;
  // Only a known completion is shared, so an attempt that reported none leaves another's in place.
  const patch: Partial<ObjectiveState> = s.attemptProgressStatus ? { completionStatusKnown: true, completed: s.attemptCompletionStatus } : {};
  if (s.attemptCompletionAmountStatus) Object.assign(patch, { progressMeasureKnown: true, progressMeasure: s.attemptCompletionAmount });
  writeObjective(tree, state, id, primaryObjectiveKey(nodeOf(tree, id)), patch);
}
