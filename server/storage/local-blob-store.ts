// BlobStore on local disk: `<root>/<packageId>/<path>`, written through a temp file and a rename
// so a crash never leaves a half file under the real name; the content type sits in a sidecar.
// Deferred puts are fsynced together by persist() (deferred-sync.ts); an `unpublished` one (an
// import's, whose package nothing reads yet) is written in place and fsynced through the same
// descriptor: one open and close per file instead of two, and no rename (decision 0044).
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, opendir, readdir, readFile, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { contentTypeFor } from '../core/content-type.ts';
import { resolveRange, type BlobBody, type BlobListEntry, type BlobStat, type BlobStore } from './blob-store.ts';
import { checkedSize, countedBody } from './counted-body.ts';
import { DeferredSync, fsSyncPort, type SyncPort } from './deferred-sync.ts';
import { checkPackageId, storageKey, type StorageKey } from './storage-key.ts';

// Neither name can be a package directory: package ids never start with a dot.
const TEMP_DIR = '.tmp';
const META_DIR = '.meta';
// Temp files this old belong to a process that died mid-write; younger ones may be in use.
const STALE_TEMP_MS = 24 * 60 * 60 * 1000;

/** Sidecar of one file: its content type, bound to the inode it was written with. */
interface Sidecar {
  contentType: string;
  ino: string;
}

export interface LocalBlobStoreOptions {
  /** The fsyncs of persist(); tests count them. */
  sync?: SyncPort;
  /** File fsyncs in flight at once (deferred-sync.ts); benches compare. */
  fileSyncsAtOnce?: number;
}

