// The sequencing definition of one activity (IMS Simple Sequencing as profiled by the SCORM 2004
// 4th Edition SN book, section 3 "Sequencing Definition Model"), with every default filled in.
// The manifest parser produces it (from imsss:sequencing, sequencingCollection and IDRef);
// the sequencing engine consumes it. Pure data, shared by server and browser.

/** SN 3.2 Sequencing Control Modes. Defaults: choice, choiceExit true; flow, forwardOnly false; the two tracking flags true. */
export interface ControlMode {
  choice: boolean;
  choiceExit: boolean;
  flow: boolean;
  forwardOnly: boolean;
  useCurrentAttemptObjectiveInfo: boolean;
  useCurrentAttemptProgressInfo: boolean;
}

/** SN 3.3 Constrain Choice Controls (adlseq:constrainedChoiceConsiderations). Defaults false. */
export interface ConstrainedChoiceConsiderations {
  preventActivation: boolean;
  constrainChoice: boolean;
}

export type RuleConditionName =
  | 'satisfied'
  | 'objectiveStatusKnown'
  | 'objectiveMeasureKnown'
  | 'objectiveMeasureGreaterThan'
  | 'objectiveMeasureLessThan'
  | 'completed'
  | 'activityProgressKnown'
  | 'attempted'
  | 'attemptLimitExceeded'
  | 'timeLimitExceeded'
  | 'outsideAvailableTimeRange'
  | 'always';

/** SN 3.4.2 Sequencing Rule Condition. */
export interface RuleCondition {
  condition: RuleConditionName;
  /** Default "noOp"; "not" negates. */
  operator: 'noOp' | 'not';
  /** Objective id the condition reads; undefined means the primary objective. */
  referencedObjective: string | undefined;
  /** For the measure comparisons; default 0.0, range -1..1. */
  measureThreshold: number;
}

export type PreConditionAction = 'skip' | 'disabled' | 'hiddenFromChoice' | 'stopForwardTraversal';
export type ExitConditionAction = 'exit';
export type PostConditionAction =
  | 'exitParent'
  | 'exitAll'
  | 'retry'
  | 'retryAll'
  | 'continue'
  | 'previous';

/** SN 3.4 Sequencing Rule Description. conditionCombination default "all". */
export interface SequencingRule<Action extends string> {
  conditionCombination: 'all' | 'any';
  conditions: RuleCondition[];
  action: Action;
}

export interface SequencingRules {
  preConditionRules: SequencingRule<PreConditionAction>[];
  exitConditionRules: SequencingRule<ExitConditionAction>[];
  postConditionRules: SequencingRule<PostConditionAction>[];
}

/** SN 3.5 Limit Conditions. Only attemptLimit is required of an LMS; the others are kept as read. */
export interface LimitConditions {
  /** undefined when the manifest gives none (no limit); 0 also means no limit (SN 3.5). */
  attemptLimit: number | undefined;
  /** ISO 8601 durations as written, undefined when absent. */
  attemptAbsoluteDurationLimit: string | undefined;
  attemptExperiencedDurationLimit: string | undefined;
  activityAbsoluteDurationLimit: string | undefined;
  activityExperiencedDurationLimit: string | undefined;
  beginTimeLimit: string | undefined;
  endTimeLimit: string | undefined;
}

/** SN 3.6 Auxiliary Resources (kept; LMS behaviour is optional). */
export interface AuxiliaryResource {
  auxiliaryResourceID: string;
  purpose: string;
}

export type RollupConditionName =
  | 'satisfied'
  | 'objectiveStatusKnown'
  | 'objectiveMeasureKnown'
  | 'completed'
  | 'activityProgressKnown'
  | 'attempted'
  | 'attemptLimitExceeded'
  | 'timeLimitExceeded'
  | 'outsideAvailableTimeRange';

/** SN 3.7.2 Rollup Rule. Defaults: childActivitySet "all", minimumCount 0, minimumPercent 0, conditionCombination "any". */
export interface RollupRule {
  childActivitySet: 'all' | 'any' | 'none' | 'atLeastCount' | 'atLeastPercent';
  minimumCount: number;
  minimumPercent: number;
  conditionCombination: 'all' | 'any';
  conditions: { condition: RollupConditionName; operator: 'noOp' | 'not' }[];
  action: 'satisfied' | 'notSatisfied' | 'completed' | 'incomplete';
}

/** SN 3.7 Rollup Controls. Defaults: both rollup flags true, objectiveMeasureWeight 1.0. */
export interface RollupControls {
  rollupObjectiveSatisfied: boolean;
  rollupProgressCompletion: boolean;
  objectiveMeasureWeight: number;
  rules: RollupRule[];
}

