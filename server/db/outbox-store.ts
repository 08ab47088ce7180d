// The outbox in SQL (outbox_events, outbox_deliveries): enqueue inside the caller's transaction,
// claim due deliveries with a lease (MySQL: FOR UPDATE SKIP LOCKED in READ COMMITTED, retried
// on deadlock), settle them, list them, deliver one again.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { ClaimedDelivery, DeliveryRecord, DeliveryStatus, NewOutboxEvent, OutboxRoute } from '../outbox/outbox-types.ts';
import type { Db } from './connect.ts';
import { withDeadlockRetry } from './deadlock-retry.ts';

type Row = Record<string, unknown>;

export interface OutboxStoreOptions {
  routes: readonly OutboxRoute[];
  /** How long a failing delivery is retried before it is marked failed (24 h by default). */
  retryForMs: number;
  now?: () => number;
}

/** The outcome of one attempt, as the dispatcher decided it. */
export type Settlement =
  | { status: 'succeeded'; responseCode: number | null }
  | { status: 'pending'; responseCode: number | null; error: string; nextAttemptAt: number }
  | { status: 'failed'; responseCode: number | null; error: string }
  /** Not sent after all (an earlier delivery of its run failed): the claim's attempt is taken back. */
  | { status: 'released'; previousAttemptAt: number | null };

const isMysql = (db: Db) => db.client.config.client === 'mysql2';
const num = (v: unknown) => (v == null ? null : Number(v));

function toRecord(row: Row): DeliveryRecord {
  return {
    id: String(row.id),
    sink: String(row.sink),
    destination: String(row.destination),
    eventId: String(row.event_id),
    type: String(row.type),
    orderingKey: String(row.ordering_key),
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    lastResponseCode: num(row.last_response_code),
    lastAttemptAt: num(row.last_attempt_at),
    lastError: (row.last_error as string | null) ?? null,
    createdAt: Number(row.created_at),
  };
}

/** Events per multi-row INSERT (well under SQLite's bound variables and MySQL's packet). */
const ENQUEUE_CHUNK = 200;

