// Coalesces the calls made during one event-loop turn into a single call over all of them: the
// commits that reach the server together share one registration read, one attempt read and one
// transaction (docs/decisions/0027-commits-grouped-per-turn.md). Pure but for setImmediate.

export interface TurnBatcherOptions {
  /** A batch this large runs at once instead of waiting for the end of the turn. */
  maxBatch?: number;
  /**
   * Batches running at once. With 1, what arrives while a batch runs waits for it and then goes
   * together: group commit, one transaction at a time however many commits are waiting.
   */
  maxInFlight?: number;
}

/**
 * `runMany` gets the inputs in call order and answers one settled result per input, in the same
 * order: a rejected one fails its own caller only. If `runMany` itself throws, every caller of
 * that batch gets the error.
 */
export function createTurnBatcher<I, O>(
  runMany: (inputs: I[]) => Promise<Array<PromiseSettledResult<O>>>,
  options: TurnBatcherOptions = {},
): (input: I) => Promise<O> {
  const maxBatch = options.maxBatch ?? 100;
  const maxInFlight = options.maxInFlight ?? Infinity;
  const pending: Array<{ input: I; resolve: (value: O) => void; reject: (error: unknown) => void }> = [];
  let scheduled = false;
  let inFlight = 0;

  const settled = () => {
    inFlight--;
    if (pending.length > 0 && !scheduled) flush();
  };

  const flush = () => {
    scheduled = false;
    if (pending.length === 0 || inFlight >= maxInFlight) return;
    const batch = pending.splice(0, maxBatch);
    inFlight++;
    // What arrived beyond maxBatch goes next, when a slot is free.
    if (pending.length > 0 && inFlight < maxInFlight) flush();
    runMany(batch.map((p) => p.input)).then(
      (results) => {
        batch.forEach((p, i) => {
          const result = results[i];
          if (!result) p.reject(new Error('The batch answered fewer results than it was given.'));
          else if (result.status === 'fulfilled') p.resolve(result.value);
          else p.reject(result.reason);
        });
      },
      (error: unknown) => batch.forEach((p) => p.reject(error)),
    ).finally(settled);
  };

  return (input) =>
    new Promise<O>((resolve, reject) => {
      pending.push({ input, resolve, reject });
      if (pending.length >= maxBatch && inFlight < maxInFlight) flush();
      else if (!scheduled && inFlight < maxInFlight) {
        scheduled = true;
        // After the I/O callbacks of this turn: every request read in it has joined the batch.
        setImmediate(flush);
      }
    });
}

/** Settled results for a batch where every input got the same outcome. */
export const fulfilledAll = <O>(values: O[]): Array<PromiseSettledResult<O>> => values.map((value) => ({ status: 'fulfilled', value }));
