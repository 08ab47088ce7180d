// Where an uploaded zip waits for its import. The web process that received it writes it to its
// data directory. With S3 storage the worker that claims the job may run on another host
// (docs/deployment.md), so the zip moves into the bucket and the worker fetches it into its own
// data directory (a file, since the zip reader seeks); with local storage there is one host (or
// one shared file system) and the worker reads it where it is. It all goes when the job ends.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config.ts';
import type { JobRecord } from '../db/job-store.ts';
import type { BlobStore } from '../storage/blob-store.ts';

export interface UploadStaging {
  /** The upload was received at `localPath`: makes it reachable by a worker on any host. */
  publish(jobId: string, localPath: string): Promise<void>;
  /** A file of the job's upload on this host, fetched from storage when it was published. */
  localCopy(job: Pick<JobRecord, 'id' | 'uploadPath'>): Promise<string>;
  /** Removes the upload wherever it is. */
  discard(job: Pick<JobRecord, 'id' | 'uploadPath'>): Promise<void>;
}

/** Staged copies live beside the packages under a key no package id can take (ids are UUIDs). */
const stagedKey = (jobId: string) => ({ packageId: `upload-${jobId}`, path: 'package.zip' });

export function createUploadStaging(deps: { blobs: BlobStore; dataDir: string; shared: boolean }): UploadStaging {
  const fetchedPath = (jobId: string) => join(deps.dataDir, 'uploads', `${jobId}.fetched.zip`);

  return {
    async publish(jobId, localPath) {
      if (!deps.shared) return;
      const { size } = await stat(localPath);
      const key = stagedKey(jobId);
      await deps.blobs.put(key.packageId, key.path, createReadStream(localPath), { contentType: 'application/zip', size });
      // Not kept here: no worker of this host would remove it if one elsewhere ran the job.
      await rm(localPath, { force: true });
    },

    async localCopy(job) {
      if (!deps.shared) return job.uploadPath;
      const key = stagedKey(job.id);
      const staged = await deps.blobs.get(key.packageId, key.path);
      // Thrown as a plain error: the attempt is retried, and after the last one the job fails.
      if (!staged) throw new Error(`The upload of job ${job.id} is not in storage (upload-${job.id}/package.zip).`);
      const target = fetchedPath(job.id);
      await mkdir(join(deps.dataDir, 'uploads'), { recursive: true });
      await pipeline(staged.body, createWriteStream(target));
      return target;
    },

    async discard(job) {
      await rm(job.uploadPath, { force: true });
      await rm(fetchedPath(job.id), { force: true });
      if (deps.shared) await deps.blobs.deletePackage(stagedKey(job.id).packageId);
    },
  };
}

/**
 * S3 storage is reachable from every host, so uploads are staged there for a worker elsewhere;
 * local storage means one host (or one shared file system), where the data directory suffices.
 */
export function uploadStagingFor(config: Config, blobs: BlobStore): UploadStaging {
  return createUploadStaging({ blobs, dataDir: config.dataDir, shared: config.storage.driver === 's3' });
}