export function createLocalBlobStore(localPath: string, options: LocalBlobStoreOptions = {}): BlobStore {
  const root = resolve(localPath);
  const tempRoot = join(root, TEMP_DIR);
  let swept: Promise<void> | undefined;
  const deferred = new DeferredSync(options.sync ?? fsSyncPort, root, options.fileSyncsAtOnce);

  // Folders this process made, so an import of thousands of files in a few folders does not ask
  // for each of them again per file. deletePackage forgets the package's.
  const made = new Set<string>();
  const ensureDir = async (dir: string) => {
    if (made.has(dir)) return;
    await mkdir(dir, { recursive: true });
    made.add(dir);
  };

  /**
   * Runs `op` on a path in `dir`, the folder made first; when the folder went away behind the
   * cache (another process deleted the package), makes it again and runs `op` once more.
   */
  const inFolder = async <T>(dir: string, op: () => Promise<T>): Promise<T> => {
    await ensureDir(dir);
    try {
      return await op();
    } catch (error) {
      if (!isMissing(error)) throw error;
      made.delete(dir);
      await ensureDir(dir);
      return await op();
    }
  };
  // Temp files a crashed put left behind go once per process, before the first put.
  const sweepOnce = () => (swept ??= sweepStaleTemp(tempRoot).catch(() => undefined));

  const located = (key: StorageKey) => {
    const file = join(root, key.packageId, ...key.path.split('/'));
    const meta = join(root, META_DIR, key.packageId, ...key.path.split('/'));
    // Belt and braces: storageKey already refused anything that could leave the package.
    if (!file.startsWith(join(root, key.packageId) + sep)) throw new Error(`Key escapes the store: ${key.key}`);
    return { file, meta };
  };

  const readSidecar = async (meta: string, ino: bigint, path: string): Promise<string> => {
    try {
      const sidecar = JSON.parse(await readFile(meta, 'utf8')) as Sidecar;
      // A sidecar of another inode is stale (a crash between the two renames of put).
      if (sidecar.ino === ino.toString()) return sidecar.contentType;
    } catch (error) {
      if (!isMissing(error) && !(error instanceof SyntaxError)) throw error;
    }
    return contentTypeFor(path);
  };

  const statOf = async (
    stats: { size: bigint; mtimeNs: bigint; ino: bigint; mtime: Date },
    meta: string,
    path: string,
  ): Promise<BlobStat> => ({
    size: Number(stats.size),
    contentType: await readSidecar(meta, stats.ino, path),
    // Every put renames a fresh file in, so (size, mtime, inode) changes whenever content does.
    etag: `"${stats.size.toString(16)}-${stats.mtimeNs.toString(16)}-${stats.ino.toString(16)}"`,
    lastModified: stats.mtime,
  });

  /**
   * Writes a new file straight under its name and hands its open descriptor to the deferred
   * fsyncs. False when the name is taken already: the caller falls back to the atomic put, so an
   * object that exists is never truncated in place.
   */
  const putInPlace = async (key: StorageKey, file: string, meta: string, body: BlobBody, contentType: string, size: number | undefined): Promise<boolean> => {
    const bytes = body instanceof Uint8Array ? checkedSize(body, size) : undefined;
    // Temp files a crashed atomic put left behind still go, as when imports made temp files too.
    sweepOnce();
    let handle: FileHandle;
    try {
      handle = await inFolder(resolve(file, '..'), () => open(file, 'wx'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    let handed = false;
    try {
      if (bytes) await writeAll(handle, bytes, 0);
      else {
        let at = 0;
        for await (const chunk of countedBody(body, size)) at += await writeAll(handle, chunk, at);
      }
      if (contentType !== contentTypeFor(key.path)) {
        const { ino } = await handle.stat({ bigint: true });
        await ensureDir(resolve(meta, '..'));
        await writeFile(meta, sidecarText(contentType, ino));
        deferred.add(key.packageId, meta);
      }
      handed = true;
      await deferred.addOpen(key.packageId, file, handle);
    } finally {
      if (!handed) {
        await handle.close();
        await rm(file, { force: true });
      }
    }
    return true;
  };

  return {
    async put(packageId, path, body, { contentType, size, durability = 'immediate', unpublished = false }) {
      const key = storageKey(packageId, path);
      const { file, meta } = located(key);
      if (durability === 'deferred' && unpublished && (await putInPlace(key, file, meta, body, contentType, size))) return;
      await ensureDir(tempRoot);
      await sweepOnce();
      // The common case, a type the file name already gives, needs no sidecar: reads fall back to
      // the name (and a sidecar of an earlier inode is ignored). Fewer file operations per entry
      // is most of an import's time on local disk (bench/ingest.ts).
      const sidecarNeeded = contentType !== contentTypeFor(key.path);
      const tempFile = join(tempRoot, `${randomUUID()}.part`);
      const tempMeta = join(tempRoot, `${randomUUID()}.meta`);
      let published = false;
      try {
        // flush: fsync before close, so the rename below never publishes unwritten blocks. A
        // deferred put leaves that to persist(), which runs before anyone is told the data is there.
        const flush = durability === 'immediate';
        // Bytes in memory go in one write; a stream in chunks.
        if (body instanceof Uint8Array) await writeFile(tempFile, checkedSize(body, size), { flag: 'wx', flush });
        else await pipeline(countedBody(body, size), createWriteStream(tempFile, { flags: 'wx', flush }));
        if (sidecarNeeded) {
          const { ino } = await stat(tempFile, { bigint: true });
          await writeFile(tempMeta, sidecarText(contentType, ino), { flag: 'wx' });
          await ensureDir(resolve(meta, '..'));
        }
        await inFolder(resolve(file, '..'), () => rename(tempFile, file));
        published = true;
        if (sidecarNeeded) await rename(tempMeta, meta);
        if (!flush) {
          deferred.add(key.packageId, file);
          if (sidecarNeeded) deferred.add(key.packageId, meta);
        }
      } finally {
        if (!published) await rm(tempFile, { force: true });
        if (sidecarNeeded) await rm(tempMeta, { force: true });
      }
    },

    async get(packageId, path, options = {}) {
      const key = storageKey(packageId, path);
      const { file, meta } = located(key);
      // Stat and read one open descriptor, so the ETag always matches the bytes served.
      let handle;
      try {
        handle = await open(file, 'r');
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
      try {
        const stats = await handle.stat({ bigint: true });
        if (!stats.isFile()) {
          await handle.close();
          return undefined;
        }
        const result = await statOf(stats, meta, key.path);
        if (!options.range) {
          return { ...result, body: handle.createReadStream({ autoClose: true }) };
        }
        const range = resolveRange(options.range, result.size);
        return { ...result, body: handle.createReadStream({ start: range.start, end: range.end, autoClose: true }), range };
      } catch (error) {
        await handle.close();
        throw error;
      }
    },

    async stat(packageId, path) {
      const key = storageKey(packageId, path);
      const { file, meta } = located(key);
      try {
        const stats = await stat(file, { bigint: true });
        return stats.isFile() ? await statOf(stats, meta, key.path) : undefined;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },

    async *list(packageId): AsyncIterable<BlobListEntry> {
      checkPackageId(packageId);
      yield* walk(join(root, packageId), '');
    },

    async deletePackage(packageId) {
      checkPackageId(packageId);
      const prefixes = [join(root, packageId), join(root, META_DIR, packageId)];
      for (const dir of made) if (prefixes.some((p) => dir === p || dir.startsWith(p + sep))) made.delete(dir);
      deferred.forget(packageId);
      await rm(prefixes[0]!, { recursive: true, force: true });
      await rm(prefixes[1]!, { recursive: true, force: true });
    },

    async persist(packageId) {
      checkPackageId(packageId);
      await deferred.persist(packageId);
    },
  };
}

async function sweepStaleTemp(tempRoot: string): Promise<void> {
  const cutoff = Date.now() - STALE_TEMP_MS;
  for (const name of await readdir(tempRoot)) {
    const file = join(tempRoot, name);
    const stats = await stat(file).catch(() => undefined);
    if (stats && stats.mtimeMs < cutoff) await rm(file, { force: true });
  }
}

async function* walk(dir: string, prefix: string): AsyncGenerator<BlobListEntry> {
  let entries;
  try {
    entries = await opendir(dir);
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  for await (const entry of entries) {
    const path = prefix + entry.name;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full, `${path}/`);
    else if (entry.isFile()) yield { path, size: (await stat(full)).size };
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/** The sidecar of a file written with inode `ino`. */
function sidecarText(contentType: string, ino: bigint): string {
  const sidecar: Sidecar = { contentType, ino: ino.toString() };
  return JSON.stringify(sidecar);
}

/** Writes all of `bytes` at `position` (a write may take fewer); answers how many. */
async function writeAll(handle: FileHandle, bytes: Uint8Array, position: number): Promise<number> {
  for (let from = 0; from < bytes.byteLength; ) from += (await handle.write(bytes, from, bytes.byteLength - from, position + from)).bytesWritten;
  return bytes.byteLength;
}
