// What the session tables keep besides the full data model: status, score, times, location and
// suspend data as columns, and interactions / objectives as rows, derived from a ModelState.
// A 1.2 lesson_status maps onto completion and success by scorm/cmi/status-12.ts.
import { durationToCentiseconds, timespanToCentiseconds } from '../../scorm/cmi/duration.ts';
import type { ModelState } from '../../scorm/cmi/model-state.ts';
import { evaluateCompletion, evaluateSuccess } from '../../scorm/cmi/status.ts';
import { decimalOrNull, scaledScore12, statusFrom12 } from '../../scorm/cmi/status-12.ts';

export interface SessionColumns {
  lesson_status: string | null;
  completion_status: string;
  success_status: string;
  score_raw: number | null;
  score_min: number | null;
  score_max: number | null;
  score_scaled: number | null;
  total_time: string;
  total_time_seconds: number;
  location: string | null;
  suspend_data: string | null;
  exit_value: string;
}

const num = decimalOrNull;

export function sessionColumns(state: ModelState): SessionColumns {
  const v = state.values;
  if (state.version === '1.2') {
    const lesson = v.get('cmi.core.lesson_status') ?? 'not attempted';
    const { completion, success } = statusFrom12(lesson);
    const total = v.get('cmi.core.total_time') ?? '0000:00:00.00';
    const [raw, min, max] = [v.get('cmi.core.score.raw'), v.get('cmi.core.score.min'), v.get('cmi.core.score.max')];
    return {
      lesson_status: lesson,
      completion_status: completion,
      success_status: success,
      score_raw: num(raw),
      score_min: num(min),
      score_max: num(max),
      score_scaled: scaledScore12(raw, min, max),
      total_time: total,
      total_time_seconds: timespanToCentiseconds(total) / 100,
      location: v.get('cmi.core.lesson_location') ?? null,
      suspend_data: v.get('cmi.suspend_data') ?? null,
      exit_value: v.get('cmi.core.exit') ?? '',
    };
  }
  const total = v.get('cmi.total_time') ?? 'PT0S';
  return {
    lesson_status: null,
    // Evaluated against completion_threshold and scaled_passing_score (2004 RTE 4.2.4.1, 4.2.23).
    completion_status: evaluateCompletionOf(state),
    success_status: evaluateSuccessOf(state),
    score_raw: num(v.get('cmi.score.raw')),
    score_min: num(v.get('cmi.score.min')),
    score_max: num(v.get('cmi.score.max')),
    score_scaled: num(v.get('cmi.score.scaled')),
    total_time: total,
    total_time_seconds: durationToCentiseconds(total) / 100,
    location: v.get('cmi.location') ?? null,
    suspend_data: v.get('cmi.suspend_data') ?? null,
    exit_value: v.get('cmi.exit') ?? '',
  };
}

function evaluateCompletionOf(state: ModelState): string {
  const v = state.values;
  return evaluateCompletion(v.get('cmi.completion_status'), v.get('cmi.completion_threshold'), v.get('cmi.progress_measure'));
}
function evaluateSuccessOf(state: ModelState): string {
  const v = state.values;
  return evaluateSuccess(v.get('cmi.success_status'), v.get('cmi.scaled_passing_score'), v.get('cmi.score.scaled'));
}

export interface InteractionRow {
  position: number;
  interaction_id: string;
  interaction_key: string;
  type: string | null;
  learner_response: string | null;
  result: string | null;
  weighting: number | null;
  latency: string | null;
  timestamp: string | null;
  description: string | null;
  correct_responses_json: string | null;
}

export interface ObjectiveRow {
  position: number;
  objective_id: string;
  success_status: string | null;
  completion_status: string | null;
  score_scaled: number | null;
  score_raw: number | null;
  score_min: number | null;
  score_max: number | null;
  progress_measure: number | null;
  description: string | null;
}

export function interactionRows(state: ModelState): InteractionRow[] {
  const v = state.values;
  const count = state.counts.get('cmi.interactions') ?? 0;
  const rows: InteractionRow[] = [];
  const v12 = state.version === '1.2';
  for (let n = 0; n < count; n++) {
    const p = `cmi.interactions.${n}.`;
    const id = v.get(`${p}id`) ?? '';
    const patterns: string[] = [];
    const patternCount = state.counts.get(`${p}correct_responses`) ?? 0;
    for (let k = 0; k < patternCount; k++) patterns.push(v.get(`${p}correct_responses.${k}.pattern`) ?? '');
    rows.push({
      position: n,
      interaction_id: id,
      interaction_key: id.slice(0, 255),
      type: v.get(`${p}type`) ?? null,
      learner_response: v.get(v12 ? `${p}student_response` : `${p}learner_response`) ?? null,
      result: v.get(`${p}result`) ?? null,
      weighting: num(v.get(`${p}weighting`)),
      latency: v.get(`${p}latency`) ?? null,
      timestamp: v.get(v12 ? `${p}time` : `${p}timestamp`) ?? null,
      description: v12 ? null : (v.get(`${p}description`) ?? null),
      correct_responses_json: patterns.length ? JSON.stringify(patterns) : null,
    });
  }
  return rows;
}

export function objectiveRows(state: ModelState): ObjectiveRow[] {
  const v = state.values;
  const count = state.counts.get('cmi.objectives') ?? 0;
  const rows: ObjectiveRow[] = [];
  const v12 = state.version === '1.2';
  for (let n = 0; n < count; n++) {
    const p = `cmi.objectives.${n}.`;
    const status12 = v.get(`${p}status`);
    const mapped12 = status12 ? statusFrom12(status12) : undefined;
    rows.push({
      position: n,
      objective_id: v.get(`${p}id`) ?? '',
      success_status: v12 ? (mapped12?.success ?? null) : (v.get(`${p}success_status`) ?? null),
      completion_status: v12 ? (mapped12?.completion ?? null) : (v.get(`${p}completion_status`) ?? null),
      score_scaled: v12 ? null : num(v.get(`${p}score.scaled`)),
      score_raw: num(v.get(`${p}score.raw`)),
      score_min: num(v.get(`${p}score.min`)),
      score_max: num(v.get(`${p}score.max`)),
      progress_measure: v12 ? null : num(v.get(`${p}progress_measure`)),
      description: v12 ? null : (v.get(`${p}description`) ?? null),
    });
  }
  return rows;
}
