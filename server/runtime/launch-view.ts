// A launch as GET /api/v1/registrations/:id/launches shows it: the stored row, with the live
// counters of the attempt row while the launch still owns it, and the exit reason evaluated at
// read time (a launch idle past the limit reads as timed out; launch-exit.ts).
import type { LaunchView } from '../../contract/launches.ts';
import { errorString, type ScormVersion } from '../../scorm/cmi/error-codes.ts';
import type { LaunchRecord } from '../db/launch-store.ts';
import type { SessionRow } from '../db/session-store.ts';
import { effectiveExit } from './launch-exit.ts';

const iso = (at: number) => new Date(at).toISOString();

/**
 * `owner`: the attempt row whose current_session_id is this launch (its counters and last
 * commit time are the freshest); `registrationSeenAt`: the registration's last access (content
 * renewals of an open page).
 */
export function launchView(launch: LaunchRecord, version: ScormVersion, owner: SessionRow | undefined, registrationSeenAt: number | null, at: number): LaunchView {
  const live = owner?.current_session_id === launch.id ? owner : undefined;
  const lastSeen = launch.endedAt ?? Math.max(launch.startedAt, live?.updated_at ?? 0, live ? (registrationSeenAt ?? 0) : 0);
  return {
    id: launch.id,
    registration_id: launch.registrationId,
    item_identifier: launch.itemIdentifier,
    attempt: launch.attempt,
    mode: launch.mode,
    user_agent: launch.userAgent,
    started_at: iso(launch.startedAt),
    ended_at: launch.endedAt === null ? null : iso(launch.endedAt),
    last_seen_at: iso(lastSeen),
    exit_reason: effectiveExit(launch.exitReason, lastSeen, at),
    commit_count: live ? live.launch_commits : launch.commitCount,
    bytes_received: live ? live.launch_bytes : launch.bytesReceived,
    error_count: launch.errorCount,
    errors: launch.errors.map(([element, code]) => ({ element, code, name: errorString(version, String(code)) })),
    session_time_seconds: launch.sessionTimeSeconds,
    wall_time_seconds: Math.round((lastSeen - launch.startedAt) / 100) / 10,
    traced: launch.traced,
    trace_calls: launch.traceCalls,
    trace_truncated: launch.traceTruncated,
  };
}
