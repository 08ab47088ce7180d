// Feeding what a SCO reported into the tracking model (RTE 4.2 to SN 4.2 mapping: completion,
// success, score, progress measure, objectives, exit), then Overall Rollup (RB.1.5).
import { nodeOf } from './activity-tree.ts';
import type { ActivityTree } from './activity-tree.ts';
import { primaryObjectiveKey, writeObjective, writePrimaryCompletion } from './objectives.ts';
import { globalsSnapshot, rollupWithReaders } from './rollup.ts';
import { copyState } from './sequencing-state.ts';
import type { CompletionStatus, ObjectiveState, RuntimeResult, SequencingState, SuccessStatus } from './types.ts';

function success(status: SuccessStatus, scoreScaled: number | undefined): Partial<ObjectiveState> {
  const patch: Partial<ObjectiveState> =
    status === 'unknown'
      ? { progressStatus: false, satisfiedStatus: false }
      : { progressStatus: true, satisfiedStatus: status === 'passed' };
  if (scoreScaled === undefined) patch.measureStatus = false;
  else Object.assign(patch, { measureStatus: true, normalizedMeasure: scoreScaled });
  return patch;
}

function completion(status: CompletionStatus): { progress: boolean; completed: boolean } {
  // RTE 4.2.4.1: "unknown" leaves attempt progress unknown; "not attempted" is known, not completed.
  return { progress: status !== 'unknown', completed: status === 'completed' };
}

type Reported = NonNullable<RuntimeResult['objectives']>[number];

/** SN 4th Ed. extended objective data of one reported objective (completion, progress, raw scores). */
function extended(o: Pick<Reported, 'completionStatus' | 'progressMeasure' | 'scoreRaw' | 'scoreMin' | 'scoreMax'>): Partial<ObjectiveState> {
  const patch: Partial<ObjectiveState> = {};
  if (o.completionStatus !== undefined) Object.assign(patch, { completionStatusKnown: o.completionStatus !== 'unknown', completed: o.completionStatus === 'completed' });
  if (o.progressMeasure !== undefined) Object.assign(patch, { progressMeasureKnown: true, progressMeasure: o.progressMeasure });
  if (o.scoreRaw !== undefined) patch.rawScore = o.scoreRaw;
  if (o.scoreMin !== undefined) patch.minScore = o.scoreMin;
  if (o.scoreMax !== undefined) patch.maxScore = o.scoreMax;
  return patch;
}

/**
 * Records the SCO's results on the activity's current attempt. The attempt itself ends when the
 * next navigation request terminates it (TB.2.3 / UP.4), which also honours cmi.exit = suspend.
 */
export function reportAttemptEnd(
  tree: ActivityTree,
  input: SequencingState,
  activityId: string,
  result: RuntimeResult,
): SequencingState {
  const state = copyState(input);
  const node = nodeOf(tree, activityId);
  // The globals this report can write (the activity's maps), as they were: a change wakes their readers.
  const globalsBefore = globalsSnapshot(state, node.sequencing.objectives.flatMap((o) => o.mapInfo.map((m) => m.targetObjectiveID)));
  const s = state.activities[activityId]!;
  if (!node.sequencing.delivery.tracked) return state;
  const primary = primaryObjectiveKey(node);
  // The cmi.objectives record of the primary objective stands in for what cmi.* left unset
  // (RTE 4.2.17: it is the same objective; CTS CO-10).
  const own = (result.objectives ?? []).find((o) => o.id === primary);
  const progressMeasure = result.progressMeasure ?? own?.progressMeasure;
  let c = completion(result.completionStatus);
  if (progressMeasure !== undefined) {
    s.attemptCompletionAmountStatus = true;
    s.attemptCompletionAmount = progressMeasure;
    // CAM 4th Ed. 3.4.1.13 completedByMeasure: the measure decides when cmi.completion_status
    // (already evaluated against the threshold) says nothing.
    const threshold = node.completionThreshold;
    if (!c.progress && threshold?.completedByMeasure) c = { progress: true, completed: progressMeasure >= threshold.minProgressMeasure };
  }
  if (!c.progress && own?.completionStatus !== undefined) c = completion(own.completionStatus);
  s.attemptProgressStatus = c.progress;
  s.attemptCompletionStatus = c.completed;
  // cmi.objectives.n.id maps onto the activity's objectives of the same ID (RTE 4.2.17).
  for (const o of result.objectives ?? []) {
    if (o.id === primary || !(o.id in s.objectives)) continue;
    writeObjective(tree, state, activityId, o.id, { ...success(o.successStatus, o.scoreScaled), ...extended(o) });
  }
  const scores = extended({ scoreRaw: result.scoreRaw ?? own?.scoreRaw, scoreMin: result.scoreMin ?? own?.scoreMin, scoreMax: result.scoreMax ?? own?.scoreMax });
  if (Object.keys(scores).length > 0) writeObjective(tree, state, activityId, primary, scores);
  writePrimaryCompletion(tree, state, activityId);
  // cmi.success_status and cmi.score.scaled are the primary objective's (RTE 4.2.22 / 4.2.20).
  writeObjective(tree, state, activityId, primary, success(result.successStatus, result.scoreScaled));
  s.suspended = result.exit === 'suspend';
  if (tree.mode === '2004') rollupWithReaders(tree, state, activityId, globalsBefore);
  return state;
}
