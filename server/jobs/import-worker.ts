// The import worker: claims jobs from the table (several at once, SCORM_WORKER_CONCURRENCY),
// holds a lease it renews, watches the cancel flag, and ends each job completed, failed,
// cancelled, or back in the queue after a transient failure. A job whose worker died is claimed
// again when its lease runs out, from a clean start.
import { randomBytes } from 'node:crypto';
import type { JobRecord } from '../db/job-store.ts';
import type { Logger } from '../log.ts';
import { ImportCancelled, ImportError } from './import-error.ts';
import { asImportError, importPackage, type ImportDeps } from './import-package.ts';
import { ProgressReporter } from './progress-reporter.ts';
import type { UploadStaging } from './upload-staging.ts';

export interface WorkerOptions {
  concurrency: number;
  maxAttempts: number;
  leaseMs?: number;
  /** How often a running job renews its lease and looks at its cancel flag. */
  heartbeatMs?: number;
  pollMs?: number;
  logger: Logger;
  /** Called after every job state change this worker makes (for in-process listeners). */
  onChange?: (jobId: string) => void;
}

/**
 * Entries one job stores at once. Local disk: each put ends in an fsync and two renames, so the
 * time goes in waiting on the disk, and many in flight hide it (bench/ingest.ts, 200 MB in 2,000
 * files: 4 took 10.5 s to import, 16 took 7.3 s); each costs a few hundred KB of stream buffers.
 * S3: each put waits on the network.
 */
export function parallelPutsFor(driver: 'local' | 's3'): number {
  return driver === 's3' ? 8 : 16;
}

export function createImportWorker(deps: ImportDeps & { uploads: UploadStaging }, options: WorkerOptions) {
  const owner = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const leaseMs = options.leaseMs ?? 30_000;
  const heartbeatMs = options.heartbeatMs ?? 300;
  const pollMs = options.pollMs ?? 1000;
  const running = new Set<Promise<void>>();
  let stopped = true;
  let wakeUp: (() => void) | undefined;

  const notify = (id: string) => options.onChange?.(id);

  async function runJob(job: JobRecord): Promise<void> {
    const abort = new AbortController();
    const progress = new ProgressReporter(async (update) => {
      await deps.jobs.updateProgress(job.id, owner, update);
      notify(job.id);
    });
    const heartbeat = setInterval(() => {
      deps.jobs
        .renewLease(job.id, owner, leaseMs)
        .then(({ owned, cancelRequested }) => {
          if (!owned || cancelRequested) abort.abort();
        })
        .catch(() => undefined);
    }, heartbeatMs);
    try {
      // A retried attempt starts clean: whatever an earlier one stored goes first.
      if (job.attempts > 1) await deps.blobs.deletePackage(job.packageId);
      // The upload may have been received on another host: fetched from storage then.
      const uploadPath = await deps.uploads.localCopy(job);
      await importPackage({ ...job, uploadPath }, owner, deps, progress, abort.signal);
      await deps.uploads.discard(job);
      options.logger.info('import completed', { job: job.id, package: job.packageId });
    } catch (raw) {
      const error = asImportError(raw);
      await progress.flush();
      await deps.blobs.deletePackage(job.packageId).catch((e: unknown) =>
        options.logger.error('cleanup failed', { job: job.id, error: String(e) }),
      );
      // The upload goes before the job is marked ended: whoever sees the end finds nothing left.
      if (error instanceof ImportCancelled) {
        await deps.uploads.discard(job);
        await deps.jobs.markCancelled(job.id, owner);
        options.logger.info('import cancelled', { job: job.id });
      } else if (error instanceof ImportError) {
        await deps.uploads.discard(job);
        await deps.jobs.fail(job.id, owner, error.code, error.message);
        options.logger.info('import failed', { job: job.id, code: error.code });
      } else if (job.attempts < options.maxAttempts) {
        options.logger.warn('import attempt failed; will retry', { job: job.id, attempt: job.attempts, error: String(error) });
        await deps.jobs.release(job.id, owner);
      } else {
        options.logger.error('import failed', { job: job.id, error: String(error), stack: (error as Error)?.stack });
        await deps.uploads.discard(job);
        await deps.jobs.fail(job.id, owner, 'IMPORT_FAILED', 'The import failed on the server after several attempts.');
      }
    } finally {
      clearInterval(heartbeat);
      notify(job.id);
    }
  }

  async function sweepLostJobs(): Promise<void> {
    const cleanup = async (job: JobRecord) => {
      await deps.blobs.deletePackage(job.packageId);
      await deps.uploads.discard(job);
    };
    for (const job of await deps.jobs.cancelAbandonedJobs(cleanup)) {
      options.logger.info('import cancelled while its worker was gone', { job: job.id });
      notify(job.id);
    }
    const lost = await deps.jobs.failLostJobs(options.maxAttempts, cleanup);
    for (const job of lost) {
      options.logger.warn('import given up: its worker stopped too often', { job: job.id, attempts: job.attempts });
      notify(job.id);
    }
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      try {
        // Nothing queued and no lease run out: nothing to sweep or claim. One read a poll, where
        // the sweeps and a claim's transaction cost five statements (an idle fleet's load).
        const unowned = await deps.jobs.anyUnowned();
        if (unowned) await sweepLostJobs();
        while (unowned && !stopped && running.size < options.concurrency) {
          const job = await deps.jobs.claim(owner, leaseMs, options.maxAttempts);
          if (!job) break;
          notify(job.id);
          const task = runJob(job).finally(() => {
            running.delete(task);
            wakeUp?.();
          });
          running.add(task);
        }
      } catch (error) {
        options.logger.error('worker loop error', { error: String(error) });
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  let loopDone: Promise<void> = Promise.resolve();
  return {
    owner,
    start() {
      if (!stopped || options.concurrency === 0) return;
      stopped = false;
      loopDone = loop();
    },
    /** A new job was queued by this process: look now rather than at the next poll. */
    wake() {
      wakeUp?.();
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      await loopDone;
      await Promise.allSettled([...running]);
    },
  };
}

export type ImportWorker = ReturnType<typeof createImportWorker>;
