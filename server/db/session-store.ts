// The session store port: a registration's attempt rows (scorm_user_sessions) with their
// interactions, objectives, shared data buckets and navigation state. The SQL adapter is
// sql-session-store.ts, the in-memory fake memory-session-store.ts; both pass
// test/db/session-store-contract.ts.
import type { InteractionRow, ObjectiveRow, SessionColumns } from '../runtime/session-columns.ts';
import type { SharedScope } from '../runtime/shared-scope.ts';
import type { NewOutboxEvent } from '../outbox/outbox-types.ts';
import type { LaunchEnd, NewLaunch } from './launch-store.ts';

export interface SessionRow extends SessionColumns {
  id: string;
  registration_id: string;
  package_id: string;
  item_identifier: string;
  attempt: number;
  version: '1.2' | '2004';
  session_time_seconds: number;
  entry: string;
  data_json: string;
  last_end_json: string | null;
  ended: boolean;
  /** Set aside when the registration moved to a newer package version (restart, or an item migrate dropped). */
  archived?: boolean;
  /** True on the SCO's newest attempt. */
  is_latest: boolean;
  session_count: number;
  current_session_id: string | null;
  commit_sequence: number;
  /** Commits and bytes of the launch that owns the row now (current_session_id; decision 0023). */
  launch_commits: number;
  launch_bytes: number;
  row_version: number;
  created_at: number;
  updated_at: number;
}

/**
 * The columns a registration's progress is made of (runtime/registration-progress.ts), and the
 * player's summary of each SCO in the launch data (lesson_status, exit_value): never an attempt's
 * data (data_json, suspend_data), which a launch does not need.
 */
export const PROGRESS_COLUMNS = [
  'id', 'item_identifier', 'attempt', 'version', 'archived', 'session_count', 'updated_at',
  'completion_status', 'success_status', 'lesson_status', 'exit_value', 'score_scaled', 'score_raw', 'score_min', 'score_max', 'total_time_seconds',
] as const;
export type ProgressRow = Pick<SessionRow, (typeof PROGRESS_COLUMNS)[number]>;

/** What opening a SCO writes, decided from the SCO's latest attempt (runtime/attempt-decision.ts). */
export type AttemptOpening =
  /** A new attempt: it becomes the SCO's latest (the report's "latest attempt" flag). */
  | { kind: 'insert'; row: SessionRow }
  /** The latest attempt resumed: written with a guard on its row_version. */
  | { kind: 'update'; row: SessionRow; fields: Partial<SessionRow> };

/** What `openAttempt`'s decision writes, and the outbox events (xAPI) written in the same transaction. */
export interface AttemptOpeningDecision<T> {
  opening: AttemptOpening;
  result: T;
  events?: readonly NewOutboxEvent[];
  /**
   * The launch row of this opening (and the end of the launch it takes the attempt from),
   * written in the opening's transaction by a store that `writesLaunches`; else left to the caller.
   */
  launch?: LaunchOpening;
}

/** A launch as it opens, and the launch it supersedes (decision 0010), as LaunchStore.open takes them. */
export interface LaunchOpening {
  launch: NewLaunch;
  superseded?: { id: string; end: LaunchEnd };
}

/** What one accepted commit writes (runtime/commit-checks.ts). */
export interface CommitWrite {
  /** The attempt row as read; the write is guarded by its row_version. */
  row: SessionRow;
  fields: Partial<SessionRow>;
  /** The attempt's interaction and objective rows, when the commit touched them. */
  details?: { interactions: InteractionRow[]; objectives: ObjectiveRow[] };
  /** The registration's own access time and navigation state, when they change. */
  registration?: { lastAccessedAt: number; sequencingState?: unknown };
  /** adl.data writes as [targetID, value] ("" removes the bucket), into the buckets of `sharedScope`. */
  shared: ReadonlyArray<[targetId: string, value: string]>;
  /** Whose buckets (runtime/shared-scope.ts); the registration's own when absent. */
  sharedScope?: SharedScope;
  /**
   * Outbox events the commit causes (webhooks, …): written in the commit's own transaction, so
   * they exist exactly when the commit does (docs/decisions/0021-transactional-outbox.md).
   */
  events?: readonly NewOutboxEvent[];
}

export interface AttemptKey {
  registrationId: string;
  item: string;
  attempt: number;
}

export interface SessionStore {
  latest(registrationId: string, item: string): Promise<SessionRow | undefined>;
  find(registrationId: string, item: string, attempt: number): Promise<SessionRow | undefined>;
  /** Several attempts in one read (the commits of one turn), one answer per key in order. */
  findMany(keys: readonly AttemptKey[]): Promise<Array<SessionRow | undefined>>;
  /** Every attempt of a registration, by item then attempt. */
  forRegistration(registrationId: string): Promise<SessionRow[]>;
  /**
   * The attempts of several registrations (the commits of one turn) with their progress columns
   * only, no learner data: what a registration event needs. One answer per id, in order.
   */
  progressRowsMany(registrationIds: readonly string[]): Promise<ProgressRow[][]>;
  interactionsOf(sessionRowId: string): Promise<Array<Record<string, unknown>>>;
  objectivesOf(sessionRowId: string): Promise<Array<Record<string, unknown>>>;
  /** Current values of the shared data buckets of a scope key, by targetID. */
  sharedValues(scopeKey: string, targetIds: readonly string[]): Promise<Map<string, string>>;
  /** Empties the shared data buckets of a scope key. */
  deleteShared(scopeKey: string): Promise<void>;
  sequencingState(registrationId: string): Promise<unknown>;

  /**
   * Reads the SCO's latest attempt and writes what `decide` makes of it, in one transaction
   * (with the registration's last access time). Throws CONCURRENT_UPDATE when a resumed row
   * changed in between.
   */
  openAttempt<T>(registrationId: string, item: string, at: number, decide: (latest: SessionRow | undefined) => AttemptOpeningDecision<T>): Promise<T>;
  /** Whether openAttempt writes the decision's `launch` itself, in the opening's transaction (one log flush per opening, not two). */
  readonly writesLaunches: boolean;
  /** Writes one commit; false when the row changed since it was read (nothing written). */
  writeCommit(write: CommitWrite): Promise<boolean>;
  /**
   * Writes the commits of several attempts (one turn's, each row at most once) in one
   * transaction: one answer per write, in order, as writeCommit would give it. When the group
   * cannot commit as a whole (a lost race, a failing write), each write is tried on its own,
   * so one learner's failure never costs another's commit.
   */
  writeCommits(writes: readonly CommitWrite[]): Promise<Array<PromiseSettledResult<boolean>>>;
  saveSequencingState(registrationId: string, state: unknown, at: number): Promise<void>;
  /** Removes every attempt, detail row and registration-scoped shared bucket of the registration. */
  deleteForRegistration(registrationId: string): Promise<void>;
}
