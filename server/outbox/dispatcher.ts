// The outbox dispatcher of the worker role: claims due deliveries with a lease, hands each to the
// sender of its sink, and records the outcome: succeeded, retried later with backoff, or failed
// once its retry window is over. At-least-once: a dispatcher killed mid-delivery leaves its
// lease to run out, and another sends the event again (receivers de-duplicate on the event id).
import { randomUUID } from 'node:crypto';
import type { OutboxStore, Settlement } from '../db/outbox-store.ts';
import type { Logger } from '../log.ts';
import { retryDelay, type BackoffPolicy } from './backoff.ts';
import type { ClaimedDelivery, OutboxSender, SendResult } from './outbox-types.ts';

export interface DispatcherOptions {
  senders: readonly OutboxSender[];
  leaseMs: number;
  pollMs: number;
  backoff: BackoffPolicy;
  /** Deliveries claimed at once by this process. */
  batch?: number;
  /**
   * Deliveries of one key (sink, destination, ordering key) claimed at once: sent one after the
   * other, in order, the rest of the run released if one is left to retry (decision 0035).
   */
  perKey?: number;
  /** Ended deliveries older than this are deleted (checked every 10 minutes); kept forever when absent. */
  retentionMs?: number;
  logger?: Logger;
  now?: () => number;
  owner?: string;
}

export interface Dispatcher {
  start(): void;
  /** Looks for due deliveries now rather than at the next poll. */
  wake(): void;
  /** One round: claim, send, settle. Returns how many deliveries it handled. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

export function createDispatcher(store: OutboxStore, options: DispatcherOptions): Dispatcher {
  const now = options.now ?? Date.now;
  const owner = options.owner ?? `dispatcher-${randomUUID()}`;
  const batch = options.batch ?? 200;
  const perKey = options.perKey ?? 10;
  const PRUNE_EVERY_MS = 10 * 60_000;
  const gatherMs = Math.min(100, options.pollMs);
  /** How long a round goes on starting the next delivery of a run (sent one by one). */
  const RUN_BUDGET_MS = 1000;
  let lastPrune = 0;
  /** Whether the last round left deliveries it could have taken (a full claim, a run cut at perKey). */
  let moreWaiting = false;
  const senders = new Map(options.senders.map((s) => [s.sink, s]));
  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let woken = false;
  const unsubscribe = store.onEnqueue(() => dispatcher.wake());

  function settlementFor(delivery: ClaimedDelivery, result: SendResult): Settlement {
    if (result.ok) return { status: 'succeeded', responseCode: result.responseCode };
    const at = now();
    const nextAttemptAt = at + retryDelay(delivery.attempts, options.backoff);
    if (result.retry === false || nextAttemptAt > delivery.retryUntil) return { status: 'failed', responseCode: result.responseCode, error: result.error };
    return { status: 'pending', responseCode: result.responseCode, error: result.error, nextAttemptAt };
  }

  async function attempt(delivery: ClaimedDelivery): Promise<Settlement> {
    const sender = senders.get(delivery.sink);
    let result: SendResult;
    try {
      result = sender ? await sender.send(delivery) : { ok: false, responseCode: null, error: `No sender for "${delivery.sink}" in this process.` };
    } catch (error) {
      result = { ok: false, responseCode: null, error: error instanceof Error ? error.message : String(error) };
    }
    return settlementFor(delivery, result);
  }

  function runsBySink(runs: Iterable<ClaimedDelivery[]>): Map<string, ClaimedDelivery[][]> {
    const bySink = new Map<string, ClaimedDelivery[][]>();
    for (const run of runs) bySink.set(run[0]!.sink, [...(bySink.get(run[0]!.sink) ?? []), run]);
    return bySink;
  }

  /** A result per delivery of each run, in order; after one left pending, the rest are released. */
  function inRunOrder(run: readonly ClaimedDelivery[], result: (delivery: ClaimedDelivery, i: number) => Settlement | undefined): Array<{ id: string; outcome: Settlement }> {
    let held = false;
    return run.map((delivery, i) => {
      const outcome: Settlement = (held ? undefined : result(delivery, i)) ?? { status: 'released', previousAttemptAt: delivery.previousAttemptAt };
      if (outcome.status === 'pending') held = true;
      return { id: delivery.id, outcome };
    });
  }

