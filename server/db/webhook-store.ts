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

export function createWebhookStore(db: Knex) {
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
      const row = (await db('webhooks').where({ id }).first('url', 'secret', 'active')) as Row | undefined;
      return row ? { url: String(row.url), secret: String(row.secret), active: Boolean(row.active) } : undefined;
    },

    /** Active webhooks subscribed to `type`, read on the enqueuing transaction. */
    async subscribedTo(conn: Db, type: string): Promise<string[]> {
      const rows = (await conn('webhooks').where({ active: true }).select('id', 'events_json')) as Row[];
      return rows.filter((r) => (JSON.parse(String(r.events_json)) as string[]).includes(type)).map((r) => String(r.id));
    },

    /** Removes the webhook and its deliveries in one transaction; false when there was none. */
    async delete(id: string): Promise<boolean> {
      return db.transaction(async (trx) => {
        await trx('outbox_deliveries').where({ sink: 'webhook', destination: id }).delete();
        return (await trx('webhooks').where({ id }).delete()) === 1;
      });
    },
  };
}

export type WebhookStore = ReturnType<typeof createWebhookStore>;
