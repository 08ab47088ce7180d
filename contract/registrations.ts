// Registrations on the wire: GET/POST /api/v1/registrations, .../:id, .../:id/launch
// (docs/spec.md "Registrations").
import type { OnNewVersion } from './packages.ts';
import type { Credit, LaunchMode } from './runtime.ts';

/** The last time a registration moved to a newer version of its package (null: never). */
export interface VersionChange {
  from_version: number;
  to_version: number;
  policy: 'restart' | 'migrate';
  at: string;
  /** migrate: items with SCO data that the new version no longer has (their attempts are set aside, kept for the report). */
  items_removed: Array<{ identifier: string; title: string }>;
  /** migrate: items whose SCO data was carried over. */
  items_carried: string[];
  /** The navigation state carried over (migrate onto the same tree) or cleared. */
  sequencing_state: 'kept' | 'cleared';
}

export interface Score {
  scaled: number | null;
  raw: number | null;
  min: number | null;
  max: number | null;
}

export interface ScoProgress {
  item_identifier: string;
  title: string;
  completion_status: string;
  success_status: string;
  score: Score;
  total_time_seconds: number;
  attempts: number;
  last_accessed_at: string | null;
}

export interface CommentFromLms {
  comment: string;
  location?: string;
  timestamp?: string;
}

export interface Registration {
  id: string;
  package_id: string;
  learner: { id: string; name: string };
  comments_from_lms: CommentFromLms[];
  completion_status: string;
  success_status: string;
  score: Score;
  total_time_seconds: number;
  attempt: number;
  created_at: string;
  last_accessed_at: string | null;
  scos: ScoProgress[];
  /** The package version this registration runs (it moves only at a launch, by its policy). */
  package_version: number;
  /** Its own policy, or null when the package's on_new_version applies. */
  on_new_version: OnNewVersion | null;
  /** The policy that applies at the next launch (its own, else the package's). */
  effective_on_new_version: OnNewVersion;
  version_change: VersionChange | null;
  /** On the answer of POST /api/v1/registrations only. */
  launch_url?: string;
}

/** POST /api/v1/registrations/:id/launch. */
export interface LaunchAnswer {
  launch_url: string;
  expires_in: number;
  mode: LaunchMode;
  credit: Credit;
  /** True when the request revoked every earlier launch URL ({"revoke_previous": true}). */
  revoked_previous: boolean;
}
