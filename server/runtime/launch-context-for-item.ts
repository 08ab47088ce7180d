// The LaunchContext a SCO starts with: who the learner is, how the course was launched, and the
// values the manifest gives the LMS for this item (1.2 RTE 3.4.4 / CAM 1.2 adlcp item data;
// 2004 RTE 4.2.5 completion_threshold, 4.2.13 launch_data, 4.2.17 max_time_allowed,
// 4.2.22 scaled_passing_score, 4.2.26 time_limit_action, 4.2.18 objectives).
import type { ModelSnapshot } from '../../scorm/cmi/model-state.ts';
import type { LaunchContext } from '../../scorm/runtime/launch-context.ts';
import type { Item, Item12, Item2004 } from '../../scorm/manifest/model.ts';
import type { CommentFromLms } from '../db/registration-store.ts';

export interface LaunchFacts {
  version: '1.2' | '2004';
  learner: { id: string; name: string };
  mode: 'normal' | 'browse' | 'review';
  credit: 'credit' | 'no-credit';
  commentsFromLms: CommentFromLms[];
  entry: 'ab-initio' | 'resume' | '';
  priorState?: ModelSnapshot;
  totalTime?: string;
  /** Current values of the registration's shared data buckets, by targetID. */
  sharedValues?: ReadonlyMap<string, string>;
}

export function launchContextForItem(item: Item, facts: LaunchFacts): LaunchContext {
  const base = {
    version: facts.version,
    learnerId: facts.learner.id,
    learnerName: facts.learner.name,
    mode: facts.mode,
    credit: facts.credit,
    entry: facts.entry,
    commentsFromLms: facts.commentsFromLms,
    ...(facts.priorState ? { priorState: facts.priorState } : {}),
    ...(facts.totalTime ? { totalTime: facts.totalTime } : {}),
  };
  if (facts.version === '1.2') {
    const i = item as Item12;
    return {
      ...base,
      ...(i.datafromlms !== null ? { launchData: i.datafromlms } : {}),
      ...(i.masteryscore !== null ? { masteryScore: i.masteryscore } : {}),
      ...(i.maxtimeallowed !== null ? { maxTimeAllowed: i.maxtimeallowed } : {}),
      ...(i.timelimitaction !== null ? { timeLimitAction: i.timelimitaction } : {}),
    };
  }
  const i = item as Item2004;
  const primary = i.sequencing.objectives.find((o) => o.primary);
  const limits = i.sequencing.limitConditions;
  const objectiveIds = i.sequencing.objectives.map((o) => o.objectiveID).filter((id): id is string => Boolean(id));
  return {
    ...base,
    ...(i.dataFromLMS !== null ? { launchData: i.dataFromLMS } : {}),
    // 4th Ed. CAM 3.4.1.13: the threshold only applies when completedByMeasure.
    ...(i.completionThreshold?.completedByMeasure ? { completionThreshold: i.completionThreshold.minProgressMeasure } : {}),
    // 2004 RTE 4.2.22: from the primary objective's minNormalizedMeasure when satisfiedByMeasure.
    ...(primary?.satisfiedByMeasure ? { scaledPassingScore: primary.minNormalizedMeasure } : {}),
    ...(limits.attemptAbsoluteDurationLimit ? { maxTimeAllowed: limits.attemptAbsoluteDurationLimit } : {}),
    ...(i.timeLimitAction !== null ? { timeLimitAction: i.timeLimitAction } : {}),
    objectiveIds,
    sharedData: i.data.map((m) => {
      const value = facts.sharedValues?.get(m.targetID);
      return { id: m.targetID, readSharedData: m.readSharedData, writeSharedData: m.writeSharedData, ...(value !== undefined ? { value } : {}) };
    }),
  };
}

/** The targetIDs an item's adlcp:data maps name (2004 only). */
export function sharedTargets(item: Item): string[] {
  return 'data' in item ? item.data.map((m) => m.targetID) : [];
}

/** Finds an item by identifier in an organization's tree. */
export function findItem(items: readonly Item[], identifier: string): Item | undefined {
  for (const item of items) {
    if (item.identifier === identifier) return item;
    const inner = findItem(item.children as Item[], identifier);
    if (inner) return inner;
  }
  return undefined;
}
