// What the LMS hands a session at launch, and the data model it starts from: the stored values
// of a resumed attempt overlaid with the values the LMS supplies (1.2 RTE §3.4.4 "LMS Behavior -
// Initialization"; 2004 RTE §4.2 and digest §10.6-10.7).
import type { ScormVersion } from '../cmi/error-codes.ts';
import { createModelState, stateFromSnapshot, type ModelSnapshot, type ModelState } from '../cmi/model-state.ts';

export interface LmsComment {
  readonly comment: string;
  readonly location?: string;
  readonly timestamp?: string;
}

export interface SharedDataMap {
  /** adlcp:map targetID. */
  readonly id: string;
  readonly readSharedData?: boolean;
  readonly writeSharedData?: boolean;
  /** The bucket's current value for this learner, if any. */
  readonly value?: string;
}

export interface ObjectiveInit {
  readonly id: string;
  readonly successStatus?: string;
  readonly completionStatus?: string;
  readonly scoreScaled?: number;
  readonly progressMeasure?: number;
  readonly scoreRaw?: number;
  readonly scoreMin?: number;
  readonly scoreMax?: number;
}

export interface LaunchContext {
  readonly version: ScormVersion;
  readonly learnerId: string;
  readonly learnerName: string;
  /** Default: `credit` in normal mode, `no-credit` in browse and review. */
  readonly credit?: 'credit' | 'no-credit';
  readonly mode?: 'normal' | 'browse' | 'review';
  readonly entry: 'ab-initio' | 'resume' | '';
  /** 1.2 adlcp:datafromlms, 2004 adlcp:dataFromLMS. */
  readonly launchData?: string;
  /** 1.2 adlcp:masteryscore. */
  readonly masteryScore?: string | number;
  /** 1.2 adlcp:maxtimeallowed (CMITimespan); 2004 attemptAbsoluteDurationLimit (timeinterval). */
  readonly maxTimeAllowed?: string;
  readonly timeLimitAction?: string;
  /** 2004 adlcp:completionThreshold. */
  readonly completionThreshold?: string | number;
  /** 2004: the primary objective's minNormalizedMeasure when satisfiedByMeasure (digest §10.6). */
  readonly scaledPassingScore?: string | number;
  readonly commentsFromLms?: readonly LmsComment[];
  /** 2004 §10.7: objective ids of the activity, pre-loaded into cmi.objectives. */
  readonly objectiveIds?: readonly string[];
  /**
   * 2004 RTE 4.2.17: the values those records start with, from the sequencer's tracking data
   * (the player supplies them; numbers as decimals).
   */
  readonly objectiveValues?: readonly ObjectiveInit[];
  /** 2004 adl.data maps of the SCO's item. */
  readonly sharedData?: readonly SharedDataMap[];
  /** The stored data model of the attempt being resumed or reopened. */
  readonly priorState?: ModelSnapshot;
  /** Accumulated total_time of the attempt so far (wins over the one in priorState). */
  readonly totalTime?: string;
}

const PER_SESSION_12 = ['cmi.core.exit', 'cmi.core.session_time'];
const PER_SESSION_2004 = ['cmi.exit', 'cmi.session_time', 'adl.nav.request'];

function put(state: ModelState, name: string, value: string | number | undefined): void {
  if (value === undefined) state.values.delete(name);
  else state.values.set(name, String(value));
}

