// What one commit does to its attempt, decided from the stored row alone (pure: no database):
// a replay to acknowledge, a refusal with its error, or the write to make. The rules re-checked
// here are the player's own (scorm/cmi), so a commit the SCO's API accepted is accepted here.
import type { CommitBody } from '../../contract/runtime.ts';
import { applyValues } from '../../scorm/cmi/apply-values.ts';
import { durationToCentiseconds, timespanToCentiseconds } from '../../scorm/cmi/duration.ts';
import { endSession } from '../../scorm/cmi/end-of-session.ts';
import { snapshotJson, stateFromSnapshot, type ModelSnapshot, type ModelState } from '../../scorm/cmi/model-state.ts';
import type { CommitWrite, SessionRow } from '../db/session-store.ts';
import { AppError, conflict, notFound, unprocessable } from '../errors.ts';
import { tooManyInteractions } from './commit-limits.ts';
import { interactionRows, objectiveRows, sessionColumns } from './session-columns.ts';

export type CommitVerdict =
  | { kind: 'replay'; sequence: number }
  | { kind: 'refused'; error: AppError }
  /** `state`: the data model as `write.fields.data_json` holds it, for the next commit of the row. */
  | { kind: 'write'; write: CommitWrite; state: ModelState };

/** The session_time the LMS measured itself, in centiseconds, bounded to a day. */
export function measuredCentiseconds(version: '1.2' | '2004', end: CommitBody['end']): number {
  if (!end?.sessionTime || end.sessionTimeReported) return 0;
  try {
    const cs = version === '1.2' ? timespanToCentiseconds(end.sessionTime) : durationToCentiseconds(end.sessionTime);
    return Number.isFinite(cs) ? Math.min(Math.max(0, cs), 24 * 3600 * 100) : 0;
  } catch {
    return 0;
  }
}

/**
 * adl.data.n.store writes of a commit, as [targetID, value] (the last write of each wins); ""
 * makes the bucket "not initialized" again (RTE 4.3; CTS DDM 1aV2 then 2aV3 reads 403).
 */
export function sharedWrites(state: ModelState, changes: CommitBody['changes']): Array<[string, string]> {
  const writes = new Map<string, string>();
  for (const [element, value] of changes) {
    const match = /^adl\.data\.(\d+)\.store$/.exec(element);
    if (!match) continue;
    const id = state.values.get(`adl.data.${match[1]}.id`);
    if (id !== undefined) writes.set(id, value);
  }
  return [...writes];
}

const touchesDetails = (changes: CommitBody['changes']) =>
  changes.some(([element]) => element.startsWith('cmi.interactions.') || element.startsWith('cmi.objectives.'));

/**
 * Commits apply in sequence order and at most once per session (docs/runtime-protocol.md
 * section 4): an older sequence is a replay, a gap is OUT_OF_ORDER, another session's commit is
 * STALE_SESSION, and a value the data model refuses rejects the whole commit (INVALID_VALUE).
 */
/**
 * `known`: the data model of `row.data_json` when the caller still has it from the commit that
 * wrote the row (parsing it again was a commit's largest piece of its own work); never changed here.
 */
export function checkCommit(row: SessionRow | undefined, input: CommitBody, at: number, known?: ModelState): CommitVerdict {
  const refuse = (error: AppError): CommitVerdict => ({ kind: 'refused', error });
  if (!row) return refuse(notFound('That attempt', 'ATTEMPT_NOT_FOUND'));
  if (row.current_session_id !== input.session_id) {
    return refuse(conflict('STALE_SESSION', 'This SCO was opened again elsewhere (another tab or a relaunch); this window can no longer save.'));
  }
  if (input.sequence <= row.commit_sequence) return { kind: 'replay', sequence: row.commit_sequence };
  if (input.sequence > row.commit_sequence + 1) {
    return refuse(new AppError(409, 'OUT_OF_ORDER', `Commit ${input.sequence} arrived before ${row.commit_sequence + 1}.`, { expected: row.commit_sequence + 1 }));
  }
  if (row.ended) return refuse(conflict('ATTEMPT_ENDED', 'This attempt has ended; launch the SCO again to start a new one.'));

  const applied = applyValues(known ?? stateFromSnapshot(JSON.parse(row.data_json) as ModelSnapshot), input.changes);
  if (!applied.ok) {
    const f = applied.failure;
    // The data model refuses the record past the limit itself; a client that sends it anyway
    // (an old player, or none) hears the limit's own code, as for a count past it.
    if (f.error === 'interactionsFull') return refuse(tooManyInteractions());
    return refuse(
      unprocessable('INVALID_VALUE', `${f.element} cannot be set to that value (SCORM error ${f.code}); nothing of this commit was saved.`, {
        element: f.element,
        value: f.value.slice(0, 200),
        scorm_error: f.code,
        index: f.index,
      }),
    );
  }
  const state = applied.state;
  const end = input.reason === 'terminate' ? endSession(state, measuredCentiseconds(row.version, input.end)) : undefined;
  const fields: Partial<SessionRow> = {
    ...sessionColumns(state),
    data_json: snapshotJson(state),
    commit_sequence: input.sequence,
    updated_at: at,
    ...(end
      ? {
          last_end_json: JSON.stringify(end),
          ended: end.attemptEnded,
          session_time_seconds: (row.version === '1.2' ? timespanToCentiseconds(end.sessionTime) : durationToCentiseconds(end.sessionTime)) / 100,
        }
      : {}),
  };
  return {
    kind: 'write',
    state,
    write: {
      row,
      fields,
      ...(touchesDetails(input.changes) ? { details: { interactions: interactionRows(state), objectives: objectiveRows(state) } } : {}),
      // The registration's access time moves when something ends or navigation state changes.
      ...(end || input.sequencing_state !== undefined
        ? { registration: { lastAccessedAt: at, ...(input.sequencing_state !== undefined ? { sequencingState: input.sequencing_state } : {}) } }
        : {}),
      // The rules already refused writes to a map without writeSharedData (RTE 4.3 adl.data).
      shared: sharedWrites(state, input.changes),
    },
  };
}
