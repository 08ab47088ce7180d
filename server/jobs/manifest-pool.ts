// A small pool of manifest worker threads (manifest-worker.ts). Imports await prepare(); a parse
// that outlives its time limit, or whose job is cancelled, has its thread terminated (and a
// fresh one started for the next job), so no manifest holds a thread or the event loop for long.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { ImportCancelled, ImportError } from './import-error.ts';
import type { ManifestJob, PreparedManifest } from './prepare-manifest.ts';

export interface ManifestParser {
  prepare(job: ManifestJob, cancelled?: AbortSignal): Promise<PreparedManifest>;
  /** Ends every thread and refuses queued jobs; a later prepare() starts threads again. */
  close(): Promise<void>;
  /**
   * Bundles the thread's code now, in the background, so the first import does not wait for
   * it (a worker process calls this as it starts). No thread is started.
   */
  warmUp(): void;
}

export interface ManifestPool extends ManifestParser {
  /** Threads running now, busy or idle. */
  readonly threads: number;
}

export interface ManifestPoolOptions {
  /** Threads at most (each idle one costs ~10 MB); jobs beyond wait their turn. */
  size: number;
  /** A parse taking longer fails its import (MANIFEST_PARSE_TIMEOUT). */
  timeoutMs: number;
  /** A thread idle this long ends (its ~10 MB returned); the next job starts one again. */
  idleMs?: number;
}

const IDLE_MS = 30_000;

interface Task {
  job: ManifestJob;
  cancelled?: AbortSignal;
  resolve(result: PreparedManifest): void;
  reject(error: unknown): void;
}

const WORKER_ENTRY = fileURLToPath(new URL('./manifest-worker.ts', import.meta.url));
/**
 * The worker's code, bundled once per process with esbuild into one plain script: a thread that
 * registered tsx to load TypeScript itself cost about 40 MB of RSS and a few hundred ms to start,
 * the bundle about 10 MB (decision 0026: an import stays under 150 MB whatever its size).
 */
let workerCode: Promise<string> | undefined;
export function manifestWorkerCode(): Promise<string> {
  workerCode ??= build({
    entryPoints: [WORKER_ENTRY], bundle: true, write: false, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning',
  }).then((out) => out.outputFiles[0]!.text);
  // A failed bundle is not cached: the next import tries again.
  workerCode.catch(() => (workerCode = undefined));
  return workerCode;
}

export function createManifestPool(options: ManifestPoolOptions): ManifestPool {
  const idle: Worker[] = [];
  const all = new Set<Worker>();
  const idleTimers = new Map<Worker, NodeJS.Timeout>();
  const queue: Task[] = [];
  let nextId = 1;
  let code: string | undefined;

  function spawn(): Worker {
    const worker = new Worker(code!, { eval: true });
    // Idle threads never keep the process alive.
    worker.unref();
    all.add(worker);
    worker.once('exit', () => {
      all.delete(worker);
      clearTimeout(idleTimers.get(worker));
      idleTimers.delete(worker);
      const at = idle.indexOf(worker);
      if (at !== -1) idle.splice(at, 1);
      pump();
    });
    return worker;
  }

  function pump(): void {
    while (queue.length > 0 && (idle.length > 0 || all.size < options.size)) {
      run(idle.pop() ?? spawn(), queue.shift()!);
    }
  }

  function run(worker: Worker, task: Task): void {
    const id = nextId++;
    clearTimeout(idleTimers.get(worker));
    idleTimers.delete(worker);
    worker.ref();
    let done = false;
    const finish = (outcome: () => void, reusable: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      task.cancelled?.removeEventListener('abort', onAbort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (reusable) {
        worker.unref();
        idle.push(worker);
        const timer = setTimeout(() => void worker.terminate(), options.idleMs ?? IDLE_MS);
        timer.unref();
        idleTimers.set(worker, timer);
      } else void worker.terminate();
      outcome();
      pump();
    };
    const onMessage = (message: { id: number; result?: PreparedManifest; error?: string }) => {
      if (message.id !== id) return;
      if (message.result) finish(() => task.resolve(message.result!), true);
      else finish(() => task.reject(new Error(`manifest worker: ${message.error}`)), true);
    };
    const onError = (error: Error) => finish(() => task.reject(error), false);
    const onExit = (code: number) => finish(() => task.reject(new Error(`manifest worker exited (${code})`)), false);
    const onAbort = () => finish(() => task.reject(new ImportCancelled()), false);
    const timer = setTimeout(
      () => finish(() => task.reject(new ImportError('MANIFEST_PARSE_TIMEOUT', `Reading the manifest took longer than ${Math.round(options.timeoutMs / 1000)} s.`)), false),
      options.timeoutMs,
    );
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    task.cancelled?.addEventListener('abort', onAbort);
    // A copy the thread owns, moved rather than cloned.
    const bytes = new Uint8Array(task.job.bytes);
    worker.postMessage({ id, job: { bytes, entries: task.job.entries } }, [bytes.buffer]);
  }

  return {
    get threads() {
      return all.size;
    },
    async prepare(job, cancelled) {
      if (cancelled?.aborted) throw new ImportCancelled();
      code ??= await manifestWorkerCode();
      if (cancelled?.aborted) throw new ImportCancelled();
      return new Promise((resolve, reject) => {
        queue.push({ job, cancelled, resolve, reject });
        pump();
      });
    },
    warmUp() {
      manifestWorkerCode().then(
        (built) => (code ??= built),
        () => undefined,
      );
    },
    async close() {
      for (const task of queue.splice(0)) task.reject(new Error('The manifest pool is closed.'));
      await Promise.all([...all].map((w) => w.terminate()));
    },
  };
}
