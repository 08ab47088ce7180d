// The commit of docs/runtime-protocol.md §4 and its split into bodies that each stay under the
// 64 KiB a keepalive fetch or a beacon may carry (only the last part carries the end).
import type { LaunchReport } from '../../contract/launches.ts';
import type { CommitBody } from '../../contract/runtime.ts';
import type { Change } from '../../scorm/cmi/apply-values.ts';
import type { SessionEnd } from '../../scorm/cmi/end-of-session.ts';
import type { CommitReason } from '../../scorm/runtime/session.ts';

export type { CommitBody };

export const MAX_BODY_BYTES = 64 * 1024;

/** A commit the session hands over, before it is numbered and cut into bodies. */
export interface PendingCommit {
  sessionId: string;
  item: string;
  attempt: number;
  changes: readonly Change[];
  reason: CommitReason;
  end?: SessionEnd;
  sequencingState?: unknown;
  /** Errors returned to the SCO and trace calls since the last commit (launch-recorder.ts). */
  launch?: LaunchReport;
}

const encoder = new TextEncoder();
export const byteLength = (text: string): number => encoder.encode(text).length;

/**
 * Cuts a commit into bodies numbered from `firstSequence`, in change order, each at most
 * `maxBytes` of JSON. A single change larger than the limit travels alone (the server decides).
 * Intermediate parts are plain commits; the reason, end and sequencing state ride on the last.
 */
export function splitCommit(input: PendingCommit, firstSequence: number, maxBytes = MAX_BODY_BYTES): CommitBody[] {
  const make = (sequence: number, changes: Change[], last: boolean): CommitBody => {
    const body: CommitBody = {
      session_id: input.sessionId, sequence, item: input.item, attempt: input.attempt, changes,
      reason: last ? input.reason : input.reason === 'terminate' ? 'commit' : input.reason,
    };
    if (last && input.end !== undefined) body.end = input.end;
    if (last && input.sequencingState !== undefined) body.sequencing_state = input.sequencingState;
    if (last && input.launch !== undefined) body.launch = input.launch;
    return body;
  };
  const whole = make(firstSequence, [...input.changes], true);
  if (byteLength(JSON.stringify(whole)) <= maxBytes) return [whole];

  // Room left for changes once the envelope of the last part (the largest) is written.
  const envelope = byteLength(JSON.stringify(make(firstSequence + 9999, [], true)));
  const room = Math.max(1, maxBytes - envelope);
  const groups: Change[][] = [];
  let group: Change[] = [];
  let size = 0;
  for (const change of input.changes) {
    const bytes = byteLength(JSON.stringify(change)) + 1;
    if (group.length > 0 && size + bytes > room) {
      groups.push(group);
      group = [];
      size = 0;
    }
    group.push(change);
    size += bytes;
  }
  groups.push(group);
  return groups.map((changes, i) => make(firstSequence + i, changes, i === groups.length - 1));
}
