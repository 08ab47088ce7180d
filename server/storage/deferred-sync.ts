// Durability paid once per package on local disk: each file put with `deferred` durability gets
// its fsync started here in the background (a few at once, never holding the put up), and
// persist() waits for them all, then fsyncs each folder that gained an entry once, however many
// files it got, so the renames survive a power cut too.
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The two fsyncs, a port so that a unit test can count them. */
export interface SyncPort {
  syncFile(path: string): Promise<void>;
  syncDir(path: string): Promise<void>;
}

export const fsSyncPort: SyncPort = {
  syncFile: (path) => syncPath(path),
  async syncDir(path) {
    try {
      await syncPath(path);
    } catch (error) {
      // Windows cannot open a folder for fsync, and some file systems refuse it: their renames
      // are as durable as they get already.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EACCES') throw error;
    }
  },
};

async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * File fsyncs in flight at once, store-wide. Each starts as soon as its file is published, so the
 * disk writes back while later entries still inflate, and persist() mostly waits for what is
 * left; few enough that the libuv pool (16 threads under npm start) keeps room for the inflates
 * and writes of the import itself. 4 (decision 0026) was chosen while the pool in fact had 4
 * threads; with 16, 4 left 0.8-0.9 s of fsyncs to wait for at the end of a 2,000-file import,
 * 12 left 0.03-0.26 s (bench/ingest-profile.ts, decision 0030).
 */
const FILE_SYNCS_AT_ONCE = 12;
/** Folder fsyncs at once, in persist(). */
const DIR_SYNCS_AT_ONCE = 16;

interface Pending {
  files: Set<string>;
  dirs: Set<string>;
  /** The file fsyncs started for this package; persist() waits for each. */
  syncing: Promise<void>[];
}

export class DeferredSync {
  private readonly pending = new Map<string, Pending>();
  private readonly fileSyncs: Limiter;

  constructor(private readonly port: SyncPort, private readonly root: string, filesAtOnce = FILE_SYNCS_AT_ONCE) {
    this.fileSyncs = new Limiter(filesAtOnce);
  }

  /**
   * A file now published under `file`: its fsync starts (in the background, bounded); every
   * folder from its own up to the store root gained or holds a new entry.
   */
  add(packageId: string, file: string): void {
    let entry = this.pending.get(packageId);
    if (!entry) this.pending.set(packageId, (entry = { files: new Set(), dirs: new Set(), syncing: [] }));
    // A path put again is synced again: the earlier fsync may have run on the inode it replaced.
    entry.files.add(file);
    const sync = this.fileSyncs.run(() => this.port.syncFile(file));
    // Seen by persist(); until then a failure must not be an unhandled rejection.
    sync.catch(() => undefined);
    entry.syncing.push(sync);
    for (let dir = dirname(file); !entry.dirs.has(dir); dir = dirname(dir)) {
      entry.dirs.add(dir);
      if (dir === this.root || dir === dirname(dir)) break;
    }
  }

  /** The package's files went away (deleted): nothing of it is left to sync. */
  forget(packageId: string): void {
    this.pending.delete(packageId);
  }

  /** Every file, then every folder: a folder's entry is durable only once it names durable data. */
  async persist(packageId: string): Promise<void> {
    const entry = this.pending.get(packageId);
    if (!entry) return;
    // Taken out first: a put that lands meanwhile starts a new entry for the next persist.
    this.pending.delete(packageId);
    try {
      const results = await Promise.allSettled(entry.syncing);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      await eachLimited([...entry.dirs], DIR_SYNCS_AT_ONCE, (dir) => this.port.syncDir(dir));
    } catch (error) {
      // Still owed: a later persist tries them all again.
      for (const file of entry.files) this.add(packageId, file);
      throw error;
    }
  }
}

/** Runs at most `limit` tasks at once, the others in the order they came. */
class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

async function eachLimited<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
