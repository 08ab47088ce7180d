// Registrations on the wire: GET/POST /api/v1/registrations, .../:id, .../:id/launch
// (docs/spec.md "Registrations").
import type { Credit, LaunchMode } from './runtime.ts';

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
  /** Every launch records its full API trace (POST/PATCH "trace"; decision 0023). */
  trace: boolean;
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
