// What happened in a SCO's run, in the terms the xAPI statements are made of, read from the
// runtime's own records (pure): the opening of an attempt, and one accepted commit as the
// attempt row before and the fields written after. Only changes count, so a commit that moves
// nothing but suspend data or location says nothing to the LRS.
import type { CommitBody } from '../../contract/runtime.ts';
import { durationToCentiseconds, timespanToCentiseconds } from '../../scorm/cmi/duration.ts';
import type { SessionEnd } from '../../scorm/cmi/end-of-session.ts';
import type { CommitWrite, SessionRow } from '../db/session-store.ts';
import type { InteractionRow } from '../runtime/session-columns.ts';

export interface ScoreFact {
  scaled: number | null;
  raw: number | null;
  min: number | null;
  max: number | null;
}

/** The attempt's standing, reported with suspended / terminated (Profile 5.0 "Terminating an attempt"). */
export interface Standing {
  completion: string;
  success: string;
  score: ScoreFact;
}

export type RunFact =
  | { verb: 'launched' | 'initialized' | 'resumed' }
  | { verb: 'answered'; interaction: InteractionRow }
  | { verb: 'scored'; score: ScoreFact }
  | { verb: 'completed' | 'passed' | 'failed'; standing: Standing }
  | { verb: 'suspended' | 'terminated'; standing: Standing; sessionCentiseconds: number };

/** Whose run it is, and where: one attempt of one SCO of one registration. */
export interface RunSubject {
  registrationId: string;
  learner: { id: string; name: string };
  packageId: string;
  itemIdentifier: string;
  version: '1.2' | '2004';
  attempt: number;
  attemptRowId: string;
  /** Names for the activity definitions, when the caller has them at hand. */
  titles?: { course?: string; sco?: string };
}

/** A SCO opened: launched, then a new attempt initialized or a suspended one resumed (Profile 6.0 "Entry"). */
export function openingFacts(entry: string): RunFact[] {
  return [{ verb: 'launched' }, { verb: entry === 'resume' ? 'resumed' : 'initialized' }];
}

const ANSWER = /^cmi\.interactions\.(\d+)\.(?:learner_response|student_response|result)$/;

const scoreOf = (row: Pick<SessionRow, 'score_scaled' | 'score_raw' | 'score_min' | 'score_max'>): ScoreFact => ({
  scaled: row.score_scaled,
  raw: row.score_raw,
  min: row.score_min,
  max: row.score_max,
});

/**
 * The facts of one accepted commit, in the order they are sent: the answers it recorded, a new
 * score, completion, success, and the end of the session when it terminated.
 */
export function commitFacts(write: CommitWrite, changes: CommitBody['changes']): RunFact[] {
  const before = write.row;
  const after = { ...before, ...write.fields } as SessionRow;
  const facts: RunFact[] = [];
  if (write.details) {
    const answered = new Set<number>();
    for (const [element] of changes) {
      const match = ANSWER.exec(element);
      if (match) answered.add(Number(match[1]));
    }
    for (const position of [...answered].sort((a, b) => a - b)) {
      const interaction = write.details.interactions[position];
      if (interaction && (interaction.learner_response !== null || interaction.result !== null)) facts.push({ verb: 'answered', interaction });
    }
  }
  const score = scoreOf(after);
  const scoreMoved = (['scaled', 'raw', 'min', 'max'] as const).some((k) => score[k] !== scoreOf(before)[k]);
  if (scoreMoved && (score.scaled !== null || score.raw !== null)) facts.push({ verb: 'scored', score });
  const standing: Standing = { completion: after.completion_status, success: after.success_status, score };
  if (after.completion_status === 'completed' && before.completion_status !== 'completed') facts.push({ verb: 'completed', standing });
  if ((after.success_status === 'passed' || after.success_status === 'failed') && after.success_status !== before.success_status) {
    facts.push({ verb: after.success_status, standing });
  }
  if (write.fields.last_end_json) {
    const end = JSON.parse(write.fields.last_end_json) as SessionEnd;
    facts.push({ verb: end.exit === 'suspend' ? 'suspended' : 'terminated', standing, sessionCentiseconds: sessionCentiseconds(before.version, end.sessionTime) });
  }
  return facts;
}

function sessionCentiseconds(version: '1.2' | '2004', sessionTime: string): number {
  try {
    const cs = version === '1.2' ? timespanToCentiseconds(sessionTime) : durationToCentiseconds(sessionTime);
    return Number.isFinite(cs) ? cs : 0;
  } catch {
    return 0;
  }
}
