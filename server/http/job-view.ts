// The Job as the API shows it (contract/jobs.ts; SPEC "GET /api/v1/jobs/:id").
import type { Job } from '../../contract/jobs.ts';
import type { JobRecord } from '../db/job-store.ts';

export function jobView(job: JobRecord): Job {
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
    // A new version's job reports the package it belongs to (its content id stays internal).
    package_id: job.status === 'completed' ? (job.versionOf ?? job.packageId) : null,
    error: job.errorCode ? { code: job.errorCode, message: job.errorMessage ?? '' } : null,
    created_at: new Date(job.createdAt).toISOString(),
    updated_at: new Date(job.updatedAt).toISOString(),
  };
}
