// UP.2 Sequencing Rules Check, UP.5 Check Activity, and the pre-condition queries the flow and
// choice processes ask (skip, disabled, hiddenFromChoice, stopForwardTraversal).
import { nodeOf, pathToRoot } from './activity-tree.ts';
import type { ActivityTree } from './activity-tree.ts';
import type { PreConditionAction, SequencingRule } from './definition.ts';
import { combine, evaluateCondition, limitConditionsViolated, negate } from './rule-conditions.ts';
import type { SequencingState } from './types.ts';

/** UP.2.1: does the rule's condition set evaluate to true for the activity? */
export function ruleFires<A extends string>(
  tree: ActivityTree,
  state: SequencingState,
  id: string,
  rule: SequencingRule<A>,
): boolean {
  const values = rule.conditions.map((c) =>
    negate(evaluateCondition(tree, state, id, c.condition, c.referencedObjective, c.measureThreshold), c.operator),
  );
  return combine(values, rule.conditionCombination) === true;
}

/** UP.2: the action of the first rule that fires, among the given rules, or null. */
export function firstFiringAction<A extends string>(
  tree: ActivityTree,
  state: SequencingState,
  id: string,
  rules: SequencingRule<A>[],
  actions?: readonly A[],
): A | null {
  for (const rule of rules) {
    if (actions && !actions.includes(rule.action)) continue;
    if (ruleFires(tree, state, id, rule)) return rule.action;
  }
  return null;
}

/** UP.2 for one pre-condition action. */
export function preConditionHolds(
  tree: ActivityTree,
  state: SequencingState,
  id: string,
  action: PreConditionAction,
): boolean {
  const rules = nodeOf(tree, id).sequencing.sequencingRules.preConditionRules;
  return firstFiringAction(tree, state, id, rules, [action]) !== null;
}

/** UP.5 Check Activity: true when the activity may not be delivered (disabled or over its limits). */
export function checkActivityFails(tree: ActivityTree, state: SequencingState, id: string): boolean {
  return preConditionHolds(tree, state, id, 'disabled') || limitConditionsViolated(tree, state, id);
}

/** SB.2.9 step 3: the activity or one of its ancestors is hidden from choice. */
export function hiddenFromChoice(tree: ActivityTree, state: SequencingState, id: string): boolean {
  return pathToRoot(tree, nodeOf(tree, id)).some((n) => preConditionHolds(tree, state, n.id, 'hiddenFromChoice'));
}