export type RollupConsideration = 'always' | 'ifAttempted' | 'ifNotSkipped' | 'ifNotSuspended';

/** SN 3.8 Rollup Considerations (adlseq:rollupConsiderations). Defaults "always", measureSatisfactionIfActive true. */
export interface RollupConsiderations {
  requiredForSatisfied: RollupConsideration;
  requiredForNotSatisfied: RollupConsideration;
  requiredForCompleted: RollupConsideration;
  requiredForIncomplete: RollupConsideration;
  measureSatisfactionIfActive: boolean;
}

/** SN 3.10.1 Objective Map Information (imsss:mapInfo). Defaults: read flags true, write flags false. */
export interface ObjectiveMapInfo {
  targetObjectiveID: string;
  readSatisfiedStatus: boolean;
  readNormalizedMeasure: boolean;
  writeSatisfiedStatus: boolean;
  writeNormalizedMeasure: boolean;
  /** 4th Edition adlseq:objectives/adlseq:objective/adlseq:mapInfo extensions; defaults: reads true... */
  readCompletionStatus: boolean;
  writeCompletionStatus: boolean;
  readProgressMeasure: boolean;
  writeProgressMeasure: boolean;
  readRawScore: boolean;
  writeRawScore: boolean;
  readMinScore: boolean;
  writeMinScore: boolean;
  readMaxScore: boolean;
  writeMaxScore: boolean;
}

/** SN 3.10 Objective Description. Defaults: satisfiedByMeasure false, minNormalizedMeasure 1.0. */
export interface ObjectiveDescription {
  /** Required for non-primary objectives; may be empty/undefined for a primary one. */
  objectiveID: string | undefined;
  primary: boolean;
  satisfiedByMeasure: boolean;
  minNormalizedMeasure: number;
  mapInfo: ObjectiveMapInfo[];
}

/** SN 3.12 Selection and Randomization Controls. */
export interface RandomizationControls {
  randomizationTiming: 'never' | 'once' | 'onEachNewAttempt';
  /** undefined: select all children. */
  selectCount: number | undefined;
  reorderChildren: boolean;
  selectionTiming: 'never' | 'once' | 'onEachNewAttempt';
}

/** SN 3.13 Delivery Controls. Defaults: tracked true, the two "set by content" flags false. */
export interface DeliveryControls {
  tracked: boolean;
  completionSetByContent: boolean;
  objectiveSetByContent: boolean;
}

export interface SequencingDefinition {
  controlMode: ControlMode;
  constrainedChoiceConsiderations: ConstrainedChoiceConsiderations;
  sequencingRules: SequencingRules;
  limitConditions: LimitConditions;
  auxiliaryResources: AuxiliaryResource[];
  rollup: RollupControls;
  rollupConsiderations: RollupConsiderations;
  /** The primary objective first when one is declared; when none is, the engine still tracks an implicit primary objective. */
  objectives: ObjectiveDescription[];
  randomization: RandomizationControls;
  delivery: DeliveryControls;
}

/** A definition with every SN book default, for activities whose manifest says nothing. */
export function defaultSequencingDefinition(): SequencingDefinition {
  return {
    controlMode: {
      choice: true,
      choiceExit: true,
      flow: false,
      forwardOnly: false,
      useCurrentAttemptObjectiveInfo: true,
      useCurrentAttemptProgressInfo: true,
    },
    constrainedChoiceConsiderations: { preventActivation: false, constrainChoice: false },
    sequencingRules: { preConditionRules: [], exitConditionRules: [], postConditionRules: [] },
    limitConditions: {
      attemptLimit: undefined,
      attemptAbsoluteDurationLimit: undefined,
      attemptExperiencedDurationLimit: undefined,
      activityAbsoluteDurationLimit: undefined,
      activityExperiencedDurationLimit: undefined,
      beginTimeLimit: undefined,
      endTimeLimit: undefined,
    },
    auxiliaryResources: [],
    rollup: {
      rollupObjectiveSatisfied: true,
      rollupProgressCompletion: true,
      objectiveMeasureWeight: 1,
      rules: [],
    },
    rollupConsiderations: {
      requiredForSatisfied: 'always',
      requiredForNotSatisfied: 'always',
      requiredForCompleted: 'always',
      requiredForIncomplete: 'always',
      measureSatisfactionIfActive: true,
    },
    objectives: [],
    randomization: {
      randomizationTiming: 'never',
      selectCount: undefined,
      reorderChildren: false,
      selectionTiming: 'never',
    },
    delivery: { tracked: true, completionSetByContent: false, objectiveSetByContent: false },
  };
}
