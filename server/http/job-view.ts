// The Job as the API shows it (SPEC "GET /api/v1/jobs/:id").
import type { JobRecord } from '../db/job-store.ts';

export interface JobView {
  job_id: string;
  status: JobRecord['status'];
  stage: JobRecord['stage'];
  progress: number;
  bytes_done: number;
  bytes_total: number;
  files_done: number;
  files_total: number;
  package_id: string | null;
  error: { code: string; message: string } | null;
  created_at: string;
  updated_at: string;
}

export function jobView(job: JobRecord): JobView {
  return {
    job_id: job.id,
    status: job.status,
    stage: job.stage,
    progress: job.progress,
    bytes_done: job.bytesDone,
    bytes_total: job.bytesTotal,
    files_done: job.filesDone,
    files_total: job.filesTotal,
    // Reserved from the start, but a package exists only once the job completed.
    package_id: job.status === 'completed' ? job.packageId : null,
    error: job.errorCode ? { code: job.errorCode, message: job.errorMessage ?? '' } : null,
    created_at: new Date(job.createdAt).toISOString(),
    updated_at: new Date(job.updatedAt).toISOString(),
  };
}
