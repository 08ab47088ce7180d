// What the HTTP and WebSocket layers need of the import side, built once from the app's deps.
import { rm } from 'node:fs/promises';
import type { Knex } from 'knex';
import type { Config } from '../config.ts';
import type { TokenSigner } from '../core/signed-token.ts';
import { createJobStore, type JobRecord, type JobStore } from '../db/job-store.ts';
import { createPackageStore, type PackageStore } from '../db/package-store.ts';
import { createRegistrationStore, type RegistrationStore } from '../db/registration-store.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { JobSignals } from './job-watch.ts';

export interface ImportServices {
  config: Config;
  signer: TokenSigner;
  jobs: JobStore;
  packages: PackageStore;
  registrations: RegistrationStore;
  blobs: BlobStore;
  signals: JobSignals;
  /** Tells a worker in this process that a job is waiting. */
  onJobQueued(): void;
  discardUpload(job: JobRecord): Promise<void>;
  registrationCount(packageId: string): Promise<number>;
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
  return {
    config: deps.config,
    signer: deps.signer,
    jobs: createJobStore(db),
    packages: createPackageStore(db),
    registrations: createRegistrationStore(db),
    blobs: deps.blobs,
    signals: deps.signals ?? new JobSignals(),
    onJobQueued: deps.onJobQueued ?? (() => undefined),
    async discardUpload(job) {
      await rm(job.uploadPath, { force: true });
    },
    async registrationCount(packageId) {
      const [{ n }] = (await db('registrations').where({ package_id: packageId }).count({ n: '*' })) as [{ n: number | string }];
      return Number(n);
    },
  };
}