  async function settleRuns(sender: OutboxSender | undefined, runs: ClaimedDelivery[][]): Promise<Array<{ id: string; outcome: Settlement }>> {
    if (sender?.sendRuns) {
      let results: Array<Array<SendResult | undefined>>;
      try {
        results = await sender.sendRuns(runs);
      } catch (error) {
        const failed: SendResult = { ok: false, responseCode: null, error: error instanceof Error ? error.message : String(error) };
        results = runs.map((run) => run.map(() => failed));
      }
      return runs.flatMap((run, r) => inRunOrder(run, (delivery, i) => {
        const result = results[r]?.[i];
        return result ? settlementFor(delivery, result) : undefined;
      }));
    }
    const started = now();
    const settled = await Promise.all(
      runs.map(async (run) => {
        const outcomes = new Map<number, Settlement>();
        // One by one: the next is sent only once the one before it succeeded or was given up.
        // Past the round's budget the rest of the run is released for the next round, so a slow
        // receiver's run does not hold the other keys' next deliveries for ten requests.
        for (const [i, delivery] of run.entries()) {
          if (i > 0 && now() - started > RUN_BUDGET_MS) {
            moreWaiting = true;
            break;
          }
          const outcome = await attempt(delivery);
          outcomes.set(i, outcome);
          if (outcome.status === 'pending') break;
        }
        return inRunOrder(run, (_, i) => outcomes.get(i));
      }),
    );
    return settled.flat();
  }

  const dispatcher: Dispatcher = {
    async tick() {
      const claimed = await store.claim(owner, options.leaseMs, batch, perKey);
      moreWaiting = false;
      if (claimed.length === 0) return 0;
      const ids = claimed.map((d) => d.id);
      const runs = new Map<string, ClaimedDelivery[]>();
      for (const delivery of claimed) {
        const key = `${delivery.sink}\u0000${delivery.destination}\u0000${delivery.orderingKey}`;
        runs.set(key, [...(runs.get(key) ?? []), delivery]);
      }
      moreWaiting = claimed.length >= batch || [...runs.values()].some((run) => run.length >= perKey);
      const renew = setInterval(() => {
        store.renewLeases(ids, owner, options.leaseMs).catch((e: unknown) => options.logger?.warn('outbox lease renewal failed', { error: String(e) }));
      }, Math.max(100, Math.floor(options.leaseMs / 3)));
      try {
        // Keys in parallel, each key's run in order. A delivery left to retry holds its key, so
        // the rest of its run is released unsent (a given-up one does not hold it: decision 0021).
        const outcomes = (await Promise.all([...runsBySink(runs.values())].map(([sink, sinkRuns]) => settleRuns(senders.get(sink), sinkRuns)))).flat();
        // The round's outcomes are recorded together (a few statements, not one per delivery).
        // If that fails, the leases run out and the deliveries are sent again (at least once).
        const lost = await store.settleMany(owner, outcomes);
        if (lost > 0) options.logger?.warn('outbox leases lost during delivery', { deliveries: lost });
      } finally {
        clearInterval(renew);
      }
      return claimed.length;
    },

    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        /** Whether this round comes from the poll timer alone (nothing enqueued here, nothing left over). */
        let polled = false;
        while (running) {
          let handled = 0;
          try {
            if (options.retentionMs !== undefined && now() - lastPrune > PRUNE_EVERY_MS) {
              lastPrune = now();
              await store.prune(lastPrune - options.retentionMs);
            }
            // A poll asks first whether anything is pending at all: an idle outbox then costs
            // one indexed read a poll, not a claim's transaction. Woken or busy, it claims at once.
            if (!polled || (await store.anyPending())) handled = await dispatcher.tick();
          } catch (error) {
            options.logger?.error('outbox dispatch failed', { error: error instanceof Error ? error.message : String(error) });
          }
          polled = false;
          if (!running) break;
          // The claim left due deliveries behind (it was full, or cut a key's run): go on at once.
          if (moreWaiting) continue;
          if (handled > 0 || woken) {
            // More is probably on its way (a busy server enqueues steadily): let it gather for a
            // moment so one claim takes several deliveries, several of a key among them, rather
            // than one claim each. A claim and its settling cost six statements whatever their
            // size (decisions 0029, 0035).
            woken = false;
            await new Promise((r) => setTimeout(r, gatherMs));
            continue;
          }
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, options.pollMs);
            wakeUp = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wakeUp = undefined;
          polled = !woken;
        }
      })();
    },

    wake() {
      woken = true;
      wakeUp?.();
    },

    async stop() {
      running = false;
      unsubscribe();
      wakeUp?.();
      await loop;
    },
  };
  return dispatcher;
}
