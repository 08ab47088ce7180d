// The blob-storage port: package files keyed by (package id, package path). Adapters: local
// disk, S3, and an in-memory fake; all pass test/storage/blob-store-contract.ts.
import type { Readable } from 'node:stream';

/** A stream, or bytes already in memory (a small zip entry inflated in one call). */
export type BlobBody = Readable | AsyncIterable<Uint8Array> | Uint8Array;

export interface PutOptions {
  contentType: string;
  /** When given, a body of any other length is refused and nothing is stored. */
  size?: number;
  /**
   * `deferred`: the object may be lost to a power cut until persist(packageId) resolves, so a
   * whole package pays for durability once instead of once per file (an import). Readers see it
   * at once either way. Default `immediate`: durable when put resolves.
   */
  durability?: 'immediate' | 'deferred';
  /**
   * With `deferred`: nothing reads this package's objects before persist(packageId) has resolved
   * and the caller has published the package (an import into its own content id, decision 0044),
   * so the store may write the object in place instead of atomically. A put that fails, or a
   * crash, may then leave a partial object under the key: the caller deletes the package then, as
   * an import's failure and its retry already do. Stores that write atomically anyway ignore it.
   */
  unpublished?: boolean;
}

/** Inclusive byte offsets, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface BlobStat {
  /** Size of the whole object in bytes, also when a range was asked for. */
  size: number;
  contentType: string;
  /** A strong ETag, quoted as it goes in the header, e.g. `"9f86d08..."`. */
  etag: string;
  lastModified: Date;
}

export interface BlobGetResult extends BlobStat {
  /** Holds a file descriptor or a socket: consume it or destroy it. */
  body: Readable;
  /** The bytes `body` carries; `end` is clamped to the last byte of the object. */
  range?: ByteRange;
}

export interface BlobListEntry {
  path: string;
  size: number;
}

export interface BlobStore {
  /**
   * Stores `body` under the key, atomically: readers see the old object or the whole new one,
   * and a body that errors (or has the wrong `size`) leaves the key as it was.
   */
  put(packageId: string, path: string, body: BlobBody, options: PutOptions): Promise<void>;
  /**
   * The object, or undefined when there is none. A range needs 0 <= start <= end and
   * start < size; anything else throws a RangeError (answer 416).
   */
  get(packageId: string, path: string, options?: { range?: ByteRange }): Promise<BlobGetResult | undefined>;
  stat(packageId: string, path: string): Promise<BlobStat | undefined>;
  /** Every object of the package, in no promised order. */
  list(packageId: string): AsyncIterable<BlobListEntry>;
  /** Removes every object of the package; a package with nothing stored is not an error. */
  deletePackage(packageId: string): Promise<void>;
  /**
   * Makes every object of the package put with `deferred` durability (by this store) survive a
   * power cut; resolves when they all do. Nothing deferred: resolves at once.
   */
  persist(packageId: string): Promise<void>;
}

/** Checks a range against the object size and clamps its end; see BlobStore.get. */
export function resolveRange(range: ByteRange, size: number): ByteRange {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start || start >= size) {
    throw new RangeError(`Range ${start}-${end} is not satisfiable for ${size} bytes.`);
  }
  return { start, end: Math.min(end, size - 1) };
}

export class SizeMismatchError extends Error {
  constructor(readonly expected: number, readonly actual: number) {
    super(`Body was ${actual} bytes, expected ${expected}.`);
    this.name = 'SizeMismatchError';
  }
}
