// A batch of commits in one request (POST /runtime/:id/commits, docs/runtime-protocol.md §4b):
// what a closing page sends in a single beacon, so no commit of it can overtake another.
import type { CommitAnswer, CommitBatchResult, CommitBody } from '../../contract/runtime.ts';
import { badRequest, isAppError } from '../errors.ts';
import type { ClosedLaunch } from '../../contract/launches.ts';
import { parseCommitBody } from './parse-commit-body.ts';
import { parseClosedLaunches } from './parse-launch-report.ts';

/** A body may hold this many commits: a beacon's 64 KiB hold far fewer non-empty ones. */
const MAX_BATCH = 500;

export interface CommitBatch {
  commits: CommitBody[];
  /** The navigation state to keep once the commits are applied, when the page had one pending. */
  sequencingState: object | undefined;
  /** Launches whose page went away, told after the commits (decision 0023). */
  closed: ClosedLaunch[];
}

export function parseCommitBatch(body: unknown): CommitBatch {
  const fail = (message: string) => badRequest('INVALID_COMMIT', message);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw fail('The batch must be a JSON object.');
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.commits) || b.commits.length > MAX_BATCH) throw fail(`commits must be an array of at most ${MAX_BATCH} commits.`);
  const state = b.sequencing_state;
  if (state !== undefined && (typeof state !== 'object' || state === null || Array.isArray(state))) throw fail('sequencing_state must be an object.');
  return { commits: b.commits.map(parseCommitBody), sequencingState: state as object | undefined, closed: parseClosedLaunches(b.closed) };
}

/**
 * Applies the commits in body order, each as POST /commit would (at most once, in sequence).
 * A refused commit stops the later ones of its session only; the others still apply.
 */
export async function applyCommitBatch(batch: CommitBatch, commit: (input: CommitBody) => Promise<CommitAnswer>): Promise<CommitBatchResult[]> {
  const refused = new Set<string>();
  const results: CommitBatchResult[] = [];
  for (const input of batch.commits) {
    if (refused.has(input.session_id)) {
      results.push({ session_id: input.session_id, sequence: input.sequence, ok: false, error: { code: 'SKIPPED', message: 'An earlier commit of this session was refused.' } });
      continue;
    }
    try {
      results.push({ session_id: input.session_id, ...(await commit(input)) });
    } catch (error) {
      if (!isAppError(error) || error.status >= 500) throw error;
      refused.add(input.session_id);
      results.push({ session_id: input.session_id, sequence: input.sequence, ok: false, error: { code: error.code, message: error.message } });
    }
  }
  return results;
}
