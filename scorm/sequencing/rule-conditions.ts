// Evaluation of rule conditions in three-valued logic (SN 3.4.2, UP.2.1 Evaluate Sequencing Rule
// Conditions, RB.1.4.1 Evaluate Rollup Conditions): true, false or unknown (undefined).
import { nodeOf } from './activity-tree.ts';
import type { ActivityTree } from './activity-tree.ts';
import type { RollupConditionName, RuleConditionName } from './definition.ts';
import { readCompletion, readObjective, resolveObjectiveKey } from './objectives.ts';
import type { SequencingState } from './types.ts';

export type Truth = boolean | undefined;

/** UP.1 Limit Conditions Check: only attemptLimit is evaluated (SN 3.5: the others are optional). */
export function limitConditionsViolated(tree: ActivityTree, state: SequencingState, id: string): boolean {
  const node = nodeOf(tree, id);
  const s = state.activities[id];
  if (!s || !node.sequencing.delivery.tracked) return false;
  if (s.active || s.suspended) return false;
  const limit = node.sequencing.limitConditions.attemptLimit;
  return limit !== undefined && limit > 0 && s.attemptCount >= limit;
}

/** One condition on one activity, reading the referenced objective (undefined = primary). */
export function evaluateCondition(
  tree: ActivityTree,
  state: SequencingState,
  id: string,
  condition: RuleConditionName | RollupConditionName,
  referencedObjective: string | undefined,
  measureThreshold = 0,
): Truth {
  const s = state.activities[id];
  if (!s) return undefined;
  const objective = () => {
    const key = resolveObjectiveKey(nodeOf(tree, id), referencedObjective);
    return key === undefined ? undefined : readObjective(tree, state, id, key);
  };
  switch (condition) {
    case 'always':
      return true;
    case 'satisfied': {
      const o = objective();
      return o?.progressStatus ? o.satisfiedStatus : undefined;
    }
    case 'objectiveStatusKnown':
      return objective()?.progressStatus ?? false;
    case 'objectiveMeasureKnown':
      return objective()?.measureStatus ?? false;
    case 'objectiveMeasureGreaterThan': {
      const o = objective();
      return o?.measureStatus ? o.normalizedMeasure > measureThreshold : undefined;
    }
    case 'objectiveMeasureLessThan': {
      const o = objective();
      return o?.measureStatus ? o.normalizedMeasure < measureThreshold : undefined;
    }
    case 'completed': {
      const c = readCompletion(tree, state, id);
      return c.known ? c.completed : undefined;
    }
    case 'activityProgressKnown':
      return readCompletion(tree, state, id).known;
    case 'attempted':
      return s.attemptCount > 0;
    case 'attemptLimitExceeded': {
      const limit = nodeOf(tree, id).sequencing.limitConditions.attemptLimit;
      return limit !== undefined && limit > 0 && s.attemptCount >= limit;
    }
    // Deviation: this engine keeps no clock (it is pure), so durations and time windows are
    // never exceeded; SN 3.5 makes those limits optional for an LMS.
    case 'timeLimitExceeded':
    case 'outsideAvailableTimeRange':
      return false;
  }
}

export function negate(value: Truth, operator: 'noOp' | 'not'): Truth {
  return operator === 'not' && value !== undefined ? !value : value;
}

/** Condition combination "all" / "any" over three-valued results (SN 3.4.2, RB.1.4.1). */
export function combine(values: Truth[], combination: 'all' | 'any'): Truth {
  if (combination === 'all') {
    if (values.includes(false)) return false;
    return values.includes(undefined) ? undefined : true;
  }
  if (values.includes(true)) return true;
  return values.includes(undefined) ? undefined : false;
}