/** The data model a session starts with. */
export function initialState(ctx: LaunchContext): ModelState {
  const state = ctx.priorState !== undefined && ctx.priorState.version === ctx.version
    ? stateFromSnapshot(ctx.priorState)
    : createModelState(ctx.version);
  const mode = ctx.mode ?? 'normal';
  const credit = ctx.credit ?? (mode === 'normal' ? 'credit' : 'no-credit');
  const comments = ctx.commentsFromLms ?? [];
  if (ctx.version === '1.2') {
    for (const name of PER_SESSION_12) state.values.delete(name);
    put(state, 'cmi.core.student_id', ctx.learnerId);
    put(state, 'cmi.core.student_name', ctx.learnerName);
    put(state, 'cmi.core.credit', credit);
    put(state, 'cmi.core.lesson_mode', mode);
    put(state, 'cmi.core.entry', ctx.entry);
    put(state, 'cmi.launch_data', ctx.launchData ?? '');
    put(state, 'cmi.student_data.mastery_score', ctx.masteryScore);
    put(state, 'cmi.student_data.max_time_allowed', ctx.maxTimeAllowed);
    put(state, 'cmi.student_data.time_limit_action', ctx.timeLimitAction);
    // 1.2 has one comments_from_lms string (CMIString4096).
    put(state, 'cmi.comments_from_lms', comments.map((c) => c.comment).join('\n').slice(0, 4096));
    if (ctx.totalTime !== undefined) put(state, 'cmi.core.total_time', ctx.totalTime);
    return state;
  }
  for (const name of PER_SESSION_2004) state.values.delete(name);
  put(state, 'cmi.learner_id', ctx.learnerId);
  put(state, 'cmi.learner_name', ctx.learnerName);
  put(state, 'cmi.credit', credit);
  put(state, 'cmi.mode', mode);
  put(state, 'cmi.entry', ctx.entry);
  put(state, 'cmi.launch_data', ctx.launchData);
  put(state, 'cmi.completion_threshold', ctx.completionThreshold);
  put(state, 'cmi.scaled_passing_score', ctx.scaledPassingScore);
  put(state, 'cmi.max_time_allowed', ctx.maxTimeAllowed);
  put(state, 'cmi.time_limit_action', ctx.timeLimitAction);
  if (ctx.totalTime !== undefined) put(state, 'cmi.total_time', ctx.totalTime);
  loadComments(state, comments);
  loadObjectives(state, [...(ctx.objectiveIds ?? []), ...(ctx.objectiveValues ?? []).map((o) => o.id)]);
  loadObjectiveValues(state, ctx.objectiveValues ?? []);
  loadSharedData(state, ctx.sharedData ?? []);
  return state;
}

function loadComments(state: ModelState, comments: readonly LmsComment[]): void {
  comments.forEach((c, i) => {
    put(state, `cmi.comments_from_lms.${i}.comment`, c.comment);
    put(state, `cmi.comments_from_lms.${i}.location`, c.location);
    put(state, `cmi.comments_from_lms.${i}.timestamp`, c.timestamp);
  });
  state.counts.set('cmi.comments_from_lms', comments.length);
}

/** Adds a record for each manifest objective id the stored model does not hold yet. */
function loadObjectives(state: ModelState, ids: readonly string[]): void {
  let count = state.counts.get('cmi.objectives') ?? 0;
  const present = new Set<string>();
  for (let i = 0; i < count; i++) present.add(state.values.get(`cmi.objectives.${i}.id`) ?? '');
  for (const id of ids) {
    if (present.has(id)) continue;
    state.values.set(`cmi.objectives.${count}.id`, id);
    present.add(id);
    count++;
  }
  if (count > 0) state.counts.set('cmi.objectives', count);
}

const OBJECTIVE_FIELDS = [
  ['successStatus', 'success_status'], ['completionStatus', 'completion_status'], ['scoreScaled', 'score.scaled'],
  ['progressMeasure', 'progress_measure'], ['scoreRaw', 'score.raw'], ['scoreMin', 'score.min'], ['scoreMax', 'score.max'],
] as const;

/**
 * The tracked values of each objective record. They replace what a resumed attempt stored: other
 * activities may have changed a shared objective since (CTS CO-10 1V2 reads 2V2's writes).
 */
function loadObjectiveValues(state: ModelState, values: readonly ObjectiveInit[]): void {
  const count = state.counts.get('cmi.objectives') ?? 0;
  for (let i = 0; i < count; i++) {
    const init = values.find((o) => o.id === state.values.get(`cmi.objectives.${i}.id`));
    if (!init) continue;
    for (const [field, element] of OBJECTIVE_FIELDS) {
      const value = init[field];
      const name = `cmi.objectives.${i}.${element}`;
      if (value === undefined || value === 'unknown') continue;
      state.values.set(name, String(value));
    }
  }
}

function loadSharedData(state: ModelState, maps: readonly SharedDataMap[]): void {
  state.sharedData.length = 0;
  maps.forEach((m, i) => {
    put(state, `adl.data.${i}.id`, m.id);
    put(state, `adl.data.${i}.store`, m.value === '' ? undefined : m.value);
    state.sharedData.push({ read: m.readSharedData ?? true, write: m.writeSharedData ?? true });
  });
  state.counts.set('adl.data', maps.length);
}
