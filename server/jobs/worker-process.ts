// The import worker built from what it needs and nothing else: the database, the content
// storage and the configuration (no Koa, no signing secret). server/main.ts runs it beside the
// web app (SCORM_ROLE=all) or alone (SCORM_ROLE=worker); the test app uses the same wiring.
import type { Knex } from 'knex';
import type { Config } from '../config.ts';
import { createJobStore } from '../db/job-store.ts';
import { createSqlPackageStore } from '../db/sql-package-store.ts';
import type { Logger } from '../log.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { createImportWorker, parallelPutsFor, type ImportWorker, type WorkerOptions } from './import-worker.ts';

export interface WorkerDeps {
  db: Knex;
  blobs: BlobStore;
  config: Config;
  logger: Logger;
  /** Told about every job change this worker makes (the web app's sockets, in the same process). */
  onChange?: (jobId: string) => void;
}

export function createWorkerProcess(deps: WorkerDeps, overrides: Partial<WorkerOptions> = {}): ImportWorker {
  const { config } = deps;
  return createImportWorker(
    {
      db: deps.db,
      jobs: createJobStore(deps.db),
      packages: createSqlPackageStore(deps.db),
      blobs: deps.blobs,
      storageDriver: config.storage.driver,
      limits: config.limits,
      parallelPuts: parallelPutsFor(config.storage.driver),
    },
    {
      concurrency: config.workerConcurrency,
      maxAttempts: config.jobMaxAttempts,
      leaseMs: config.jobLeaseMs,
      logger: deps.logger,
      ...(deps.onChange ? { onChange: deps.onChange } : {}),
      ...overrides,
    },
  );
}
