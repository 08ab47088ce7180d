// The one place that says which routes fan events out and which senders deliver them, so every
// process (web, worker, all) builds the same outbox. Another sink (xAPI) adds its route and
// sender here.
import type { Knex } from 'knex';
import type { Config } from '../config.ts';
import { createOutboxStore, type OutboxStore } from '../db/outbox-store.ts';
import { createWebhookStore } from '../db/webhook-store.ts';
import type { Logger } from '../log.ts';
import { WEBHOOK_SINK } from '../webhooks/webhook-events.ts';
import { createWebhookSender } from '../webhooks/webhook-sender.ts';
import { createXapiSender, XAPI_EVENT, XAPI_SINK } from '../xapi/xapi-sender.ts';
import { createDispatcher, type Dispatcher } from './dispatcher.ts';
import type { OutboxRoute, OutboxSender } from './outbox-types.ts';

type OutboxConfig = Pick<Config, 'outbox' | 'webhookAllowPrivate' | 'xapi'>;

/** The one LRS of SCORM_XAPI_ENDPOINT, as the xAPI sink's destination. */
export const LRS = 'lrs';

export function outboxRoutes(db: Knex, config: OutboxConfig): OutboxRoute[] {
  const webhooks = createWebhookStore(db);
  return [
    { sink: WEBHOOK_SINK, destinations: (conn, event) => webhooks.subscribedTo(conn, event.type), wants: (types) => webhooks.anySubscribed(types) },
    // xAPI statements are only ever enqueued while SCORM_XAPI_ENDPOINT is set.
    ...(config.xapi
      ? [{ sink: XAPI_SINK, destinations: async (_conn: unknown, event: { type: string }) => (event.type === XAPI_EVENT ? [LRS] : []), wants: async (types: readonly string[]) => types.includes(XAPI_EVENT) }]
      : []),
  ];
}

export function outboxSenders(db: Knex, config: OutboxConfig): OutboxSender[] {
  return [
    createWebhookSender(createWebhookStore(db), { allowPrivate: config.webhookAllowPrivate }),
    ...(config.xapi ? [createXapiSender(config.xapi)] : []),
  ];
}

export function createOutbox(db: Knex, config: OutboxConfig, now?: () => number): OutboxStore {
  return createOutboxStore(db, { routes: outboxRoutes(db, config), retryForMs: config.outbox.retryForMs, ...(now ? { now } : {}) });
}

export function createOutboxDispatcher(outbox: OutboxStore, db: Knex, config: OutboxConfig, logger?: Logger): Dispatcher {
  const { leaseMs, pollMs, retryBaseMs, retryMaxMs, retentionMs } = config.outbox;
  return createDispatcher(outbox, {
    senders: outboxSenders(db, config),
    leaseMs,
    pollMs,
    backoff: { baseMs: retryBaseMs, maxMs: retryMaxMs },
    retentionMs,
    ...(logger ? { logger } : {}),
  });
}
