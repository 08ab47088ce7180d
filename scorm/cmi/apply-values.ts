// The server's re-check of a commit: replays SetValue changes on a copy of the stored data model
// with the very rules the player used; all or nothing, and the first failure says why.
import { errorCode, type ErrorName } from './error-codes.ts';
import { setValue } from './data-model.ts';
import { cloneState, type ModelState } from './model-state.ts';

export type Change = readonly [element: string, value: string];

export interface ApplyFailure {
  /** Position of the failing change in the list. */
  readonly index: number;
  readonly element: string;
  readonly value: string;
  readonly error: ErrorName;
  /** The number the SCO would have seen in this version. */
  readonly code: number;
}

export type ApplyResult =
  | { readonly ok: true; readonly state: ModelState }
  | { readonly ok: false; readonly failure: ApplyFailure };

/**
 * Applies `changes` in order to a copy of `state`; returns the new state, or the first change
 * that fails with its error. `state` itself is never modified.
 */
export function applyValues(state: ModelState, changes: readonly Change[]): ApplyResult {
  const next = cloneState(state);
  for (let index = 0; index < changes.length; index++) {
    const [element, value] = changes[index]!;
    if (typeof element !== 'string' || typeof value !== 'string') {
      return { ok: false, failure: { index, element: String(element), value: String(value), error: 'invalidArgument', code: 201 } };
    }
    const error = setValue(next, element, value);
    if (error !== 'none') {
      return { ok: false, failure: { index, element, value, error, code: errorCode(state.version, error) } };
    }
  }
  return { ok: true, state: next };
}
