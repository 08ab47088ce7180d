// RB.1.4 Rollup Rule Check, RB.1.4.1 Evaluate Rollup Conditions, RB.1.4.2 Check Child for Rollup,
// and the SN default rollup rules applied when an activity defines none for an action (SN 4.6).
import { availableChildren, nodeOf } from './activity-tree.ts';
import type { ActivityTree } from './activity-tree.ts';
import type { RollupConsideration, RollupRule } from './definition.ts';
import { combine, evaluateCondition, negate } from './rule-conditions.ts';
import type { Truth } from './rule-conditions.ts';
import { preConditionHolds } from './sequencing-rules.ts';
import type { SequencingState } from './types.ts';

type RollupAction = RollupRule['action'];

function rule(action: RollupAction, condition: RollupRule['conditions'][number]['condition']): RollupRule {
  return {
    childActivitySet: 'all',
    minimumCount: 0,
    minimumPercent: 0,
    conditionCombination: 'any',
    conditions: [{ condition, operator: 'noOp' }],
    action,
  };
}

/** SN 4.6 (RB.1.2b / RB.1.3b): the rule used for an action the activity defines no rule for. */
const DEFAULT_RULES: Record<RollupAction, RollupRule> = {
  notSatisfied: rule('notSatisfied', 'objectiveStatusKnown'),
  satisfied: rule('satisfied', 'satisfied'),
  incomplete: rule('incomplete', 'activityProgressKnown'),
  completed: rule('completed', 'completed'),
};

export function rollupRulesFor(tree: ActivityTree, id: string, action: RollupAction): RollupRule[] {
  const node = nodeOf(tree, id);
  const own = node.sequencing.rollup.rules.filter((r) => r.action === action);
  if (own.length > 0) return own;
  // The defaults pair up: an activity with rules for one of satisfied / notSatisfied still gets
  // the default for the other, as the SN pseudo-code checks each action on its own.
  return [DEFAULT_RULES[action]];
}

/** RB.1.4.2 Check Child for Rollup: does this child take part in rolling up `action`? */
export function childContributes(tree: ActivityTree, state: SequencingState, id: string, action: RollupAction): boolean {
  const node = nodeOf(tree, id);
  const s = state.activities[id];
  if (!s) return false;
  const objectiveSide = action === 'satisfied' || action === 'notSatisfied';
  const rolls = objectiveSide ? node.sequencing.rollup.rollupObjectiveSatisfied : node.sequencing.rollup.rollupProgressCompletion;
  if (!rolls) return false;
  const c = node.sequencing.rollupConsiderations;
  const required: RollupConsideration = {
    satisfied: c.requiredForSatisfied,
    notSatisfied: c.requiredForNotSatisfied,
    completed: c.requiredForCompleted,
    incomplete: c.requiredForIncomplete,
  }[action];
  switch (required) {
    case 'always':
      return true;
    case 'ifAttempted':
      return s.attemptCount > 0;
    case 'ifNotSkipped':
      return !preConditionHolds(tree, state, id, 'skip');
    case 'ifNotSuspended':
      return !(s.attemptCount > 0 && s.suspended);
  }
}

/** RB.1.4.1 for one child and one rule. */
function evaluateRollupConditions(tree: ActivityTree, state: SequencingState, id: string, r: RollupRule): Truth {
  const values = r.conditions.map((c) => negate(evaluateCondition(tree, state, id, c.condition, undefined), c.operator));
  return combine(values, r.conditionCombination);
}

/** RB.1.4 Rollup Rule Check Subprocess: does any rule for `action` apply to the activity now? */
export function rollupRuleApplies(tree: ActivityTree, state: SequencingState, id: string, action: RollupAction): boolean {
  const children = availableChildren(tree, state, nodeOf(tree, id)).filter(
    (child) => child.sequencing.delivery.tracked && childContributes(tree, state, child.id, action),
  );
  for (const r of rollupRulesFor(tree, id, action)) {
    const bag = children.map((child) => evaluateRollupConditions(tree, state, child.id, r));
    // An empty bag never changes status: nothing contributed (SN 4th Ed RB.1.4 step 3.3).
    if (bag.length === 0) continue;
    const trues = bag.filter((v) => v === true).length;
    let applies = false;
    switch (r.childActivitySet) {
      case 'all':
        applies = trues === bag.length;
        break;
      case 'any':
        applies = trues > 0;
        break;
      case 'none':
        applies = bag.every((v) => v === false);
        break;
      case 'atLeastCount':
        applies = trues >= r.minimumCount;
        break;
      case 'atLeastPercent':
        applies = trues / bag.length >= r.minimumPercent;
        break;
    }
    if (applies) return true;
  }
  return false;
}
