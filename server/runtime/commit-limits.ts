// Bounds on what one commit may ask of the server (issue 10: a learner token posting 1 MiB
// commits of 8,000 changes and 400 KB of navigation state, again and again). Pure. The player
// never comes near them: it cuts commits into bodies of 64 KiB (player/transport/commit-body.ts),
// which hold at most about 4,100 changes, and its sequencing state is a few KB per activity.
import type { CommitBody } from '../../contract/runtime.ts';
import { INTERACTIONS_LIMIT } from '../../scorm/cmi/data-model.ts';
import { AppError } from '../errors.ts';

export const COMMIT_LIMITS = {
  /** [element, value] pairs in one commit body. */
  changes: 5_000,
  /** cmi.interactions records of one attempt: the run-time API's own limit (the player refuses past it). */
  interactionsPerAttempt: INTERACTIONS_LIMIT,
  /** The sequencing state as JSON, in a commit or PUT /sequencing-state (a beacon's 64 KiB). */
  sequencingStateBytes: 64 * 1024,
} as const;

/** Checks of the body alone, before the attempt is read: 413 with its own code. */
export function checkCommitSize(body: CommitBody, limits = COMMIT_LIMITS): AppError | undefined {
  if (body.changes.length > limits.changes) {
    return new AppError(413, 'TOO_MANY_CHANGES', `A commit may carry at most ${limits.changes} changes; this one has ${body.changes.length}.`, { limit: limits.changes });
  }
  if (body.sequencing_state !== undefined) return checkSequencingStateSize(body.sequencing_state, limits);
  return undefined;
}

export function checkSequencingStateSize(state: unknown, limits = COMMIT_LIMITS): AppError | undefined {
  const bytes = Buffer.byteLength(JSON.stringify(state) ?? '');
  if (bytes > limits.sequencingStateBytes) {
    return new AppError(413, 'SEQUENCING_STATE_TOO_LARGE', `The sequencing state may take at most ${limits.sequencingStateBytes} bytes as JSON; this one takes ${bytes}.`, { limit: limits.sequencingStateBytes });
  }
  return undefined;
}

/**
 * A commit creating an interaction past the limit is 422 (the data model refuses that record, so
 * an attempt never holds more).
 */
export function tooManyInteractions(limits = COMMIT_LIMITS): AppError {
  return new AppError(422, 'TOO_MANY_INTERACTIONS', `An attempt may record at most ${limits.interactionsPerAttempt} interactions; nothing of this commit was saved.`, { limit: limits.interactionsPerAttempt });
}
