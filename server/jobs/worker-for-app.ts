// Builds the import worker of a process from its app and configuration (server/main.ts and the
// test app share it, so both run the very same wiring).
import type { Knex } from 'knex';
import type { App } from '../app.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { createImportWorker, parallelPutsFor, type ImportWorker, type WorkerOptions } from './import-worker.ts';
import type { JobSignals } from './job-watch.ts';
import { createManifestPool } from './manifest-pool.ts';

/** A manifest that takes longer to read than this fails its import (MANIFEST_PARSE_TIMEOUT). */
const MANIFEST_PARSE_TIMEOUT_MS = 60_000;

export function importWorkerFor(
  app: App,
  deps: { db: Knex; blobs: BlobStore; config: Config; logger: Logger; signals: JobSignals },
  overrides: Partial<WorkerOptions> = {},
): ImportWorker {
  const { config } = deps;
  const manifests = createManifestPool({ size: Math.max(1, Math.min(2, config.workerConcurrency)), timeoutMs: MANIFEST_PARSE_TIMEOUT_MS });
  const worker = createImportWorker(
    {
      db: deps.db,
      jobs: app.services.jobs,
      packages: app.services.packages,
      blobs: deps.blobs,
      storageDriver: config.storage.driver,
      limits: config.limits,
      parallelPuts: parallelPutsFor(config.storage.driver),
      manifests,
    },
    {
      concurrency: config.workerConcurrency,
      maxAttempts: config.jobMaxAttempts,
      leaseMs: config.jobLeaseMs,
      logger: deps.logger,
      onChange: (id) => deps.signals.changed(id),
      ...overrides,
    },
  );
  return {
    ...worker,
    async stop() {
      await worker.stop();
      await manifests.close();
    },
  };
}
