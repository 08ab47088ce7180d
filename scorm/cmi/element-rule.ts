// The shape of a version's data model as data: element rules, collections and containers
// (1.2 RTE §3.4.3-3.4.4; 2004 RTE §4.1.1, §4.2). element-path.ts compiles it for lookup.
import type { DataTypeName } from './data-types.ts';
import type { ScormVersion } from './error-codes.ts';

export type Access = 'ro' | 'wo' | 'rw';

/** Behaviour a rule needs beyond type and range; each is implemented in one place (special-rules.ts). */
export type Special =
  | 'objectiveId' // 2004 §4.2.17: unique among objectives, write-once (CTS DMI 1.1.90-105)
  | 'interactionType' // a type change discards responses validated against the old one
  | 'interactionObjectiveId' // 2004 §4.2.9: unique within the interaction (CTS DMI 3.1.116)
  | 'pattern' // correct_responses.n.pattern: format, hard maximum, uniqueness per type
  | 'response' // learner_response / student_response: format per type
  | 'dataStore' // adl.data.n.store: readSharedData / writeSharedData of the map
  | 'completionStatus' // 2004 §4.2.4.1 evaluated on GetValue
  | 'successStatus' // 2004 §4.2.22 evaluated on GetValue
  | 'navValidity'; // 2004 §4.4.2 adl.nav.request_valid.*: the sequencer answers

export interface ElementRule {
  readonly access: Access;
  readonly type: DataTypeName;
  /** Inclusive numeric bounds; `null` leaves a side open. */
  readonly range?: readonly [number | null, number | null];
  /** 2004 smallest permitted maximum, in characters (RTE §4.1.1.7). */
  readonly spm?: number;
  /** The value a readable element has before anything is stored (1.2: otherwise ""; 2004: otherwise 403). */
  readonly init?: string;
  /** 2004 RTE §4.1.1.3: a SetValue of this child may create record n == _count; others get 408. */
  readonly creates?: boolean;
  /** 2004 RTE §4.2.9: needs cmi.interactions.n.type set first (408). */
  readonly needsType?: boolean;
  /** Setting it may change how later values validate, so a change log must keep its order. */
  readonly ordered?: boolean;
  readonly special?: Special;
  readonly cite: string;
}

export interface CollectionRule {
  /** The `_children` answer; absent means the collection defines no `_children`. */
  readonly children?: string;
  /** Records come from the LMS only; every SCO SetValue is read-only (2004 comments_from_lms, adl.data). */
  readonly lmsOnly?: boolean;
  readonly cite: string;
}

export interface DataModelDefinition {
  readonly version: ScormVersion;
  /** `cmi._version`. */
  readonly modelVersion: string;
  readonly roots: readonly string[];
  /** Keyed by pattern: a collection index is written `n` (`cmi.objectives.n.id`). */
  readonly elements: Readonly<Record<string, ElementRule>>;
  readonly collections: Readonly<Record<string, CollectionRule>>;
  /** Non-leaf names and their `_children` answer (`null`: a container without `_children`). */
  readonly containers: Readonly<Record<string, string | null>>;
}