export function createOutboxStore(db: Knex, options: OutboxStoreOptions) {
  const now = options.now ?? Date.now;
  const listeners = new Set<() => void>();

  type Routed = Array<{ event: NewOutboxEvent; targets: Array<{ sink: string; destination: string }> }>;

  /**
   * Each event with the destinations its routes name; events nobody wants are dropped (the outbox
   * is a queue, not an event log). A route's destinations depend on the event's type
   * (OutboxRoute): asked once per type.
   */
  async function routed(conn: Db, events: readonly NewOutboxEvent[]): Promise<Routed> {
    const destinationsOf = new Map<string, Promise<Array<{ sink: string; destination: string }>>>();
    const targetsOf = (event: NewOutboxEvent) => {
      let targets = destinationsOf.get(event.type);
      if (!targets) {
        targets = (async () => {
          const found: Array<{ sink: string; destination: string }> = [];
          for (const route of options.routes) {
            for (const destination of await route.destinations(conn, event)) found.push({ sink: route.sink, destination });
          }
          return found;
        })();
        destinationsOf.set(event.type, targets);
      }
      return targets;
    };
    const kept: Routed = [];
    for (const event of events) {
      const targets = await targetsOf(event);
      if (targets.length > 0) kept.push({ event, targets });
    }
    return kept;
  }

  const notifyListeners = () => {
    for (const listener of listeners) listener();
  };

  const eventRow = (event: NewOutboxEvent) => ({ id: event.id, type: event.type, ordering_key: event.orderingKey, payload: JSON.stringify(event.payload), created_at: event.createdAt });

  return {
    /**
     * Writes the events and one pending delivery per destination their routes name, on `conn`:
     * the transaction of the change that caused them, so a rolled-back change leaves no event.
     */
    async enqueue(conn: Db, events: readonly NewOutboxEvent[]): Promise<void> {
      const kept = await routed(conn, events);
      // A commit group brings many events to one transaction, the only one its process has
      // open: they are written in a few multi-row statements, not a few round trips each.
      for (let i = 0; i < kept.length; i += ENQUEUE_CHUNK) {
        const chunk = kept.slice(i, i + ENQUEUE_CHUNK);
        // One statement, rows in order: each event's seq follows the one before it.
        await conn('outbox_events').insert(
          chunk.map(({ event }) => eventRow(event)),
        );
        const seqs = new Map(
          ((await conn('outbox_events').whereIn('id', chunk.map(({ event }) => event.id)).select('seq', 'id')) as Array<{ seq: unknown; id: unknown }>)
            .map((r) => [String(r.id), Number(r.seq)]),
        );
        await conn('outbox_deliveries').insert(
          chunk.flatMap(({ event, targets }) =>
            targets.map(({ sink, destination }) => ({
              id: randomUUID(),
              event_seq: seqs.get(event.id)!,
              event_id: event.id,
              sink,
              destination,
              ordering_key: event.orderingKey,
              status: 'pending',
              attempts: 0,
              next_attempt_at: event.createdAt,
              retry_until: event.createdAt + options.retryForMs,
              created_at: event.createdAt,
              updated_at: event.createdAt,
            })),
          ),
        );
      }
      // A dispatcher in this process looks as soon as the transaction has committed.
      if (events.length > 0) {
        const committed = (conn as Partial<Knex.Transaction>).executionPromise;
        if (committed) committed.then(notifyListeners, () => undefined);
        else notifyListeners();
      }
    },

    /**
     * enqueue's writes as statements, not run, for a caller that sends its transaction's
     * statements together (server/db/multi-statement.ts; MySQL only): the events in one INSERT,
     * then per destination one INSERT … SELECT that gives each delivery its event's sequence
     * number by the event's id and an id from UUID(), so nothing needs reading back in between.
     * The caller calls `committed()` once its transaction has committed.
     */
    async enqueueStatements(events: readonly NewOutboxEvent[]): Promise<{ statements: Knex.Sql[]; committed: () => void }> {
      const kept = await routed(db, events);
      const statements: Knex.Sql[] = [];
      for (let i = 0; i < kept.length; i += ENQUEUE_CHUNK) {
        const chunk = kept.slice(i, i + ENQUEUE_CHUNK);
        statements.push(db('outbox_events').insert(chunk.map(({ event }) => eventRow(event))).toSQL());
        const idsByTarget = new Map<string, { sink: string; destination: string; ids: string[] }>();
        for (const { event, targets } of chunk) {
          for (const target of targets) {
            const key = `${target.sink}\u0000${target.destination}`;
            const group = idsByTarget.get(key) ?? { ...target, ids: [] };
            group.ids.push(event.id);
            idsByTarget.set(key, group);
          }
        }
        for (const { sink, destination, ids } of idsByTarget.values()) {
          statements.push(
            db
              .raw(
                `insert into outbox_deliveries (id, event_seq, event_id, sink, destination, ordering_key, status, attempts, next_attempt_at, retry_until, created_at, updated_at)
                 select uuid(), seq, id, ?, ?, ordering_key, 'pending', 0, created_at, created_at + ?, created_at, created_at from outbox_events where id in (${ids.map(() => '?').join(', ')})`,
                [sink, destination, options.retryForMs, ...ids],
              )
              .toSQL(),
          );
        }
      }
      return { statements, committed: kept.length > 0 ? notifyListeners : () => undefined };
    },

    /**
     * Whether an event of one of `types` would reach anyone now (outside any transaction: a
     * subscription made while the change is being written may miss it, as if made just after).
     */
    async wants(types: readonly string[]): Promise<boolean> {
      for (const route of options.routes) {
        if (!route.wants || (await route.wants(types))) return true;
      }
      return false;
    },

    /** Called after every enqueue in this process (the dispatcher's wake-up). */
    onEnqueue(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /**
     * Leases up to `limit` due deliveries to `owner`, in event order: for each key (sink,
     * destination, ordering key) a run of at most `perKey` deliveries from its head (its earliest
     * pending delivery), provided the head is due and not leased by a live owner, and only as far
     * as the run's deliveries are due, free and locked by this claim: a dispatcher sends a run in
     * order and never a delivery while an earlier one of its key is pending elsewhere (decision
     * 0035). Each claim counts as an attempt, so a sender killed mid-delivery counts.
     */
    async claim(owner: string, leaseMs: number, limit: number, perKey = 1): Promise<ClaimedDelivery[]> {
      return withDeadlockRetry(() =>
        db.transaction(async (trx) => {
          const at = now();
          // The pending deliveries of each key numbered from its head (its earliest pending
          // delivery), read from the index on pending rows by key alone: a claim's cost follows
          // the pending rows, not the kept history, and a backlog costs an index walk, not its
          // payloads (decision 0029). Then, for the keys whose head is due and not leased, the
          // first `perKey` of them in event order, cut at `limit` while still narrow (ids and
          // keys), and only those joined to their events: the payload rides along, no read after
          // the claim. Sorting and cutting the runs with their payloads and their delivery rows
          // joined cost a claim 22 ms with 1,800 pending deliveries, 8 ms like this (decision
          // 0046). Read without locks (READ COMMITTED): the locking read below decides what this
          // claim holds, and whether each row after its key's head is due and free.
          const numbered = trx.raw(
            `(select id, sink, destination, ordering_key, event_seq,
                     row_number() over (partition by sink, destination, ordering_key order by event_seq) as pos,
                     first_value(id) over (partition by sink, destination, ordering_key order by event_seq rows between unbounded preceding and current row) as head_id
              from outbox_deliveries where status = 'pending') as r`,
          );
          const runs = trx
            .from(numbered)
            .join('outbox_deliveries as hd', 'hd.id', 'r.head_id')
            .where('r.pos', '<=', perKey)
            .andWhere('hd.next_attempt_at', '<=', at)
            .andWhere((w) => w.whereNull('hd.lease_until').orWhere('hd.lease_until', '<', at))
            // One event's deliveries to several destinations share its seq: taken in a fixed order.
            .orderBy(['r.event_seq', 'r.sink', 'r.destination'])
            .limit(limit)
            .select('r.id', 'r.sink', 'r.destination', 'r.ordering_key', 'r.event_seq')
            .as('c');
          // Ordered by event and cut by a limit, each key's rows here are the start of its run
          // (at most `perKey` of them).
          const wanted = (await trx
            .from(runs)
            .join('outbox_events as ev', 'ev.seq', 'c.event_seq')
            .orderBy(['c.event_seq', 'c.sink', 'c.destination'])
            .select('c.id', 'c.sink', 'c.destination', 'c.ordering_key', 'c.event_seq', 'ev.id as event_id', 'ev.type', 'ev.payload', 'ev.created_at as event_created_at')) as Row[];
          const keyOf = (row: Row) => `${row.sink}\u0000${row.destination}\u0000${row.ordering_key}`;
          if (wanted.length === 0) return [];
          // The lease: rows still pending, due and free now, locked by this transaction. A row
          // another claimer holds in a transaction still open is skipped (SKIP LOCKED), and so is
          // the rest of its key's run, as is the rest after a row not due or leased: a run is
          // taken from its head without gaps, or not at all.
          let locking = trx('outbox_deliveries')
            .whereIn('id', wanted.map((r) => String(r.id)))
            .andWhere('status', 'pending')
            .andWhere('next_attempt_at', '<=', at)
            .andWhere((w) => w.whereNull('lease_until').orWhere('lease_until', '<', at))
            .select('id', 'attempts', 'last_attempt_at', 'retry_until');
          if (isMysql(trx)) locking = locking.forUpdate().skipLocked();
          const locked = new Map(((await locking) as Row[]).map((r) => [String(r.id), r]));
          const taken: Row[] = [];
          const cut = new Set<string>();
          for (const row of wanted) {
            const key = keyOf(row);
            if (cut.has(key)) continue;
            if (locked.has(String(row.id))) taken.push(row);
            else cut.add(key);
          }
          if (taken.length === 0) return [];
          await trx('outbox_deliveries')
            .whereIn('id', taken.map((r) => String(r.id)))
            .update({ lease_owner: owner, lease_until: at + leaseMs, attempts: trx.raw('attempts + 1'), last_attempt_at: at, updated_at: at });
          return taken.map((row): ClaimedDelivery => {
            const held = locked.get(String(row.id))!;
            const payloadJson = String(row.payload);
            let parsed: { value: unknown } | undefined;
            return {
              id: String(row.id),
              sink: String(row.sink),
              destination: String(row.destination),
              eventId: String(row.event_id),
              eventSeq: Number(row.event_seq),
              type: String(row.type),
              orderingKey: String(row.ordering_key),
              get payload() {
                parsed ??= { value: JSON.parse(payloadJson) as unknown };
                return parsed.value;
              },
              payloadJson,
              eventCreatedAt: Number(row.event_created_at),
              attempts: Number(held.attempts) + 1,
              previousAttemptAt: num(held.last_attempt_at),
              retryUntil: Number(held.retry_until),
            };
          });
        }),
      );
    },

    /**
     * Whether any delivery is pending, due or not: one read of the pending rows' index, no
     * transaction. A dispatcher polling an idle outbox asks this before a claim's transaction.
     */
    async anyPending(): Promise<boolean> {
      return (await db('outbox_deliveries').where('status', 'pending').first('id')) !== undefined;
    },

    /** Extends the leases `owner` still holds (a slow receiver must not let another process send the same event). */
    async renewLeases(ids: readonly string[], owner: string, leaseMs: number): Promise<void> {
      if (ids.length === 0) return;
      await db('outbox_deliveries').whereIn('id', ids).andWhere({ lease_owner: owner, status: 'pending' }).update({ lease_until: now() + leaseMs });
    },

    /** Records an attempt's outcome; false when `owner` had lost the lease (nothing written). */
    async settle(id: string, owner: string, outcome: Settlement): Promise<boolean> {
      return (await this.settleMany(owner, [{ id, outcome }])) === 0;
    },

    /**
     * Records the outcomes of a round of attempts. Successes, the usual outcome, are written in
     * one statement per response code rather than one each. Returns how many deliveries `owner`
     * had lost the lease of (nothing written for those).
     */
    async settleMany(owner: string, outcomes: ReadonlyArray<{ id: string; outcome: Settlement }>): Promise<number> {
      const at = now();
      const released = { lease_owner: null, lease_until: null, updated_at: at };
      let lost = 0;
      const succeeded = new Map<number | null, string[]>();
      for (const { id, outcome } of outcomes) {
        if (outcome.status === 'succeeded') succeeded.set(outcome.responseCode, [...(succeeded.get(outcome.responseCode) ?? []), id]);
      }
      for (const [responseCode, ids] of succeeded) {
        for (let i = 0; i < ids.length; i += ENQUEUE_CHUNK) {
          const chunk = ids.slice(i, i + ENQUEUE_CHUNK);
          const changed = await db('outbox_deliveries')
            .whereIn('id', chunk)
            .andWhere('lease_owner', owner)
            .update({ ...released, status: 'succeeded', last_response_code: responseCode, last_error: null });
          lost += chunk.length - changed;
        }
      }
      for (const { id, outcome } of outcomes) {
        if (outcome.status === 'succeeded') continue;
        if (outcome.status === 'released') {
          lost +=
            1 -
            (await db('outbox_deliveries')
              .where({ id, lease_owner: owner })
              .update({ ...released, attempts: db.raw('attempts - 1'), last_attempt_at: outcome.previousAttemptAt }));
          continue;
        }
        const changed = await db('outbox_deliveries')
          .where({ id, lease_owner: owner })
          .update({
            ...released,
            status: outcome.status,
            last_response_code: outcome.responseCode,
            last_error: outcome.error.slice(0, 500),
            ...(outcome.status === 'pending' ? { next_attempt_at: outcome.nextAttemptAt } : {}),
          });
        lost += 1 - changed;
      }
      return lost;
    },

    /** A destination's deliveries, newest event first; only those of `status` when given. */
    async list(sink: string, destination: string, limit: number, offset: number, status?: DeliveryStatus): Promise<{ items: DeliveryRecord[]; total: number }> {
      const base = () => {
        const query = db('outbox_deliveries as d').where({ 'd.sink': sink, 'd.destination': destination });
        return status ? query.andWhere('d.status', status) : query;
      };
      const rows = (await base()
        .join('outbox_events as ev', 'ev.seq', 'd.event_seq')
        .orderBy('d.event_seq', 'desc')
        .limit(limit)
        .offset(offset)
        .select('d.*', 'ev.type')) as Row[];
      const [{ n }] = (await base().count({ n: '*' })) as Array<{ n: number | string }>;
      return { items: rows.map(toRecord), total: Number(n) };
    },

    /**
     * How many deliveries of a destination are in each state: one index range per state, in one
     * statement, so the three counts are of one moment. Counted by three statements, a delivery
     * settled between them was counted both pending and succeeded.
     */
    async counts(sink: string, destination: string): Promise<Record<DeliveryStatus, number>> {
      const countOf = (status: DeliveryStatus) => db('outbox_deliveries').where({ status, sink, destination }).select(db.raw('? as status', [status])).count({ n: '*' });
      const rows = (await countOf('pending').unionAll([countOf('succeeded'), countOf('failed')])) as Array<{ status: string; n: number | string }>;
      const counted = new Map(rows.map((r) => [String(r.status), Number(r.n)]));
      return { pending: counted.get('pending') ?? 0, succeeded: counted.get('succeeded') ?? 0, failed: counted.get('failed') ?? 0 };
    },

    async get(id: string): Promise<DeliveryRecord | undefined> {
      const row = (await db('outbox_deliveries as d').join('outbox_events as ev', 'ev.seq', 'd.event_seq').where('d.id', id).first('d.*', 'ev.type')) as Row | undefined;
      return row ? toRecord(row) : undefined;
    },

    /** Sends a delivery again as soon as a dispatcher is free, with a fresh retry window. */
    async redeliver(id: string): Promise<DeliveryRecord | undefined> {
      const at = now();
      await db('outbox_deliveries')
        .where({ id })
        .update({ status: 'pending', next_attempt_at: at, retry_until: at + options.retryForMs, updated_at: at });
      // Read back before waking this process's dispatcher, so the answer shows it pending again
      // rather than whatever state a quick send has already left it in.
      const pending = await this.get(id);
      for (const listener of listeners) listener();
      return pending;
    },

    /**
     * Every failed delivery of a destination sent again, as redeliver does one (e.g. after an LRS
     * was down longer than the retry window). Returns how many.
     */
    async redeliverFailed(sink: string, destination: string): Promise<number> {
      const at = now();
      const moved = await db('outbox_deliveries')
        .where({ status: 'failed', sink, destination })
        .update({ status: 'pending', next_attempt_at: at, retry_until: at + options.retryForMs, updated_at: at });
      if (moved > 0) for (const listener of listeners) listener();
      return moved;
    },

    /**
     * Forgets deliveries that ended (succeeded or failed) before `before`, and events no delivery
     * refers to any more. Returns how many deliveries went.
     */
    async prune(before: number): Promise<number> {
      const gone = await db('outbox_deliveries').whereIn('status', ['succeeded', 'failed']).andWhere('updated_at', '<', before).delete();
      await db('outbox_events')
        .where('created_at', '<', before)
        .whereNotExists(function referenced(this: Knex.QueryBuilder) {
          this.select(db.raw('1')).from('outbox_deliveries as d').whereRaw('d.event_seq = outbox_events.seq');
        })
        .delete();
      return gone;
    },

    /** Forgets a destination's deliveries (its subscription is gone). */
    async deleteDestination(conn: Db, sink: string, destination: string): Promise<void> {
      await conn('outbox_deliveries').where({ sink, destination }).delete();
    },
  };
}

export type OutboxStore = ReturnType<typeof createOutboxStore>;
