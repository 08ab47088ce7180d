// Webhook subscriptions in SQL (the webhooks table). The secret is kept as it is, since the
// dispatcher signs with it (docs/security.md); it leaves this store only for the signer.
import type { Knex } from 'knex';
import type { Db } from './connect.ts';

export interface WebhookRecord {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  createdAt: number;
}

export interface NewWebhook extends WebhookRecord {
  secret: string;
}

type Row = Record<string, unknown>;

function toRecord(row: Row): WebhookRecord {
  return {
    id: String(row.id),
    url: String(row.url),
    events: JSON.parse(String(row.events_json)) as string[],
    active: Boolean(row.active),
    createdAt: Number(row.created_at),
  };
}

/**
 * How long a webhook created or deleted by another process may go unseen by this one (decision
 * 0029). The process that made the change sees it at once. Asking the table on every commit that
 * could cause an event cost a round trip per commit and one more inside every group commit.
 */
export const SUBSCRIPTIONS_FRESH_MS = 1000;

interface Subscription {
  id: string;
  url: string;
  secret: string;
  active: boolean;
  events: ReadonlySet<string>;
}

interface Snapshot {
  takenAt: number;
  subscriptions: Promise<ReadonlyMap<string, Subscription>>;
}

// One snapshot of the (small) webhooks table per database handle, shared by every store made on
// it in this process, so a change made through one store is seen by the others at once.
const snapshots = new WeakMap<Knex, Snapshot>();

/** `via`: the handle to read with when the snapshot is stale (a caller's transaction: SQLite has one connection). */
function subscriptionsOf(db: Knex, now: () => number, via: Db = db): Promise<ReadonlyMap<string, Subscription>> {
  const kept = snapshots.get(db);
  if (kept && now() - kept.takenAt < SUBSCRIPTIONS_FRESH_MS) return kept.subscriptions;
  const subscriptions = (async () => {
    const rows = (await via('webhooks').select('id', 'url', 'secret', 'active', 'events_json')) as Row[];
    return new Map(
      rows.map((r) => [
        String(r.id),
        { id: String(r.id), url: String(r.url), secret: String(r.secret), active: Boolean(r.active), events: new Set(JSON.parse(String(r.events_json)) as string[]) },
      ]),
    );
  })();
  const snapshot = { takenAt: now(), subscriptions };
  snapshots.set(db, snapshot);
  // A failed read is not kept: the next caller asks again.
  subscriptions.catch(() => {
    if (snapshots.get(db) === snapshot) snapshots.delete(db);
  });
  return subscriptions;
}

export function createWebhookStore(db: Knex, now: () => number = Date.now) {
  const forget = () => snapshots.delete(db);
  return {
    async create(webhook: NewWebhook): Promise<WebhookRecord> {
      await db('webhooks').insert({
        id: webhook.id,
        url: webhook.url,
        events_json: JSON.stringify(webhook.events),
        secret: webhook.secret,
        active: webhook.active,
        created_at: webhook.createdAt,
      });
      forget();
      return toRecord((await db('webhooks').where({ id: webhook.id }).first()) as Row);
    },

    async list(): Promise<WebhookRecord[]> {
      return ((await db('webhooks').orderBy([{ column: 'created_at' }, { column: 'id' }])) as Row[]).map(toRecord);
    },

    async get(id: string): Promise<WebhookRecord | undefined> {
      const row = (await db('webhooks').where({ id }).first()) as Row | undefined;
      return row ? toRecord(row) : undefined;
    },

    /** What the sender needs: where to post and how to sign; undefined once deleted. */
    async target(id: string): Promise<{ url: string; secret: string; active: boolean } | undefined> {
      const found = (await subscriptionsOf(db, now)).get(id);
      return found ? { url: found.url, secret: found.secret, active: found.active } : undefined;
    },

    /** Active webhooks subscribed to `type` (as of SUBSCRIPTIONS_FRESH_MS ago at most). */
    async subscribedTo(conn: Db, type: string): Promise<string[]> {
      return [...(await subscriptionsOf(db, now, conn)).values()].filter((s) => s.active && s.events.has(type)).map((s) => s.id);
    },

    /** Whether an active webhook is subscribed to one of `types`. */
    async anySubscribed(types: readonly string[]): Promise<boolean> {
      return [...(await subscriptionsOf(db, now)).values()].some((s) => s.active && types.some((t) => s.events.has(t)));
    },

    /** Removes the webhook and its deliveries in one transaction; false when there was none. */
    async delete(id: string): Promise<boolean> {
      return db.transaction(async (trx) => {
        await trx('outbox_deliveries').where({ sink: 'webhook', destination: id }).delete();
        return (await trx('webhooks').where({ id }).delete()) === 1;
      }).finally(forget);
    },
  };
}

export type WebhookStore = ReturnType<typeof createWebhookStore>;
