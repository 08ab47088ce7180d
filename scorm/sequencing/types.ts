// The sequencing module's vocabulary: the activity tree it reads, the tracking state it returns
// (plain JSON, saved with the registration), navigation requests and their outcomes.
import type { SequencingDefinition } from './definition.ts';

export type SequencingMode = '1.2' | '2004';

/** AICC script prerequisites of a SCORM 1.2 item (CAM 1.2 adlcp:prerequisites, type aicc_script). */
export type Prerequisite =
  | { kind: 'id'; id: string }
  | { kind: 'not'; operand: Prerequisite }
  | { kind: 'and' | 'or'; operands: Prerequisite[] }
  | { kind: 'set'; count: number; ids: string[] };

/** CAM 4th Ed adlcp:completionThreshold on an item: the measure-based completion of SN RB.1.1b / RB.1.3a. */
export interface CompletionThreshold {
  completedByMeasure: boolean;
  minProgressMeasure: number;
  progressWeight: number;
}

/** One item of the organization; the root node is the organization itself. */
export interface ActivityNode {
  id: string;
  title: string;
  visible: boolean;
  /** The item references a SCO or asset. */
  launchable: boolean;
  children: ActivityNode[];
  sequencing: SequencingDefinition;
  prerequisites12?: Prerequisite;
  completionThreshold?: CompletionThreshold;
  /**
   * Root only, CAM 4th Ed. adlseq:objectivesGlobalToSystem: false keeps global objectives to one
   * attempt on the activity tree (default true: they outlive it).
   */
  objectivesGlobalToSystem?: boolean;
}

/** SN 4.2.1 Objective Progress Information (also the shape of a global shared objective). */
export interface ObjectiveState {
  progressStatus: boolean;
  satisfiedStatus: boolean;
  measureStatus: boolean;
  normalizedMeasure: number;
  // SN 4th Ed. 4.2.1.1 / adlseq:mapInfo: the objective's completion, progress and raw scores,
  // shared through the extended maps (absent in states saved before they existed).
  completionStatusKnown?: boolean;
  completed?: boolean;
  progressMeasureKnown?: boolean;
  progressMeasure?: number;
  rawScore?: number;
  minScore?: number;
  maxScore?: number;
}

/** SN 4.2.1 Activity / Attempt Progress Information and SN 4.2.2 Activity State Information. */
export interface ActivityState {
  attemptCount: number;
  attemptProgressStatus: boolean;
  attemptCompletionStatus: boolean;
  attemptCompletionAmountStatus: boolean;
  attemptCompletionAmount: number;
  active: boolean;
  suspended: boolean;
  /** Keyed by objective ID; the primary objective of an activity that declares none is keyed ''. */
  objectives: Record<string, ObjectiveState>;
  /** SN 4.8 Selection and Randomization: the children in delivery order; null means all, in tree order. */
  availableChildren: string[] | null;
}

/** SN 4.2.3 Global State Information, JSON-serialisable. */
export interface SequencingState {
  currentActivity: string | null;
  suspendedActivity: string | null;
  activities: Record<string, ActivityState>;
  /** Global shared objectives (SN 4.2.1.1, imsss:mapInfo targetObjectiveID). */
  globalObjectives: Record<string, ObjectiveState>;
}

/** SN 4.4.2 navigation requests (plus retry/retryAll, see navigation-request.ts). */
export type NavigationRequest =
  | {
      type:
        | 'start'
        | 'resumeAll'
        | 'continue'
        | 'previous'
        | 'exit'
        | 'exitAll'
        | 'suspendAll'
        | 'abandon'
        | 'abandonAll'
        | 'retry'
        | 'retryAll';
    }
  | { type: 'choice' | 'jump'; target: string };

/** An SN exception: code as in the SN book (e.g. "NB.2.1-10"), message for logs and the learner. */
export interface SequencingException {
  code: string;
  message: string;
}

export interface NavigationResult {
  state: SequencingState;
  /** The activity to launch now, or null. */
  deliver: string | null;
  exception?: SequencingException;
  /** The sequencing session has ended (exit all, suspend all, continue past the end...). */
  endSession?: boolean;
}

export type SuccessStatus = 'passed' | 'failed' | 'unknown';
export type CompletionStatus = 'completed' | 'incomplete' | 'not attempted' | 'unknown';

/** What the SCO reported when its attempt ended (RTE 4.2 elements that feed tracking). */
export interface RuntimeResult {
  completionStatus: CompletionStatus;
  successStatus: SuccessStatus;
  scoreScaled?: number;
  progressMeasure?: number;
  exit: 'suspend' | 'normal' | 'logout' | 'time-out' | '';
  scoreRaw?: number;
  scoreMin?: number;
  scoreMax?: number;
  objectives?: {
    id: string;
    successStatus: SuccessStatus;
    completionStatus?: CompletionStatus;
    scoreScaled?: number;
    progressMeasure?: number;
    scoreRaw?: number;
    scoreMin?: number;
    scoreMax?: number;
  }[];
}

/** RTE 4.2.17 cmi.objectives.n values a delivery starts with, from tracking and global reads. */
export interface ObjectiveValues {
  id: string;
  successStatus: SuccessStatus;
  completionStatus: CompletionStatus;
  scoreScaled?: number;
  progressMeasure?: number;
  scoreRaw?: number;
  scoreMin?: number;
  scoreMax?: number;
}

export type TocStatus = 'not attempted' | 'incomplete' | 'completed' | 'passed' | 'failed';

export interface TocEntry {
  id: string;
  title: string;
  depth: number;
  /** Shown: visible in the manifest and not hidden from choice. */
  visible: boolean;
  /** A choice of it would succeed now. */
  enabled: boolean;
  launchable: boolean;
  status: TocStatus;
  current: boolean;
}

export interface NavigationValidity {
  start: boolean;
  resumeAll: boolean;
  continue: boolean;
  previous: boolean;
  exit: boolean;
  exitAll: boolean;
  suspendAll: boolean;
  abandon: boolean;
  abandonAll: boolean;
  choice: Record<string, boolean>;
  jump: Record<string, boolean>;
  toc: TocEntry[];
}
