// What a Job's status and stage mean in plain words (SPEC "GET /api/v1/jobs/:id"), pure.
import { TERMINAL_JOB_STATUSES, type Job } from '../contract/jobs.ts';

const STAGES: Record<string, string> = {
  uploaded: 'Upload received',
  validating: 'Checking the zip',
  extracting: 'Unpacking the files',
  parsing: 'Reading the manifest',
  storing: 'Storing the course files',
  finalizing: 'Finishing up',
};

export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(TERMINAL_JOB_STATUSES);

export function isTerminal(job: Pick<Job, 'status'>): boolean {
  return TERMINAL_STATUSES.has(job.status);
}

export function describeJob(job: Job): string {
  switch (job.status) {
    case 'queued':
      return 'Waiting for a worker';
    case 'completed':
      return 'Imported';
    case 'failed':
      return 'Import failed';
    case 'cancelled':
      return 'Cancelled';
    default:
      return (job.stage && STAGES[job.stage]) ?? 'Processing';
  }
}

/** "12 of 69 files" while files move, else "". */
export function describeFiles(job: Job): string {
  if (job.files_total <= 0) return '';
  return `${job.files_done.toLocaleString('en-US')} of ${job.files_total.toLocaleString('en-US')} files`;
}
