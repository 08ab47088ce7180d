// What the HTTP and WebSocket layers need of the import side, built once from the app's deps.
import { rm } from 'node:fs/promises';
import type { Knex } from 'knex';
import type { Config } from '../config.ts';
import type { TokenSigner } from '../core/signed-token.ts';
import { createJobStore, type JobRecord, type JobStore } from '../db/job-store.ts';
import { createSqlPackageStore, type SqlPackageStore } from '../db/sql-package-store.ts';
import type { RegistrationStore } from '../db/registration-store.ts';
import { createSqlRegistrationStore } from '../db/sql-registration-store.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import type { OutboxStore } from '../db/outbox-store.ts';
import { createOutbox } from '../outbox/outbox-wiring.ts';
import { jobEventsTo } from '../webhooks/job-events.ts';
import { packageEventsTo } from '../webhooks/package-events.ts';
import { JobSignals } from './job-watch.ts';

export interface ImportServices {
  config: Config;
  signer: TokenSigner;
  jobs: JobStore;
  packages: SqlPackageStore;
  registrations: RegistrationStore;
  blobs: BlobStore;
  signals: JobSignals;
  /** Where this process's changes enqueue their events (webhooks, …). */
  outbox: OutboxStore;
  /** Tells a worker in this process that a job is waiting. */
  onJobQueued(): void;
  discardUpload(job: JobRecord): Promise<void>;
}

export function createImportServices(deps: {
  config: Config;
  db: Knex;
  signer: TokenSigner;
  blobs: BlobStore;
  signals?: JobSignals;
  onJobQueued?: () => void;
  outbox?: OutboxStore;
}): ImportServices {
  const db = deps.db;
  const outbox = deps.outbox ?? createOutbox(db, deps.config);
  return {
    config: deps.config,
    signer: deps.signer,
    jobs: createJobStore(db, Date.now, jobEventsTo(outbox)),
    packages: createSqlPackageStore(db, Date.now, packageEventsTo(outbox)),
    outbox,
    registrations: createSqlRegistrationStore(db),
    blobs: deps.blobs,
    signals: deps.signals ?? new JobSignals(),
    onJobQueued: deps.onJobQueued ?? (() => undefined),
    async discardUpload(job) {
      await rm(job.uploadPath, { force: true });
    },
  };
}
