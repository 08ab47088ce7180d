// Launch history and API trace on the wire (decision 0023): what the player reports with its
// commits (errors returned to the SCO, trace parts), the closing beacon's last word on a launch,
// and the admin answers of GET /api/v1/registrations/:id/launches and /api/v1/launches/:id/trace.

/**
 * How a launch ended: the SCO's own Terminate / LMSFinish (`suspend` when it left with
 * cmi.exit / cmi.core.exit "suspend" or adl.nav.request suspendAll), its page closed, or it was
 * never ended: superseded by a newer launch of the same attempt (`stale`) or idle beyond the
 * limit (`timed_out`). null: still open.
 */
export type ExitReason = 'terminate' | 'suspend' | 'window_closed' | 'timed_out' | 'stale';

/**
 * One part of a launch's API trace, compact: a string table of its own, one array per call.
 * A call is [ms since the launch started, function (index in s), result (index in s), error
 * code, ...arguments (indexes in s)]. Parts are numbered from 0 and decode on their own.
 */
export interface TracePart {
  n: number;
  s: string[];
  c: number[][];
  /** Calls left out before this part because the launch reached the player's cap. */
  dropped?: number;
}

/** What a commit (or the closing beacon) tells of its launch besides the data. */
export interface LaunchReport {
  /** Errors returned to the SCO since the last report: [element (or function), SCORM error code]. */
  errors?: Array<[string, number]>;
  /** Further errors past the player's list, counted only. */
  more_errors?: number;
  trace?: TracePart;
}

/** In a closing page's beacon (POST /runtime/:id/commits): the launch whose window went away. */
export interface ClosedLaunch {
  session_id: string;
  launch?: LaunchReport;
}

/** A launch in GET /api/v1/registrations/:id/launches. */
export interface LaunchView {
  id: string;
  registration_id: string;
  item_identifier: string;
  attempt: number;
  mode: string;
  user_agent: string;
  started_at: string;
  ended_at: string | null;
  /** The newest sign of life: a commit, a content renewal, the end. */
  last_seen_at: string;
  exit_reason: ExitReason | null;
  commit_count: number;
  bytes_received: number;
  error_count: number;
  errors: Array<{ element: string; code: number; name: string }>;
  /** What the SCO reported at Terminate (or the player measured, A-34); null when it never terminated. */
  session_time_seconds: number | null;
  /** From start to end (or to the last sign of life while open). */
  wall_time_seconds: number;
  traced: boolean;
  trace_calls: number;
  trace_truncated: boolean;
}

/** One call of a trace as GET /api/v1/launches/:id/trace reads it back. */
export interface TraceCall {
  /** Milliseconds since the launch started. */
  at_ms: number;
  fn: string;
  args: string[];
  result: string;
  error: number;
  /** The version's name of the error (scorm/cmi/error-codes.ts); "" for 0. */
  error_name: string;
  /** For a person: `12:03:04.120 SetValue("cmi.core.lesson_status", "complete") → "false"  error 405 Incorrect data type`. */
  line: string;
}

export interface LaunchTrace {
  launch_id: string;
  registration_id: string;
  item_identifier: string;
  started_at: string;
  calls: TraceCall[];
  /** The cap was reached: calls after it are missing. */
  truncated: boolean;
  dropped: number;
}
