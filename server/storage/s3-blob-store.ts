// BlobStore on S3 (or any S3-compatible server): `<prefix>/<packageId>/<path>`, multipart uploads
// through lib-storage. Only create-blob-store.ts imports this module, and only when s3 is chosen.
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import type { StorageConfig } from '../config.ts';
import { resolveRange, type BlobGetResult, type BlobListEntry, type BlobStat, type BlobStore } from './blob-store.ts';
import { checkedSize, countedBody } from './counted-body.ts';
import { checkPackageId, storageKey } from './storage-key.ts';

export type S3StorageConfig = Extract<StorageConfig, { driver: 's3' }>;

export interface S3BlobStoreOptions {
  /** Tests only; production takes the AWS default credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Keys per ListObjectsV2 page and per DeleteObjects batch (S3's maximum is 1000). */
  pageSize?: number;
}

const MiB = 1024 * 1024;

export function createS3Client(config: S3StorageConfig, credentials?: S3BlobStoreOptions['credentials']): S3Client {
  return new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    // The SDK's default checksums on streamed bodies are stored as corrupted objects by s3rver
    // and some S3-compatible servers; ask for them only where an operation requires one.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(credentials ? { credentials } : {}),
  });
}

export function createS3BlobStore(config: S3StorageConfig, options: S3BlobStoreOptions = {}): BlobStore {
  const client = createS3Client(config, options.credentials);
  const Bucket = config.bucket;
  const pageSize = Math.min(options.pageSize ?? 1000, 1000);
  const base = config.prefix ? `${config.prefix}/` : '';
  const objectKey = (packageId: string, path: string) => base + storageKey(packageId, path).key;
  const packagePrefix = (packageId: string) => `${base}${checkPackageId(packageId)}/`;

  const head = async (Key: string): Promise<BlobStat | undefined> => {
    try {
      const res = await client.send(new HeadObjectCommand({ Bucket, Key }));
      return {
        size: res.ContentLength ?? 0,
        contentType: res.ContentType ?? 'application/octet-stream',
        etag: res.ETag ?? '',
        lastModified: res.LastModified ?? new Date(0),
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  };

  async function* keysOf(packageId: string): AsyncGenerator<{ Key: string; Size: number }> {
    const Prefix = packagePrefix(packageId);
    const pages = paginateListObjectsV2({ client, pageSize }, { Bucket, Prefix, MaxKeys: pageSize });
    for await (const page of pages) {
      for (const item of page.Contents ?? []) {
        if (item.Key?.startsWith(Prefix)) yield { Key: item.Key, Size: item.Size ?? 0 };
      }
    }
  }

  const deleteBatch = async (keys: string[]) => {
    const res = await client.send(
      new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }),
    );
    const failed = (res.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
    if (failed.length > 0) {
      throw new Error(`S3 refused to delete ${failed.length} object(s), first ${failed[0]!.Key}: ${failed[0]!.Code} ${failed[0]!.Message}`);
    }
  };

  return {
    async put(packageId, path, body, { contentType, size }) {
      const Key = objectKey(packageId, path);
      let bodyError: unknown;
      // Bytes in memory go as they are: a known length is one PutObject, no multipart upload.
      const source =
        body instanceof Uint8Array
          ? checkedSize(body, size)
          : Readable.from(
              (async function* () {
                try {
                  yield* countedBody(body, size);
                } catch (error) {
                  bodyError = error;
                  throw error;
                }
              })(),
            );
      const upload = new Upload({
        client,
        params: { Bucket, Key, Body: source, ContentType: contentType },
        partSize: 8 * MiB,
        queueSize: 4,
        // A failed body aborts the multipart upload: the key keeps its old object (or none).
        leavePartsOnError: false,
      });
      try {
        await upload.done();
      } catch (error) {
        // When the body failed, that is the cause; lib-storage would report a failed abort in its
        // place (s3rver answers AbortMultipartUpload with 405; a bucket lifecycle rule for
        // incomplete multipart uploads cleans up after such a server).
        throw bodyError ?? error;
      }
    },

    async get(packageId, path, options = {}): Promise<BlobGetResult | undefined> {
      const Key = objectKey(packageId, path);
      const asked = options.range;
      if (asked && !(Number.isSafeInteger(asked.start) && Number.isSafeInteger(asked.end) && asked.start >= 0 && asked.end >= asked.start)) {
        throw new RangeError(`Range ${asked.start}-${asked.end} is not satisfiable.`);
      }
      let res;
      try {
        res = await client.send(
          new GetObjectCommand({ Bucket, Key, Range: asked ? `bytes=${asked.start}-${asked.end}` : undefined }),
        );
      } catch (error) {
        if (isNotFound(error)) return undefined;
        if (asked && httpStatus(error) === 416) throw new RangeError(`Range ${asked.start}-${asked.end} is not satisfiable.`);
        throw error;
      }
      const body = res.Body;
      if (!(body instanceof Readable)) throw new Error('S3 GetObject did not return a Node.js stream');
      const total = asked ? totalFromContentRange(res.ContentRange) ?? res.ContentLength ?? 0 : res.ContentLength ?? 0;
      const stat: BlobStat = {
        size: total,
        contentType: res.ContentType ?? 'application/octet-stream',
        etag: res.ETag ?? '',
        lastModified: res.LastModified ?? new Date(0),
      };
      if (!asked) return { ...stat, body };
      try {
        return { ...stat, body, range: resolveRange(asked, total) };
      } catch (error) {
        body.destroy();
        throw error;
      }
    },

    async stat(packageId, path) {
      return head(objectKey(packageId, path));
    },

    async *list(packageId): AsyncIterable<BlobListEntry> {
      const prefixLength = packagePrefix(packageId).length;
      for await (const { Key, Size } of keysOf(packageId)) yield { path: Key.slice(prefixLength), size: Size };
    },

    async deletePackage(packageId) {
      // S3 lists by key order and continues after the last key returned, so deleting the keys
      // already listed does not disturb the pagination.
      let batch: string[] = [];
      for await (const { Key } of keysOf(packageId)) {
        batch.push(Key);
        if (batch.length === pageSize) {
          await deleteBatch(batch);
          batch = [];
        }
      }
      if (batch.length > 0) await deleteBatch(batch);
    },

    // A PUT (or CompleteMultipartUpload) that S3 acknowledged is durable already.
    async persist(packageId) {
      checkPackageId(packageId);
    },
  };
}

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'NoSuchKey' || name === 'NotFound' || httpStatus(error) === 404;
}

function totalFromContentRange(header: string | undefined): number | undefined {
  const match = header ? /\/(\d+)$/.exec(header) : null;
  return match ? Number(match[1]) : undefined;
}
