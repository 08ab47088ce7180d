// One import attempt, stage by stage: validating (central directory, paths, limits), extracting
// (the manifest out of the zip), parsing, storing (every entry inflated and streamed into the
// blob store, several at once), finalizing (everything stored made durable at once, then the
// package rows and job completion in one transaction).
import { open, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import { contentTypeFor } from '../core/content-type.ts';
import { locateManifest } from '../../scorm/manifest/locate-manifest.ts';
import type { JobRecord, JobStore } from '../db/job-store.ts';
import type { StoredFile } from '../db/package-store.ts';
import type { SqlPackageStore } from '../db/sql-package-store.ts';
import type { SqlPackageVersionStore } from '../db/sql-package-version-store.ts';
import { SizeMismatchError, type BlobStore } from '../storage/blob-store.ts';
import { ImportCancelled, ImportError } from './import-error.ts';
import { inflateGuard, inflateSmall, type InflateBudget } from './inflate-guard.ts';
import type { ProgressReporter } from './progress-reporter.ts';
import type { ManifestParser } from './manifest-pool.ts';
import { listZip, type ZipFileEntry, type ZipLimits, type ZipListing } from './zip-entries.ts';

export interface ImportDeps {
  db: Knex;
  jobs: JobStore;
  packages: SqlPackageStore;
  versions: SqlPackageVersionStore;
  blobs: BlobStore;
  storageDriver: 'local' | 's3';
  limits: ZipLimits;
  /** Entries stored at once (more for S3, where each put waits on the network). */
  parallelPuts: number;
  /** Parses manifests off the event loop (a worker thread pool). */
  manifests: ManifestParser;
}

const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/**
 * Entries up to this size (inflated and as stored) are read in one read, inflated in one call
 * and written in one write: a SCORM package is mostly files of a few KB to a few hundred, for
 * which a stream's per-chunk and per-stage work was most of an import's CPU time. Larger entries
 * stream in 64 KiB chunks. Either way a lane holds at most about this much (twice, for the
 * compressed and the inflated bytes), whatever the package's size.
 */
export const SMALL_ENTRY_BYTES = 256 * 1024;

export async function importPackage(
  job: JobRecord,
  owner: string,
  deps: ImportDeps,
  progress: ProgressReporter,
  cancelled: AbortSignal,
): Promise<void> {
  const checkCancel = () => {
    if (cancelled.aborted) throw new ImportCancelled();
  };

  await progress.enter('validating');
  const listing = await listZip(job.uploadPath, deps.limits);
  checkCancel();
  // One handle for every read of the import (positional reads, so the lanes share it).
  const zip = await open(job.uploadPath, 'r');
  try {
    await storeAndFinalize(job, owner, deps, progress, cancelled, listing, zip);
  } finally {
    await zip.close();
  }
}

async function storeAndFinalize(
  job: JobRecord,
  owner: string,
  deps: ImportDeps,
  progress: ProgressReporter,
  cancelled: AbortSignal,
  listing: ZipListing,
  zip: FileHandle,
): Promise<void> {
  const checkCancel = () => {
    if (cancelled.aborted) throw new ImportCancelled();
  };

  const located = locateManifest(listing.files.map((f) => f.path));
  if (!located.ok) throw new ImportError(located.diagnostic.code, located.diagnostic.message);
  const root = located.root;
  const files = listing.files.filter((f) => f.path.startsWith(root));
  const relative = (f: ZipFileEntry) => f.path.slice(root.length);

  await progress.enter('extracting', { filesTotal: files.length, bytesTotal: listing.declaredTotal });
  const manifestEntry = files.find((f) => f.path === located.path)!;
  if (manifestEntry.declaredSize > MAX_MANIFEST_BYTES) {
    throw new ImportError('MANIFEST_INVALID', `imsmanifest.xml is larger than ${MAX_MANIFEST_BYTES / 1048576} MB.`);
  }
  const budget: InflateBudget = { limit: deps.limits.maxUncompressedBytes, used: 0 };
  const manifestBytes = await readEntry(zip, manifestEntry, { limit: MAX_MANIFEST_BYTES, used: 0 });
  checkCancel();

  await progress.enter('parsing');
  const prepared = await deps.manifests.prepare({ bytes: manifestBytes, entries: files.map(relative) }, cancelled);
  if (!prepared.ok) throw new ImportError(prepared.code, prepared.message);
  checkCancel();

  await progress.enter('storing', { bytesDone: 0, filesDone: 0 });
  const stored = await storeEntries(zip, files, relative, job.packageId, deps, budget, progress, cancelled);

  await progress.enter('finalizing');
  checkCancel();
  // Durability once per package (the files, then their folders), and before the job can say
  // completed: a completed package survives a power cut (decision 0026).
  await deps.blobs.persist(job.packageId);
  checkCancel();
  const completed = await deps.db.transaction(async (trx) => {
    const written = { id: job.packageId, importJobId: job.id, rows: prepared.rows, files: stored, storage: deps.storageDriver };
    if (job.versionOf === null) await deps.packages.insertRows(trx, written);
    // A new version of a package: stored under its own content id (job.packageId), made current.
    else if (!(await deps.versions.insertVersion(trx, { ...written, packageId: job.versionOf }))) {
      throw new ImportError('PACKAGE_GONE', 'The package was deleted while its new version was being imported.');
    }
    const ok = await deps.jobs.complete(trx, job.id, owner);
    // Lost the lease or cancelled at the last moment: roll the package rows back.
    if (!ok) throw new ImportCancelled();
    return ok;
  });
  if (!completed) throw new ImportCancelled();
}

async function storeEntries(
  zip: FileHandle,
  files: ZipFileEntry[],
  relative: (f: ZipFileEntry) => string,
  packageId: string,
  deps: ImportDeps,
  budget: InflateBudget,
  progress: ProgressReporter,
  cancelled: AbortSignal,
): Promise<StoredFile[]> {
  const stored: StoredFile[] = [];
  const active = new Set<Readable>();
  const onAbort = () => active.forEach((s) => s.destroy(new ImportCancelled()));
  cancelled.addEventListener('abort', onAbort);
  let next = 0;
  let failure: unknown;
  const workerLoop = async () => {
    while (failure === undefined && next < files.length) {
      if (cancelled.aborted) throw new ImportCancelled();
      const file = files[next++]!;
      const path = relative(file);
      // Unpublished: the package's rows are written only after persist(), in the transaction that
      // completes the job, and a failed or retried attempt deletes the package first (decision 0044).
      const options = { contentType: contentTypeFor(path), size: file.declaredSize, durability: 'deferred', unpublished: true } as const;
      if (isSmall(file)) {
        try {
          const bytes = await inflateSmall(path, await file.readCompressed(zip), file.method === 'deflated', file.declaredSize, budget, file.crc32);
          await deps.blobs.put(packageId, path, bytes, options);
          progress.advance(bytes.length, 1);
        } catch (error) {
          failure ??= asImportError(error);
          throw failure;
        }
        stored.push({ path, size: file.declaredSize });
        continue;
      }
      const guard = inflateGuard(path, file.declaredSize, budget, (n) => progress.advance(n), file.crc32);
      const source = file.open(zip) as Readable;
      active.add(source);
      active.add(guard);
      try {
        const upload = deps.blobs.put(packageId, path, guard, options);
        await Promise.all([pipeline(source, guard), upload]);
      } catch (error) {
        failure ??= asImportError(error);
        throw failure;
      } finally {
        active.delete(source);
        active.delete(guard);
      }
      stored.push({ path, size: file.declaredSize });
      progress.advance(0, 1);
    }
  };
  try {
    const workers = Array.from({ length: Math.max(1, deps.parallelPuts) }, workerLoop);
    const results = await Promise.allSettled(workers);
    const rejected = results.find((r) => r.status === 'rejected');
    if (rejected) throw failure ?? (rejected as PromiseRejectedResult).reason;
  } finally {
    cancelled.removeEventListener('abort', onAbort);
  }
  if (cancelled.aborted) throw new ImportCancelled();
  return stored;
}

const isSmall = (entry: ZipFileEntry) => entry.declaredSize <= SMALL_ENTRY_BYTES && entry.compressedSize <= SMALL_ENTRY_BYTES;

async function readEntry(zip: FileHandle, entry: ZipFileEntry, budget: InflateBudget): Promise<Buffer> {
  try {
    if (isSmall(entry)) return await inflateSmall(entry.path, await entry.readCompressed(zip), entry.method === 'deflated', entry.declaredSize, budget, entry.crc32);
  } catch (error) {
    throw asImportError(error);
  }
  const chunks: Buffer[] = [];
  const guard = inflateGuard(entry.path, entry.declaredSize, budget, () => undefined, entry.crc32);
  guard.on('data', (c: Buffer) => chunks.push(c));
  try {
    await pipeline(entry.open(zip) as Readable, guard);
  } catch (error) {
    throw asImportError(error);
  }
  return Buffer.concat(chunks);
}

/** zlib and unzipper failures mean a damaged archive. */
export function asImportError(error: unknown): unknown {
  if (error instanceof ImportError || error instanceof ImportCancelled) return error;
  // The store saw a body whose length differs from the entry's declared size: the zip lies.
  if (error instanceof SizeMismatchError) {
    return new ImportError('ZIP_CORRUPT', `A zip entry's data does not match its declared size (${error.message}).`);
  }
  const code = (error as { code?: string }).code ?? '';
  if (code.startsWith('Z_') || /invalid|unexpected end|FILE_ENDED|signature|inflat/i.test(String((error as Error)?.message))) {
    return new ImportError('ZIP_CORRUPT', `The zip archive is damaged (${(error as Error).message}).`);
  }
  return error;
}
