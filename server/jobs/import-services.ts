// What the HTTP and WebSocket layers need of the import side, built once from the app's deps.
import type { Knex } from 'knex';
import type { Config } from '../config.ts';
import type { TokenSigner } from '../core/signed-token.ts';
import { createJobStore, type JobRecord, type JobStore } from '../db/job-store.ts';
import { createSqlPackageStore, type SqlPackageStore } from '../db/sql-package-store.ts';
import { createSqlPackageVersionStore, type SqlPackageVersionStore } from '../db/sql-package-version-store.ts';
import type { RegistrationStore } from '../db/registration-store.ts';
import { createSqlRegistrationStore } from '../db/sql-registration-store.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { JobSignals } from './job-watch.ts';
import { uploadStagingFor, type UploadStaging } from './upload-staging.ts';

export interface ImportServices {
  config: Config;
  signer: TokenSigner;
  jobs: JobStore;
  packages: SqlPackageStore;
  versions: SqlPackageVersionStore;
  registrations: RegistrationStore;
  blobs: BlobStore;
  signals: JobSignals;
  /** Where received uploads wait for a worker (server/jobs/upload-staging.ts). */
  uploads: UploadStaging;
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
}): ImportServices {
  const db = deps.db;
  const uploads = uploadStagingFor(deps.config, deps.blobs);
  return {
    config: deps.config,
    signer: deps.signer,
    jobs: createJobStore(db),
    packages: createSqlPackageStore(db),
    versions: createSqlPackageVersionStore(db),
    registrations: createSqlRegistrationStore(db),
    blobs: deps.blobs,
    signals: deps.signals ?? new JobSignals(),
    uploads,
    onJobQueued: deps.onJobQueued ?? (() => undefined),
    discardUpload: (job) => uploads.discard(job),
  };
}
