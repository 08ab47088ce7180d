// Feeding what a SCO reported into the tracking model (RTE 4.2 to SN 4.2 mapping: completion,
// success, score, progress measure, objectives, exit), then Overall Rollup (RB.1.5).
import { nodeOf } from './activity-tree.ts';
import type { ActivityTree } from './activity-tree.ts';
import { primaryObjectiveKey, writeObjective } from './objectives.ts';
import { overallRollup } from './rollup.ts';
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
  const s = state.activities[activityId]!;
  if (!node.sequencing.delivery.tracked) return state;
  const c = completion(result.completionStatus);
  s.attemptProgressStatus = c.progress;
  s.attemptCompletionStatus = c.completed;
  if (result.progressMeasure !== undefined) {
    s.attemptCompletionAmountStatus = true;
    s.attemptCompletionAmount = result.progressMeasure;
  }
  // cmi.objectives.n.id maps onto the activity's objectives of the same ID (RTE 4.2.17).
  const primary = primaryObjectiveKey(node);
  for (const o of result.objectives ?? []) {
    if (o.id === primary || !(o.id in s.objectives)) continue;
    writeObjective(tree, state, activityId, o.id, success(o.successStatus, o.scoreScaled));
  }
  // cmi.success_status and cmi.score.scaled are the primary objective's (RTE 4.2.22 / 4.2.20).
  writeObjective(tree, state, activityId, primary, success(result.successStatus, result.scoreScaled));
  s.suspended = result.exit === 'suspend';
  if (tree.mode === '2004') overallRollup(tree, state, activityId);
  return state;
}
