// Creating and copying the tracking state (SN 4.2 Tracking Model), and resetting it when a new
// attempt on an activity begins (DB.2 step 5). State is plain JSON; every process works on a copy.
import { availableChildren, preorder } from './activity-tree.ts';
import type { ActivityTree } from './activity-tree.ts';
import { objectiveKeys } from './objectives.ts';
import { selectAndRandomize } from './selection-randomization.ts';
import type { ActivityNode, ActivityState, ObjectiveState, SequencingState } from './types.ts';

export function unknownObjective(): ObjectiveState {
  return { progressStatus: false, satisfiedStatus: false, measureStatus: false, normalizedMeasure: 0 };
}

function initialActivityState(node: ActivityNode): ActivityState {
  const objectives: Record<string, ObjectiveState> = {};
  for (const key of objectiveKeys(node)) objectives[key] = unknownObjective();
  return {
    attemptCount: 0,
    attemptProgressStatus: false,
    attemptCompletionStatus: false,
    attemptCompletionAmountStatus: false,
    attemptCompletionAmount: 0,
    active: false,
    suspended: false,
    objectives,
    availableChildren: null,
  };
}

/**
 * A fresh state for a registration. Global objectives may be carried in from elsewhere
 * (SN 4.2.1.1: their scope can be wider than one attempt on the organization).
 */
export function createSequencingState(
  tree: ActivityTree,
  globalObjectives: Record<string, ObjectiveState> = {},
): SequencingState {
  const state: SequencingState = {
    currentActivity: null,
    suspendedActivity: null,
    activities: {},
    globalObjectives: structuredClone(globalObjectives),
  };
  for (const node of preorder(tree)) state.activities[node.id] = initialActivityState(node);
  // SN 4.8: selection and randomization with timing "once" happen before the first attempt.
  for (const node of preorder(tree)) selectAndRandomize(tree, state, node, 'once');
  return state;
}

export function copyState(state: SequencingState): SequencingState {
  return structuredClone(state);
}

export function activityState(state: SequencingState, id: string): ActivityState {
  const found = state.activities[id];
  if (!found) throw new Error(`no tracking state for activity ${id}`);
  return found;
}

/**
 * DB.2 step 5: a new attempt re-initialises the attempt's progress and objective information.
 * With useCurrentAttemptObjectiveInfo / useCurrentAttemptProgressInfo (SN 3.2.1, default true) a
 * cluster's rollup must only see its descendants' data from within this attempt, so theirs is
 * re-initialised too (their attempt counts stay).
 */
export function beginAttempt(tree: ActivityTree, state: SequencingState, node: ActivityNode): void {
  const s = activityState(state, node.id);
  s.attemptCount += 1;
  resetAttemptData(s, true, true);
  selectAndRandomize(tree, state, node, 'onEachNewAttempt');
  if (s.attemptCount > 1) resetDescendants(tree, state, node);
}

/** The descendants' attempt data, as seen from a new attempt on `node` (SN 3.2.1). */
export function resetDescendants(tree: ActivityTree, state: SequencingState, node: ActivityNode): void {
  const mode = node.sequencing.controlMode;
  const visit = (n: ActivityNode): void => {
    for (const child of availableChildren(tree, state, n)) {
      resetAttemptData(activityState(state, child.id), mode.useCurrentAttemptObjectiveInfo, mode.useCurrentAttemptProgressInfo);
      visit(child);
    }
  };
  visit(node);
}

function resetAttemptData(s: ActivityState, objectives: boolean, progress: boolean): void {
  if (progress) {
    s.attemptProgressStatus = false;
    s.attemptCompletionStatus = false;
    s.attemptCompletionAmountStatus = false;
    s.attemptCompletionAmount = 0;
  }
  if (objectives) for (const key of Object.keys(s.objectives)) s.objectives[key] = unknownObjective();
}
