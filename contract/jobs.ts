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
