// Test helpers: hand-built activity trees over defaultSequencingDefinition() with overrides, rule
// constructors, and a learner that drives the engine request by request.
import { defaultSequencingDefinition } from '../../../scorm/sequencing/definition.ts';
import type {
  PreConditionAction,
  RuleCondition,
  RuleConditionName,
  SequencingDefinition,
  SequencingRule,
} from '../../../scorm/sequencing/definition.ts';
import {
  buildActivityTree,
  createSequencingState,
  processNavigationRequest,
  reportAttemptEnd,
} from '../../../scorm/sequencing/index.ts';
import type {
  ActivityNode,
  ActivityTree,
  NavigationRequest,
  NavigationResult,
  RuntimeResult,
  SequencingState,
} from '../../../scorm/sequencing/index.ts';

export type Tweak = (d: SequencingDefinition) => void;

export function item(id: string, tweak?: Tweak, extra: Partial<ActivityNode> = {}): ActivityNode {
  const sequencing = defaultSequencingDefinition();
  tweak?.(sequencing);
  return { id, title: id, visible: true, launchable: true, children: [], sequencing, ...extra };
}

export function cluster(id: string, children: ActivityNode[], tweak?: Tweak, extra: Partial<ActivityNode> = {}): ActivityNode {
  return { ...item(id, tweak, extra), launchable: false, children };
}

export const flow: Tweak = (d) => {
  d.controlMode.flow = true;
};
export const flowOnly: Tweak = (d) => {
  d.controlMode.flow = true;
  d.controlMode.choice = false;
};

export function all(...tweaks: Tweak[]): Tweak {
  return (d) => tweaks.forEach((t) => t(d));
}

export function condition(name: RuleConditionName, extra: Partial<RuleCondition> = {}): RuleCondition {
  return { condition: name, operator: 'noOp', referencedObjective: undefined, measureThreshold: 0, ...extra };
}

export function rule<A extends string>(action: A, conditions: RuleCondition[], combination: 'all' | 'any' = 'all'): SequencingRule<A> {
  return { conditionCombination: combination, conditions, action };
}

export function pre(action: PreConditionAction, name: RuleConditionName, extra: Partial<RuleCondition> = {}): Tweak {
  return (d) => d.sequencingRules.preConditionRules.push(rule(action, [condition(name, extra)]));
}

export function primaryObjective(objectiveID: string, extra: Partial<SequencingDefinition['objectives'][number]> = {}): Tweak {
  return (d) => {
    d.objectives.push({ objectiveID, primary: true, satisfiedByMeasure: false, minNormalizedMeasure: 1, mapInfo: [], ...extra });
  };
}

export function mapInfo(targetObjectiveID: string, flags: { read?: boolean; write?: boolean }) {
  const read = flags.read ?? true;
  const write = flags.write ?? false;
  return {
    targetObjectiveID,
    readSatisfiedStatus: read,
    readNormalizedMeasure: read,
    writeSatisfiedStatus: write,
    writeNormalizedMeasure: write,
    readCompletionStatus: read,
    writeCompletionStatus: write,
    readProgressMeasure: read,
    writeProgressMeasure: write,
    readRawScore: read,
    writeRawScore: write,
    readMinScore: read,
    writeMinScore: write,
    readMaxScore: read,
    writeMaxScore: write,
  };
}

export const completed: Partial<RuntimeResult> = { completionStatus: 'completed' };
export const passed: Partial<RuntimeResult> = { completionStatus: 'completed', successStatus: 'passed' };
export const failed: Partial<RuntimeResult> = { completionStatus: 'completed', successStatus: 'failed' };

/** Drives one registration: requests in, delivered activities recorded. */
export class Learner {
  state: SequencingState;
  readonly delivered: string[] = [];
  last: NavigationResult | undefined;

  constructor(
    readonly tree: ActivityTree,
    state?: SequencingState,
  ) {
    this.state = state ?? createSequencingState(tree);
  }

  static of(root: ActivityNode, mode: '1.2' | '2004' = '2004'): Learner {
    return new Learner(buildActivityTree(root, { mode }));
  }

  get current(): string | null {
    return this.state.currentActivity;
  }

  nav(request: NavigationRequest | NavigationRequest['type']): NavigationResult {
    const r = processNavigationRequest(this.tree, this.state, typeof request === 'string' ? ({ type: request } as NavigationRequest) : request);
    this.state = r.state;
    if (r.deliver) this.delivered.push(r.deliver);
    this.last = r;
    return r;
  }

  choose(target: string): NavigationResult {
    return this.nav({ type: 'choice', target });
  }

  /** The current SCO reports its results (and terminates). */
  report(result: Partial<RuntimeResult> = {}): this {
    const full: RuntimeResult = { completionStatus: 'unknown', successStatus: 'unknown', exit: '', ...result };
    this.state = reportAttemptEnd(this.tree, this.state, this.current!, full);
    return this;
  }
}
