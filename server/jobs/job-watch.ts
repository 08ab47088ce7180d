// Follows one job for a socket or an event stream: the table is the truth (polled, so a job run
// by another process is seen too), and an in-process signal only makes a change arrive sooner.
// Every listener reads on its own timer, so a slow client never slows a worker.
import { EventEmitter } from 'node:events';
import { TERMINAL, type JobRecord, type JobStore } from '../db/job-store.ts';

export class JobSignals extends EventEmitter {
  constructor() {
    super();
    this.setMaxListeners(0);
  }
  changed(jobId: string): void {
    this.emit(jobId);
  }
}

export interface JobWatch {
  stop(): void;
}

/**
 * Calls `onJob` with the job at once, then whenever it changes, and last with its terminal state;
 * `onGone` if it does not exist. Stops by itself after the terminal state.
 */
export function watchJob(
  jobs: JobStore,
  signals: JobSignals,
  jobId: string,
  onJob: (job: JobRecord, terminal: boolean) => void,
  onGone: () => void,
  pollMs = 500,
): JobWatch {
  let stopped = false;
  let lastKey = '';
  let reading = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  const stop = () => {
    stopped = true;
    clearInterval(timer);
    signals.off(jobId, read);
  };

  async function read(): Promise<void> {
    if (stopped) return;
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      const job = await jobs.get(jobId);
      if (stopped) return;
      if (!job) {
        stop();
        onGone();
        return;
      }
      const key = `${job.status}|${job.stage}|${job.progress}|${job.filesDone}|${job.bytesDone}|${job.errorCode}`;
      const terminal = TERMINAL.has(job.status);
      if (key !== lastKey || terminal) {
        lastKey = key;
        if (terminal) stop();
        onJob(job, terminal);
      }
    } catch {
      // A failed read is retried at the next tick.
    } finally {
      reading = false;
      if (again && !stopped) {
        again = false;
        void read();
      }
    }
  }

  signals.on(jobId, read);
  timer = setInterval(read, pollMs);
  void read();
  return { stop };
}

/** Resolves with the job once it ends, or with its latest state after `timeoutMs`. */
export function waitForJob(jobs: JobStore, signals: JobSignals, jobId: string, timeoutMs: number): Promise<JobRecord | undefined> {
  return new Promise((resolve) => {
    let latest: JobRecord | undefined;
    const timeout = setTimeout(() => {
      watch.stop();
      resolve(latest);
    }, timeoutMs);
    const watch = watchJob(
      jobs,
      signals,
      jobId,
      (job, terminal) => {
        latest = job;
        if (terminal) {
          clearTimeout(timeout);
          resolve(job);
        }
      },
      () => {
        clearTimeout(timeout);
        resolve(undefined);
      },
      250,
    );
  });
}
