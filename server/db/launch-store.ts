// The launch store port (decision 0023): one row per player session of a SCO, how it ended and
// what it cost, the errors returned to the SCO, and its API trace in parts. The SQL adapter is
// sql-launch-store.ts, the in-memory fake memory-launch-store.ts; both pass
// test/db/launch-store-contract.ts.
import type { ExitReason, TracePart } from '../../contract/launches.ts';

export interface LaunchRecord {
  id: string;
  registrationId: string;
  packageId: string;
  itemIdentifier: string;
  attempt: number;
  mode: string;
  userAgent: string;
  traced: boolean;
  startedAt: number;
  endedAt: number | null;
  exitReason: ExitReason | null;
  /** Copied from the attempt row when the launch ends; while it runs, the row holds them. */
  commitCount: number;
  bytesReceived: number;
  errorCount: number;
  /** The first errors returned to the SCO: [element or function, code]. */
  errors: Array<[string, number]>;
  sessionTimeSeconds: number | null;
  traceCalls: number;
  traceTruncated: boolean;
}

export type NewLaunch = Omit<LaunchRecord, 'endedAt' | 'exitReason' | 'commitCount' | 'bytesReceived' | 'errorCount' | 'errors' | 'sessionTimeSeconds' | 'traceCalls' | 'traceTruncated'>;

export interface LaunchEnd {
  reason: ExitReason;
  at: number;
  /** The attempt row's counters of this launch at its end (absent: left as they are). */
  counters?: { commitCount: number; bytesReceived: number };
  sessionTimeSeconds?: number;
}

/** Errors a launch names at most; the rest are counted (error_count). */
export const MAX_LAUNCH_ERRORS = 50;
/** Trace calls a launch keeps at most; past it the trace is marked truncated. */
export const MAX_LAUNCH_TRACE_CALLS = 5000;

export interface LaunchStore {
  /** Records a launch as it opens; `superseded` ends the launch it takes the attempt from. */
  open(launch: NewLaunch, superseded?: { id: string; end: LaunchEnd }): Promise<void>;
  /** Ends the registration's launch `id` when its stored reason gives way (launch-exit.ts replaceable); counters are copied either way. */
  end(id: string, registrationId: string, end: LaunchEnd): Promise<void>;
  /** Adds errors returned to the SCO: the first MAX_LAUNCH_ERRORS named, all counted. */
  addErrors(id: string, registrationId: string, errors: ReadonlyArray<[string, number]>, more: number): Promise<void>;
  /** Keeps a trace part of a traced launch, once per part number, up to MAX_LAUNCH_TRACE_CALLS. */
  addTracePart(id: string, registrationId: string, part: TracePart, at: number): Promise<void>;
  /** A review launch's commits, counted here since its attempt row is never written. */
  countCommit(id: string, registrationId: string, bytes: number): Promise<void>;
  get(id: string): Promise<LaunchRecord | undefined>;
  /** Newest first (then by id). */
  list(registrationId: string, limit: number, offset: number): Promise<{ items: LaunchRecord[]; total: number }>;
  /** The stored parts, in part order ([] when none or expired). */
  traceParts(id: string): Promise<TracePart[]>;
  /** Removes trace parts stored before `at` (SCORM_TRACE_DAYS); how many. */
  deleteTracesBefore(at: number): Promise<number>;
  deleteForRegistration(registrationId: string): Promise<void>;
  /** The "trace" switches of a registration and of its package (undefined: no such registration). */
  traceSwitches(registrationId: string): Promise<{ registration: boolean; package: boolean } | undefined>;
  /** Sets a registration's or a package's "trace"; false when there is no such row. */
  setTrace(target: { registrationId: string } | { packageId: string }, on: boolean): Promise<boolean>;
  /** A package's own switch (undefined: no such package). */
  packageTrace(packageId: string): Promise<boolean | undefined>;
}
