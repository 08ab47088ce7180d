// imsss:sequencingRules and imsss:rollupRules (SN 4th Ed. 3.4 Sequencing Rule Description,
// 3.7 Rollup Controls and Rollup Rule Description), defaults per the IMS SS 1.0 schema.
import type {
  ExitConditionAction, PostConditionAction, PreConditionAction, RollupConditionName, RollupControls,
  RollupRule, RuleCondition, RuleConditionName, SequencingRule, SequencingRules,
} from '../sequencing/definition.ts';
import { attrOf, childOf, childrenOf } from './dom.ts';
import { readBoolean, readDecimal, readEnum, readInteger, readString, type ValueContext } from './values.ts';
import type { XmlElement } from './xml.ts';

const RULE_CONDITIONS: readonly RuleConditionName[] = [
  'satisfied', 'objectiveStatusKnown', 'objectiveMeasureKnown', 'objectiveMeasureGreaterThan',
  'objectiveMeasureLessThan', 'completed', 'activityProgressKnown', 'attempted',
  'attemptLimitExceeded', 'timeLimitExceeded', 'outsideAvailableTimeRange', 'always',
];
const PRE_ACTIONS: readonly PreConditionAction[] = ['skip', 'disabled', 'hiddenFromChoice', 'stopForwardTraversal'];
const EXIT_ACTIONS: readonly ExitConditionAction[] = ['exit'];
const POST_ACTIONS: readonly PostConditionAction[] = ['exitParent', 'exitAll', 'retry', 'retryAll', 'continue', 'previous'];
const ROLLUP_CONDITIONS: readonly RollupConditionName[] = [
  'satisfied', 'objectiveStatusKnown', 'objectiveMeasureKnown', 'completed', 'activityProgressKnown',
  'attempted', 'attemptLimitExceeded', 'timeLimitExceeded', 'outsideAvailableTimeRange',
];
const ROLLUP_ACTIONS = ['satisfied', 'notSatisfied', 'completed', 'incomplete'] as const;
const CHILD_SETS = ['all', 'any', 'none', 'atLeastCount', 'atLeastPercent'] as const;
const OPERATORS = ['noOp', 'not'] as const;
const COMBINATIONS = ['all', 'any'] as const;

/** A rule whose condition or action is not in the vocabulary cannot be run: it is dropped, with a warning. */
function drop(ctx: ValueContext, what: string, value: string | undefined): undefined {
  ctx.sink.warn('INVALID_VALUE', `A ${what} "${value ?? ''}" is not part of SCORM 2004 sequencing; that rule is ignored.`, ctx.path);
  return undefined;
}

function readRule<A extends string>(ctx: ValueContext, el: XmlElement, actions: readonly A[]): SequencingRule<A> | undefined {
  const conditionsEl = childOf(el, 'imsss', 'ruleConditions');
  const action = attrOf(childOf(el, 'imsss', 'ruleAction') ?? el, 'action')?.trim();
  if (!action || !(actions as readonly string[]).includes(action)) return drop(ctx, `<${el.local}> action`, action);
  const conditions: RuleCondition[] = [];
  for (const c of conditionsEl ? childrenOf(conditionsEl, 'imsss', 'ruleCondition') : []) {
    const condition = attrOf(c, 'condition')?.trim();
    if (!condition || !(RULE_CONDITIONS as readonly string[]).includes(condition)) return drop(ctx, 'rule condition', condition);
    conditions.push({
      condition: condition as RuleConditionName,
      operator: readEnum(ctx, c, 'operator', OPERATORS, 'noOp'),
      referencedObjective: readString(c, 'referencedObjective'),
      measureThreshold: readDecimal(ctx, c, 'measureThreshold', 0, -1, 1),
    });
  }
  if (conditions.length === 0) return drop(ctx, `<${el.local}> without conditions, action`, action);
  const conditionCombination = conditionsEl ? readEnum(ctx, conditionsEl, 'conditionCombination', COMBINATIONS, 'all') : 'all';
  return { conditionCombination, conditions, action: action as A };
}

/** Each kind of rule (pre, exit, post) declared here replaces that kind in `current`. */
export function readSequencingRules(ctx: ValueContext, el: XmlElement, current: SequencingRules): SequencingRules {
  const keep = <A extends string>(local: string, actions: readonly A[], fallback: SequencingRule<A>[]) => {
    const rules = childrenOf(el, 'imsss', local).map((r) => readRule(ctx, r, actions)).filter((r): r is SequencingRule<A> => r !== undefined);
    return rules.length > 0 ? rules : fallback;
  };
  return {
    preConditionRules: keep('preConditionRule', PRE_ACTIONS, current.preConditionRules),
    exitConditionRules: keep('exitConditionRule', EXIT_ACTIONS, current.exitConditionRules),
    postConditionRules: keep('postConditionRule', POST_ACTIONS, current.postConditionRules),
  };
}

function readRollupRule(ctx: ValueContext, el: XmlElement): RollupRule | undefined {
  const conditionsEl = childOf(el, 'imsss', 'rollupConditions');
  const action = attrOf(childOf(el, 'imsss', 'rollupAction') ?? el, 'action')?.trim();
  if (!action || !(ROLLUP_ACTIONS as readonly string[]).includes(action)) return drop(ctx, 'rollup action', action);
  const conditions: RollupRule['conditions'] = [];
  for (const c of conditionsEl ? childrenOf(conditionsEl, 'imsss', 'rollupCondition') : []) {
    const condition = attrOf(c, 'condition')?.trim();
    if (!condition || !(ROLLUP_CONDITIONS as readonly string[]).includes(condition)) return drop(ctx, 'rollup condition', condition);
    conditions.push({ condition: condition as RollupConditionName, operator: readEnum(ctx, c, 'operator', OPERATORS, 'noOp') });
  }
  if (conditions.length === 0) return drop(ctx, 'rollup rule without conditions, action', action);
  return {
    childActivitySet: readEnum(ctx, el, 'childActivitySet', CHILD_SETS, 'all'),
    minimumCount: readInteger(ctx, el, 'minimumCount', 0) ?? 0,
    minimumPercent: readDecimal(ctx, el, 'minimumPercent', 0, 0, 1),
    // The schema default for rollupConditions is "any" (unlike ruleConditions' "all").
    conditionCombination: conditionsEl ? readEnum(ctx, conditionsEl, 'conditionCombination', COMBINATIONS, 'any') : 'any',
    conditions,
    action: action as RollupRule['action'],
  };
}

/** Attributes absent here keep the value of `current` (defaults, or a collection entry's). */
export function readRollupRules(ctx: ValueContext, el: XmlElement, current: RollupControls): RollupControls {
  const rules = childrenOf(el, 'imsss', 'rollupRule').map((r) => readRollupRule(ctx, r)).filter((r): r is RollupRule => r !== undefined);
  return {
    rollupObjectiveSatisfied: readBoolean(ctx, el, 'rollupObjectiveSatisfied', current.rollupObjectiveSatisfied),
    rollupProgressCompletion: readBoolean(ctx, el, 'rollupProgressCompletion', current.rollupProgressCompletion),
    objectiveMeasureWeight: readDecimal(ctx, el, 'objectiveMeasureWeight', current.objectiveMeasureWeight, 0, 1),
    rules,
  };
}
