// Checks the body of POST /runtime/:id/commit (docs/runtime-protocol.md section 4) against the
// wire contract the player builds it by (contract/runtime.ts CommitBody).
import type { CommitBody } from '../../contract/runtime.ts';
import type { Change } from '../../scorm/cmi/apply-values.ts';
import { badRequest } from '../errors.ts';
import { parseLaunchReport } from './parse-launch-report.ts';

/** The commit as sent, keeping of `end` only what the server reads (section 4). */
export function parseCommitBody(body: unknown): CommitBody {
  const fail = (message: string) => badRequest('INVALID_COMMIT', message);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw fail('The commit must be a JSON object.');
  const b = body as Record<string, unknown>;
  if (typeof b.session_id !== 'string' || !/^[\w-]{8,64}$/.test(b.session_id)) throw fail('session_id is missing or malformed.');
  if (typeof b.sequence !== 'number' || !Number.isSafeInteger(b.sequence) || b.sequence < 1) throw fail('sequence must be a whole number from 1.');
  if (typeof b.item !== 'string' || b.item === '' || b.item.length > 255) throw fail('item must be an item identifier.');
  if (typeof b.attempt !== 'number' || !Number.isSafeInteger(b.attempt) || b.attempt < 1) throw fail('attempt must be a whole number from 1.');
  // How many is commit-limits.ts's call (413 TOO_MANY_CHANGES); the body's size bounds the work here.
  if (!Array.isArray(b.changes)) throw fail('changes must be an array of [element, value] pairs.');
  const changes: Change[] = b.changes.map((c: unknown, i: number) => {
    if (!Array.isArray(c) || c.length !== 2 || typeof c[0] !== 'string' || typeof c[1] !== 'string') {
      throw fail(`changes[${i}] must be an [element, value] pair of strings.`);
    }
    return [c[0], c[1]] as const;
  });
  const reason = b.reason ?? 'commit';
  if (reason !== 'commit' && reason !== 'autosave' && reason !== 'terminate') throw fail('reason must be commit, autosave or terminate.');
  let end: CommitBody['end'];
  if (b.end !== undefined && b.end !== null) {
    if (typeof b.end !== 'object' || Array.isArray(b.end)) throw fail('end must be an object.');
    const e = b.end as Record<string, unknown>;
    end = {
      ...(typeof e.sessionTime === 'string' ? { sessionTime: e.sessionTime } : {}),
      ...(typeof e.sessionTimeReported === 'boolean' ? { sessionTimeReported: e.sessionTimeReported } : {}),
    };
  }
  if (reason === 'terminate' && !end) throw fail('A terminate commit carries its end.');
  return {
    session_id: b.session_id,
    sequence: b.sequence,
    item: b.item,
    attempt: b.attempt,
    changes,
    reason,
    ...(end ? { end } : {}),
    ...(b.sequencing_state !== undefined ? { sequencing_state: b.sequencing_state } : {}),
    ...(b.launch !== undefined ? { launch: parseLaunchReport(b.launch) } : {}),
  };
}
