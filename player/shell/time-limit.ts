// maxtimeallowed / timelimitaction (1.2 RTE 3.4.4 cmi.student_data.max_time_allowed and
// time_limit_action; 2004 RTE 4.2.14-4.2.15 cmi.max_time_allowed / cmi.time_limit_action):
// when the limit is reached, and whether the player then ends the SCO and says so.
import { durationToCentiseconds, timespanToCentiseconds } from '../../scorm/cmi/duration.ts';
import type { LaunchContext } from '../../scorm/runtime/launch-context.ts';

export interface TimeLimit {
  /** Milliseconds from the start of this session until the limit is reached (0: already). */
  remainingMs: number;
  /** "exit,…": the LMS takes the SCO away. */
  exit: boolean;
  /** "…,message": the learner is told. */
  message: boolean;
}

const toCs = (version: '1.2' | '2004', value: string): number =>
  version === '1.2' ? timespanToCentiseconds(value) : durationToCentiseconds(value);

/** The limit of a launch, or null when there is none or the action is "continue,no message". */
export function timeLimitOf(ctx: Pick<LaunchContext, 'version' | 'maxTimeAllowed' | 'timeLimitAction' | 'totalTime'>): TimeLimit | null {
  if (!ctx.maxTimeAllowed) return null;
  const max = toCs(ctx.version, ctx.maxTimeAllowed);
  if (!Number.isFinite(max) || max <= 0) return null;
  const action = (ctx.timeLimitAction ?? 'continue,no message').replace(/\s*,\s*/g, ',').trim().toLowerCase();
  const exit = action.startsWith('exit,');
  const message = action.endsWith(',message');
  if (!exit && !message) return null;
  // Both versions limit the time accumulated over the attempt, so this session gets what is left.
  const used = ctx.totalTime ? toCs(ctx.version, ctx.totalTime) : 0;
  return { remainingMs: Math.max(0, (max - (Number.isFinite(used) ? used : 0)) * 10), exit, message };
}
