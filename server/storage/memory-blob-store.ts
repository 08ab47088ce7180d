// In-memory BlobStore for unit tests of other code; passes the same contract as the real adapters.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { resolveRange, type BlobGetResult, type BlobListEntry, type BlobStat, type BlobStore } from './blob-store.ts';
import { countedBody } from './counted-body.ts';
import { checkPackageId, storageKey } from './storage-key.ts';

interface StoredBlob {
  bytes: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
}

export interface MemoryBlobStore extends BlobStore {
  /** Number of objects held, over all packages. */
  readonly count: number;
}

export function createMemoryBlobStore(): MemoryBlobStore {
  // packageId -> path -> blob
  const packages = new Map<string, Map<string, StoredBlob>>();

  const find = (packageId: string, path: string): StoredBlob | undefined => {
    const key = storageKey(packageId, path);
    return packages.get(key.packageId)?.get(key.path);
  };
  const statOf = (blob: StoredBlob): BlobStat => ({
    size: blob.bytes.length,
    contentType: blob.contentType,
    etag: blob.etag,
    lastModified: new Date(blob.lastModified),
  });

  return {
    get count() {
      let n = 0;
      for (const files of packages.values()) n += files.size;
      return n;
    },

    async put(packageId, path, body, { contentType, size }) {
      const key = storageKey(packageId, path);
      const chunks: Uint8Array[] = [];
      for await (const chunk of countedBody(body, size)) chunks.push(chunk);
      const bytes = Buffer.concat(chunks);
      const etag = `"${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}"`;
      let files = packages.get(key.packageId);
      if (!files) packages.set(key.packageId, (files = new Map()));
      files.set(key.path, { bytes, contentType, etag, lastModified: new Date() });
    },

    async get(packageId, path, options = {}): Promise<BlobGetResult | undefined> {
      const blob = find(packageId, path);
      if (!blob) return undefined;
      if (!options.range) return { ...statOf(blob), body: Readable.from([blob.bytes], { objectMode: false }) };
      const range = resolveRange(options.range, blob.bytes.length);
      const slice = blob.bytes.subarray(range.start, range.end + 1);
      return { ...statOf(blob), body: Readable.from([slice], { objectMode: false }), range };
    },

    async stat(packageId, path) {
      const blob = find(packageId, path);
      return blob ? statOf(blob) : undefined;
    },

    async *list(packageId): AsyncIterable<BlobListEntry> {
      checkPackageId(packageId);
      for (const [path, blob] of packages.get(packageId) ?? []) yield { path, size: blob.bytes.length };
    },

    async deletePackage(packageId) {
      checkPackageId(packageId);
      packages.delete(packageId);
    },

    async persist(packageId) {
      checkPackageId(packageId);
    },
  };
}
