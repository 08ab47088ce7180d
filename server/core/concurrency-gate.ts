// At most `limit` callers at work at once; the others wait their turn in arrival order. The
// runtime routes put launches (launch data, attempt openings: a dozen statements each) behind one,
// so that a burst of launches cannot fill the database pool's queue ahead of the commits
// (docs/decisions/0040-learners-stall-pool-queue.md).

export interface ConcurrencyGate {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Callers at work now, and waiting (for tests and the bench). */
  readonly inside: number;
  readonly waiting: number;
}

export function createConcurrencyGate(limit: number): ConcurrencyGate {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`A gate needs a limit of 1 or more, got ${limit}.`);
  let inside = 0;
  const queue: Array<() => void> = [];
  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (inside < limit) inside++;
      // The caller that leaves hands its place on directly, so `inside` never drops under a queue.
      else await new Promise<void>((enter) => queue.push(enter));
      try {
        return await work();
      } finally {
        const next = queue.shift();
        if (next) next();
        else inside--;
      }
    },
    get inside() {
      return inside;
    },
    get waiting() {
      return queue.length;
    },
  };
}
