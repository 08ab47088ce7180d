// What a SCO reported, read for the sequencer when its session ends: the RTE elements that feed
// tracking (2004 RTE 4.2.4 completion_status, 4.2.22 success_status, 4.2.20 score.scaled, 4.2.18
// progress_measure, 4.2.17 objectives, 4.2.8 exit; 1.2 RTE 3.4.4 cmi.core.lesson_status, exit).
import type { SessionEnd } from '../../scorm/cmi/end-of-session.ts';
import type { ModelSnapshot } from '../../scorm/cmi/model-state.ts';
import { decimalOrNull, scaledScore12, statusFrom12 } from '../../scorm/cmi/status-12.ts';
import type { CompletionStatus, RuntimeResult, SuccessStatus } from '../../scorm/sequencing/types.ts';

const COMPLETION = new Set(['completed', 'incomplete', 'not attempted', 'unknown']);
const SUCCESS = new Set(['passed', 'failed', 'unknown']);
const EXIT = new Set(['suspend', 'normal', 'logout', 'time-out', '']);

const completion = (v: string | undefined): CompletionStatus => (v !== undefined && COMPLETION.has(v) ? (v as CompletionStatus) : 'unknown');
const success = (v: string | undefined): SuccessStatus => (v !== undefined && SUCCESS.has(v) ? (v as SuccessStatus) : 'unknown');
const exitOf = (v: string): RuntimeResult['exit'] => (EXIT.has(v) ? (v as RuntimeResult['exit']) : '');

const decimal = (v: string | undefined): number | undefined => decimalOrNull(v) ?? undefined;

/** The result to hand reportAttemptEnd, from the session's end values and its data model. */
export function runtimeResult(end: SessionEnd, model: ModelSnapshot): RuntimeResult {
  const v = model.values;
  if (model.version === '1.2') {
    const s = statusFrom12(end.lessonStatus ?? v['cmi.core.lesson_status']);
    const result: RuntimeResult = { completionStatus: s.completion, successStatus: s.success, exit: exitOf(end.exit) };
    // 1.2 has no scaled score; the one the server stores stands in for the measure.
    const scaled = scaledScore12(v['cmi.core.score.raw'], v['cmi.core.score.min'], v['cmi.core.score.max']);
    if (scaled !== null) result.scoreScaled = scaled;
    return result;
  }
  const result: RuntimeResult = {
    completionStatus: completion(end.completionStatus ?? v['cmi.completion_status']),
    successStatus: success(end.successStatus ?? v['cmi.success_status']),
    exit: exitOf(end.exit),
  };
  const scaled = decimal(v['cmi.score.scaled']);
  if (scaled !== undefined) result.scoreScaled = scaled;
  const progress = decimal(v['cmi.progress_measure']);
  if (progress !== undefined) result.progressMeasure = progress;
  const raw = decimal(v['cmi.score.raw']);
  const min = decimal(v['cmi.score.min']);
  const max = decimal(v['cmi.score.max']);
  if (raw !== undefined) result.scoreRaw = raw;
  if (min !== undefined) result.scoreMin = min;
  if (max !== undefined) result.scoreMax = max;
  const count = model.counts['cmi.objectives'] ?? 0;
  const objectives: NonNullable<RuntimeResult['objectives']> = [];
  for (let i = 0; i < count; i++) {
    const id = v[`cmi.objectives.${i}.id`];
    if (id === undefined) continue;
    const o: NonNullable<RuntimeResult['objectives']>[number] = { id, successStatus: success(v[`cmi.objectives.${i}.success_status`]) };
    // Only what the record holds: an objective the SCO never gave a completion status must not
    // clear one another activity shared (SN 4th Ed. writeCompletionStatus).
    const oc = v[`cmi.objectives.${i}.completion_status`];
    if (oc !== undefined) o.completionStatus = completion(oc);
    const numbers = [['scoreScaled', 'score.scaled'], ['progressMeasure', 'progress_measure'], ['scoreRaw', 'score.raw'], ['scoreMin', 'score.min'], ['scoreMax', 'score.max']] as const;
    for (const [field, element] of numbers) {
      const n = decimal(v[`cmi.objectives.${i}.${element}`]);
      if (n !== undefined) o[field] = n;
    }
    objectives.push(o);
  }
  if (objectives.length > 0) result.objectives = objectives;
  return result;
}

/**
 * What the SCO has reported so far, while it still runs: the stored statuses as they stand
 * (no end-of-session evaluation yet), so the controls can offer what a Terminate now would allow.
 */
export function provisionalResult(model: ModelSnapshot): RuntimeResult {
  const v = model.values;
  const end = model.version === '1.2'
    ? { lessonStatus: v['cmi.core.lesson_status'] ?? 'not attempted' }
    : { completionStatus: v['cmi.completion_status'] ?? 'unknown', successStatus: v['cmi.success_status'] ?? 'unknown' };
  return runtimeResult({ exit: '', sessionTime: '', sessionTimeReported: false, totalTime: '', nextEntry: '', attemptEnded: false, endsCourse: false, ...end }, model);
}
