// Turns a job's moving counters into progress writes at a bounded rate: at most one write per
// interval (and at every stage change), never one per file of a 20,000-file package.
import type { JobStage, ProgressUpdate } from '../db/job-store.ts';

/** Where each stage sits on the 0-100 bar; "storing" moves with the bytes inflated. */
const STAGE_RANGE: Record<JobStage, [number, number]> = {
  uploaded: [0, 0],
  validating: [0, 4],
  extracting: [4, 6],
  parsing: [6, 8],
  storing: [8, 97],
  finalizing: [97, 99],
};

export class ProgressReporter {
  private stage: JobStage = 'validating';
  private counters = { bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0 };
  private lastWrite = 0;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (update: ProgressUpdate) => Promise<void>,
    private readonly intervalMs = 250,
    private readonly now: () => number = Date.now,
  ) {}

  enter(stage: JobStage, counters: Partial<ProgressReporter['counters']> = {}): Promise<void> {
    this.stage = stage;
    Object.assign(this.counters, counters);
    return this.flush();
  }

  /** Counts progress inside the current stage; writes only when the interval has passed. */
  advance(bytes: number, files = 0): void {
    this.counters.bytesDone += bytes;
    this.counters.filesDone += files;
    if (this.now() - this.lastWrite >= this.intervalMs) void this.flush();
  }

  percent(): number {
    const [from, to] = STAGE_RANGE[this.stage];
    const { bytesDone, bytesTotal } = this.counters;
    const fraction = this.stage === 'storing' && bytesTotal > 0 ? Math.min(1, bytesDone / bytesTotal) : 0;
    return Math.floor(from + (to - from) * fraction);
  }

  /** Writes the current state now (chained, so writes never overtake each other). */
  flush(): Promise<void> {
    this.lastWrite = this.now();
    const update: ProgressUpdate = { stage: this.stage, progress: this.percent(), ...this.counters };
    this.pending = this.pending.then(() => this.write(update)).catch(() => undefined);
    return this.pending;
  }
}
