// Import jobs on the wire: the 202 answer of an upload, and the Job that GET /api/v1/jobs/:id,
// the job WebSocket and the job SSE stream all send (docs/spec.md "Jobs").
import type { ErrorCode } from './errors.ts';

export type JobStatus = 'queued' | 'processing' | 'completed' | 'failed' | 'cancelled';
export type JobStage = 'uploaded' | 'validating' | 'extracting' | 'parsing' | 'storing' | 'finalizing';

export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled'];

export interface Job {
  job_id: string;
  status: JobStatus;
  stage: JobStage | null;
  progress: number;
  bytes_done: number;
  bytes_total: number;
  files_done: number;
  files_total: number;
  package_id: string | null;
  error: { code: ErrorCode; message: string } | null;
  created_at: string;
  updated_at: string;
}

/** POST /api/v1/packages without ?wait: the job to follow. */
export interface UploadAccepted {
  job_id: string;
  status: 'queued';
  job_url: string;
  ws_url: string;
  events_url: string;
}

/**
 * One message of a job's progress stream: the same messages go over WS /ws/jobs/:id and
 * GET /api/v1/jobs/:id/events (one per frame, or one per `data:` line).
 */
export type JobStreamMessage = { type: 'progress'; data: Job } | { type: 'heartbeat'; at: string };

/** WebSocket close codes of the job socket besides 1000 (the job ended); 4403: a page of another origin. */
export const JOB_SOCKET_CLOSE = { unauthorized: 4401, forbiddenOrigin: 4403, unknownJob: 4404 } as const;
