// Which of an attempt's interaction or objective rows a commit must write: the rows as stored
// (read in the commit's transaction, after its guarded UPDATE locked the attempt row) against the
// rows its data model gives. A commit that adds two interactions to forty writes two rows, not
// forty-two after deleting forty (decision 0043: the rewrite was most of a commit's redo).
import type { InteractionRow, ObjectiveRow } from '../runtime/session-columns.ts';

/** The columns of scorm_interactions a commit writes (its own and the attempt's). */
export const INTERACTION_COLUMNS = ['session_row_id', 'package_id', 'registration_id', 'item_identifier', 'position', 'interaction_id', 'interaction_key', 'type', 'learner_response', 'result', 'weighting', 'latency', 'timestamp', 'description', 'correct_responses_json'] as const;
/** The columns of scorm_objectives a commit writes. */
export const OBJECTIVE_COLUMNS = ['session_row_id', 'package_id', 'registration_id', 'item_identifier', 'position', 'objective_id', 'success_status', 'completion_status', 'score_scaled', 'score_raw', 'score_min', 'score_max', 'progress_measure', 'description'] as const;

/** A detail row as written: the model's row with the attempt's ids. */
export type OwnedRow<T extends InteractionRow | ObjectiveRow> = T & { session_row_id: string; package_id: string; registration_id: string; item_identifier: string };

export interface RowsDiff<T> {
  /** Positions whose stored row goes (changed, or no longer in the model). */
  deleted: number[];
  /** Rows to insert (changed or new). */
  inserted: T[];
}

/**
 * Compares every column the commit would write; a stored value read back differently (a number
 * as a string, a missing column) counts as changed, so the worst case is the old full rewrite.
 */
export function diffRows<T extends { position: number }>(stored: ReadonlyArray<Record<string, unknown>>, next: readonly T[], columns: readonly string[]): RowsDiff<T> {
  const byPosition = new Map<number, Record<string, unknown>>();
  for (const row of stored) byPosition.set(Number(row.position), row);
  const deleted: number[] = [];
  const inserted: T[] = [];
  for (const row of next) {
    const old = byPosition.get(row.position);
    byPosition.delete(row.position);
    if (old && sameRow(old, row as unknown as Record<string, unknown>, columns)) continue;
    if (old) deleted.push(row.position);
    inserted.push(row);
  }
  for (const position of byPosition.keys()) deleted.push(position);
  return { deleted, inserted };
}

function sameRow(stored: Record<string, unknown>, next: Record<string, unknown>, columns: readonly string[]): boolean {
  for (const column of columns) {
    const a = stored[column] ?? null;
    const b = next[column] ?? null;
    if (a !== b && !(column === 'position' && Number(a) === b)) return false;
  }
  return true;
}
