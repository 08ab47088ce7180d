// Durability paid once per package on local disk: each file put with `deferred` durability gets
// its fsync started here in the background (a few at once, never holding the put up), and
// persist() waits for them all, then fsyncs each folder that gained an entry once, however many
// files it got, so the renames survive a power cut too.
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The two fsyncs, a port so that a unit test can count them. */
export interface SyncPort {
  syncFile(path: string): Promise<void>;
  /**
   * fsyncs `path` through `handle`, the descriptor it was just written with, then closes the
   * handle either way: no second open and close per file. A port without it gets the handle
   * closed and syncFile(path).
   */
  syncHandle?(path: string, handle: FileHandle): Promise<void>;
  syncDir(path: string): Promise<void>;
}

export const fsSyncPort: SyncPort = {
  syncFile: (path) => syncPath(path),
  async syncHandle(_path, handle) {
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
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
/**
 * Open descriptors addOpen() keeps for their fsync, store-wide; past this a handle is closed at
 * once and its file opened again for the fsync, so a slow disk never holds thousands of them.
 */
const HANDLES_HELD = 64;

interface Pending {
  dirs: Set<string>;
  /** File fsyncs queued or running for this package. */
  outstanding: number;
  /** Files whose fsync failed: a later persist syncs them again. */
  failed: { file: string; error: unknown }[];
  /** persist() waiting for `outstanding` to reach 0. */
  drained?: () => void;
  forgotten: boolean;
}

/**
 * What is kept per file is its path, and only until its fsync has run: no promise or closure per
 * file, so an import of SCORM_MAX_FILES files holds no more than one of a few (decision 0039).
 */
export class DeferredSync {
  private readonly pending = new Map<string, Pending>();
  private readonly queue = new FileQueue();
  private running = 0;
  private held = 0;

  constructor(private readonly port: SyncPort, private readonly root: string, private readonly filesAtOnce = FILE_SYNCS_AT_ONCE) {}

  /**
   * A file now published under `file`: its fsync starts (in the background, bounded); every
   * folder from its own up to the store root gained or holds a new entry.
   */
  add(packageId: string, file: string): void {
    this.enqueue(packageId, file, undefined);
  }

  /**
   * As add(), for a file still open in `handle` (written in place): its fsync goes through that
   * descriptor, which is closed after it. Takes the handle over, also when it closes it at once
   * (HANDLES_HELD reached).
   */
  async addOpen(packageId: string, file: string, handle: FileHandle): Promise<void> {
    if (this.held >= HANDLES_HELD || !this.port.syncHandle) {
      await handle.close();
      this.enqueue(packageId, file, undefined);
      return;
    }
    this.held++;
    this.enqueue(packageId, file, handle);
  }

  private enqueue(packageId: string, file: string, handle: FileHandle | undefined): void {
    const entry = this.entryOf(packageId);
    // A path put again is synced again: the earlier fsync may have run on the inode it replaced.
    entry.outstanding++;
    this.queue.push(entry, file, handle);
    this.pump();
    for (let dir = dirname(file); !entry.dirs.has(dir); dir = dirname(dir)) {
      entry.dirs.add(dir);
      if (dir === this.root || dir === dirname(dir)) break;
    }
  }

  /** The package's files went away (deleted): nothing of it is left to sync. */
  forget(packageId: string): void {
    const entry = this.pending.get(packageId);
    if (entry) entry.forgotten = true;
    this.pending.delete(packageId);
  }

  /** Every file, then every folder: a folder's entry is durable only once it names durable data. */
  async persist(packageId: string): Promise<void> {
    const entry = this.pending.get(packageId);
    if (!entry) return;
    // Taken out first: a put that lands meanwhile starts a new entry for the next persist.
    this.pending.delete(packageId);
    if (entry.outstanding > 0) await new Promise<void>((resolve) => (entry.drained = resolve));
    try {
      if (entry.failed.length > 0) throw entry.failed[0]!.error;
      await eachLimited([...entry.dirs], DIR_SYNCS_AT_ONCE, (dir) => this.port.syncDir(dir));
    } catch (error) {
      // Still owed: a later persist tries the failed files again, then every folder. The files
      // whose fsync succeeded are durable already (an fsync is not undone by a later one failing).
      const again = this.entryOf(packageId);
      for (const dir of entry.dirs) again.dirs.add(dir);
      for (const { file } of entry.failed) this.add(packageId, file);
      throw error;
    }
  }

  private entryOf(packageId: string): Pending {
    let entry = this.pending.get(packageId);
    if (!entry) this.pending.set(packageId, (entry = { dirs: new Set(), outstanding: 0, failed: [], forgotten: false }));
    return entry;
  }

  /** Starts queued fsyncs up to the limit; each finished one starts the next. */
  private pump(): void {
    while (this.running < this.filesAtOnce) {
      const next = this.queue.shift();
      if (!next) return;
      this.running++;
      void this.syncOne(next.entry, next.file, next.handle);
    }
  }

  private async syncOne(entry: Pending, file: string, handle: FileHandle | undefined): Promise<void> {
    try {
      // A deleted package's files are gone: nothing to sync.
      if (handle) {
        if (entry.forgotten) await handle.close();
        else await this.port.syncHandle!(file, handle);
      } else if (!entry.forgotten) await this.port.syncFile(file);
    } catch (error) {
      entry.failed.push({ file, error });
    } finally {
      // The port closed the handle, whatever the fsync did.
      if (handle) this.held--;
      this.running--;
      if (--entry.outstanding === 0) entry.drained?.();
      this.pump();
    }
  }
}

/** First in, first out, without Array#shift's copying of a long array. */
interface Queued {
  entry: Pending;
  file: string;
  handle: FileHandle | undefined;
}

class FileQueue {
  private items: Queued[] = [];
  private head = 0;

  push(entry: Pending, file: string, handle: FileHandle | undefined): void {
    this.items.push({ entry, file, handle });
  }

  shift(): Queued | undefined {
    if (this.head === this.items.length) return undefined;
    const item = this.items[this.head++]!;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

async function eachLimited<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
