// The run-time protocol between the player page and the server (docs/runtime-protocol.md): the
// launch data, an opened attempt, a commit and its answer. The player builds these bodies and
// the server parses them; both compile against these types.
import type { ClosedLaunch, LaunchReport } from './launches.ts';
import type { Change } from '../scorm/cmi/apply-values.ts';
import type { SessionEnd } from '../scorm/cmi/end-of-session.ts';
import type { Organization } from '../scorm/manifest/model.ts';
import type { LaunchContext } from '../scorm/runtime/launch-context.ts';
import type { CommitReason } from '../scorm/runtime/session.ts';
import type { SequencingState } from '../scorm/sequencing/types.ts';

export type LaunchMode = 'normal' | 'browse' | 'review';
export type Credit = 'credit' | 'no-credit';

/** A SCO's latest attempt as the launch data summarises it (section 2). */
export interface ScoSummary {
  attempts: number;
  completion_status: string;
  success_status: string;
  lesson_status: string | null;
  suspended: boolean;
  score_scaled: number | null;
}

/** GET /runtime/:registrationId (section 2). */
export interface LaunchData {
  registration: { id: string; learner: { id: string; name: string }; mode: LaunchMode; credit: Credit };
  package: { id: string; title: string; version: '1.2' | '2004'; edition: string | null; organization: Organization };
  content_base: string;
  /** Seconds the content token of content_base lives; the player renews it before then. */
  content_expires_in?: number;
  auto_commit_seconds: number;
  sequencing_state: SequencingState | null;
  scos: Record<string, ScoSummary>;
  /** Record the full API trace of each SCO launch (the registration's or package's "trace"; decision 0023). */
  trace?: boolean;
}

/** POST /runtime/:registrationId/content-token (section 2): a fresh content token. */
export interface ContentRenewal {
  content_base: string;
  content_expires_in: number;
}

/** POST /runtime/:registrationId/attempts (section 3). */
export interface OpenAttemptRequest {
  item: string;
  /** The delivery began a new attempt on the activity tree: buckets kept to the registration start empty. */
  new_tree_attempt?: boolean;
}

export interface AttemptAnswer {
  session_id: string;
  attempt: number;
  context: LaunchContext;
}

/**
 * POST /runtime/:registrationId/commit (section 4). `end` is the player's SessionEnd; the server
 * reads only what it cannot recompute (the session time and whether the SCO reported it).
 */
export interface CommitBody {
  session_id: string;
  sequence: number;
  item: string;
  attempt: number;
  changes: Change[];
  reason: CommitReason;
  end?: Partial<SessionEnd>;
  sequencing_state?: unknown;
  /** Errors returned to the SCO and the API trace since the last commit (decision 0023). */
  launch?: LaunchReport;
}

export interface CommitAnswer {
  ok: true;
  applied: boolean;
  sequence: number;
}

/** POST /runtime/:registrationId/commits (section 4b): a closing page's beacon. */
export interface CommitBatchBody {
  commits: CommitBody[];
  sequencing_state?: SequencingState;
  /** Launches whose page is going away (exit reason window_closed unless they terminate). */
  closed?: ClosedLaunch[];
}

export type CommitBatchResult =
  | ({ session_id: string } & CommitAnswer)
  | { session_id: string; sequence: number; ok: false; error: { code: string; message: string } };

export interface CommitBatchAnswer {
  ok: true;
  results: CommitBatchResult[];
}

/** PUT /runtime/:registrationId/sequencing-state (section 5). */
export interface SequencingStateBody {
  state: SequencingState;
}
