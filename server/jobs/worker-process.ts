// The worker role built from what it needs and nothing else: the database, the content storage
// and the configuration (no Koa, no signing secret). It runs the import worker and the outbox
// dispatcher (webhooks and other sinks). server/main.ts runs it beside the web app
// (SCORM_ROLE=all) or alone (SCORM_ROLE=worker); the test app uses the same wiring.
import type { Knex } from 'knex';
import type { Config } from '../config.ts';
import { createJobStore } from '../db/job-store.ts';
import { createSqlLaunchStore } from '../db/sql-launch-store.ts';
import { createSqlPackageStore } from '../db/sql-package-store.ts';
import { createSqlPackageVersionStore } from '../db/sql-package-version-store.ts';
import type { Logger } from '../log.ts';
import type { OutboxStore } from '../db/outbox-store.ts';
import { createOutbox, createOutboxDispatcher } from '../outbox/outbox-wiring.ts';
import { jobEventsTo } from '../webhooks/job-events.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { createImportWorker, parallelPutsFor, type ImportWorker, type WorkerOptions } from './import-worker.ts';
import { createManifestPool } from './manifest-pool.ts';
import { startTraceExpiry } from './trace-expiry.ts';
import { uploadStagingFor } from './upload-staging.ts';
import { startVersionCleanup } from './version-cleanup.ts';

/** How often the worker looks for old package versions no registration uses (version-cleanup.ts). */
const VERSION_CLEANUP_INTERVAL_MS = 60_000;

/** A manifest that takes longer to read than this fails its import (MANIFEST_PARSE_TIMEOUT). */
const MANIFEST_PARSE_TIMEOUT_MS = 60_000;

export interface WorkerDeps {
  db: Knex;
  blobs: BlobStore;
  config: Config;
  logger: Logger;
  /** Told about every job change this worker makes (the web app's sockets, in the same process). */
  onChange?: (jobId: string) => void;
  /** The outbox the web app of this process enqueues into, so its events wake the dispatcher at once. */
  outbox?: OutboxStore;
}

export function createWorkerProcess(deps: WorkerDeps, overrides: Partial<WorkerOptions> = {}): ImportWorker {
  const { config } = deps;
  const outbox = deps.outbox ?? createOutbox(deps.db, config);
  const dispatcher = createOutboxDispatcher(outbox, deps.db, config, deps.logger);
  // Manifests are read off the event loop, at most two at once (each thread ~10 MB when idle).
  const manifests = createManifestPool({ size: Math.max(1, Math.min(2, config.workerConcurrency)), timeoutMs: MANIFEST_PARSE_TIMEOUT_MS });
  const versions = createSqlPackageVersionStore(deps.db);
  const worker = createImportWorker(
    {
      db: deps.db,
      jobs: createJobStore(deps.db, Date.now, jobEventsTo(outbox)),
      packages: createSqlPackageStore(deps.db),
      versions,
      blobs: deps.blobs,
      storageDriver: config.storage.driver,
      limits: config.limits,
      parallelPuts: parallelPutsFor(config.storage.driver),
      manifests,
      uploads: uploadStagingFor(config, deps.blobs),
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
  let cleanup: ReturnType<typeof startVersionCleanup> | undefined;
  // The worker role's housekeeping beside the imports: API traces past SCORM_TRACE_DAYS.
  let stopTraceExpiry: (() => void) | undefined;
  return {
    ...worker,
    start() {
      worker.start();
      // The manifest thread's code is bundled at start, not in the first import's time.
      manifests.warmUp();
      cleanup ??= startVersionCleanup({ versions, blobs: deps.blobs, logger: deps.logger }, { intervalMs: VERSION_CLEANUP_INTERVAL_MS });
      stopTraceExpiry ??= startTraceExpiry({ launches: createSqlLaunchStore(deps.db), traceDays: config.traceDays, logger: deps.logger });
      dispatcher.start();
    },
    async stop() {
      stopTraceExpiry?.();
      stopTraceExpiry = undefined;
      await cleanup?.stop();
      cleanup = undefined;
      await Promise.all([worker.stop(), dispatcher.stop()]);
      await manifests.close();
    },
  };
}

