// /api/v1/webhooks: subscriptions (the secret shown once, on creation), their deliveries, and
// redelivery. Sending is the worker's (server/outbox/dispatcher.ts).
import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import type { CreatedWebhook, Webhook, WebhookDelivery } from '../../contract/webhooks.ts';
import type { OutboxStore } from '../db/outbox-store.ts';
import type { WebhookRecord, WebhookStore } from '../db/webhook-store.ts';
import type { DeliveryRecord } from '../outbox/outbox-types.ts';
import { badRequest, notFound } from '../errors.ts';
import { webhookTargetProblem, webhookUrlProblem } from '../webhooks/safe-request.ts';
import { newWebhookSecret } from '../webhooks/signature.ts';
import { WEBHOOK_EVENTS, WEBHOOK_SINK } from '../webhooks/webhook-events.ts';
import { deliveryStateView, parseDeliveryStatus } from './delivery-view.ts';
import { parsePaging } from './paging.ts';
import { readJsonObject } from './read-json.ts';
import { newRouter } from './router.ts';

export interface WebhookRoutesDeps {
  webhooks: WebhookStore;
  outbox: Pick<OutboxStore, 'list' | 'get' | 'redeliver'>;
  /** SCORM_WEBHOOK_ALLOW_PRIVATE: subscriptions may point at loopback and private addresses. */
  allowPrivate: boolean;
  now?: () => number;
}

function view(record: WebhookRecord): Webhook {
  return { id: record.id, url: record.url, events: record.events, active: record.active, created_at: new Date(record.createdAt).toISOString() };
}

function deliveryView(d: DeliveryRecord): WebhookDelivery {
  return { ...deliveryStateView(d), event: d.type };
}

function parseWebhookInput(body: Record<string, unknown>): { url: string; events: string[]; active: boolean } {
  const { url, events, active } = body;
  if (typeof url !== 'string') throw badRequest('INVALID_WEBHOOK_URL', 'url is required: the http(s) URL events are posted to.');
  const problem = webhookUrlProblem(url);
  if (problem) throw badRequest('INVALID_WEBHOOK_URL', `url ${problem}.`);
  const known = WEBHOOK_EVENTS as readonly string[];
  if (!Array.isArray(events) || events.length === 0 || !events.every((e) => typeof e === 'string')) {
    throw badRequest('INVALID_WEBHOOK_EVENTS', `events must be a non-empty array of: ${known.join(', ')}.`);
  }
  const unknown = events.filter((e) => !known.includes(e as string));
  if (unknown.length > 0) throw badRequest('INVALID_WEBHOOK_EVENTS', `Unknown event(s) ${unknown.join(', ')}; known: ${known.join(', ')}.`);
  if (active !== undefined && typeof active !== 'boolean') throw badRequest('INVALID_BODY', 'active must be true or false.');
  return { url, events: [...new Set(events as string[])], active: active ?? true };
}

export function webhooksRoutes(deps: WebhookRoutesDeps): Router {
  const { webhooks, outbox } = deps;
  const now = deps.now ?? Date.now;
  const router = newRouter();

  async function existing(id: string): Promise<WebhookRecord> {
    const record = await webhooks.get(id);
    if (!record) throw notFound('That webhook', 'WEBHOOK_NOT_FOUND');
    return record;
  }

  router.post('/webhooks', async (ctx) => {
    const input = parseWebhookInput(await readJsonObject(ctx));
    const target = await webhookTargetProblem(input.url, deps.allowPrivate);
    if (target) throw badRequest('WEBHOOK_TARGET_PRIVATE', `url ${target}.`);
    const secret = newWebhookSecret();
    const record = await webhooks.create({ id: randomUUID(), ...input, secret, createdAt: now() });
    ctx.status = 201;
    ctx.body = { ...view(record), secret } satisfies CreatedWebhook;
  });

  router.get('/webhooks', async (ctx) => {
    ctx.body = { items: (await webhooks.list()).map(view) };
  });

  router.get('/webhooks/:id', async (ctx) => {
    ctx.body = view(await existing(ctx.params.id!));
  });

  router.delete('/webhooks/:id', async (ctx) => {
    if (!(await webhooks.delete(ctx.params.id!))) throw notFound('That webhook', 'WEBHOOK_NOT_FOUND');
    ctx.status = 204;
  });

  router.get('/webhooks/:id/deliveries', async (ctx) => {
    const webhook = await existing(ctx.params.id!);
    const { limit, offset } = parsePaging(ctx.query);
    const { items, total } = await outbox.list(WEBHOOK_SINK, webhook.id, limit, offset, parseDeliveryStatus(ctx.query));
    ctx.body = { items: items.map(deliveryView), total };
  });

  router.post('/webhooks/:id/deliveries/:deliveryId/redeliver', async (ctx) => {
    const webhook = await existing(ctx.params.id!);
    const delivery = await outbox.get(ctx.params.deliveryId!);
    if (!delivery || delivery.sink !== WEBHOOK_SINK || delivery.destination !== webhook.id) throw notFound('That delivery', 'DELIVERY_NOT_FOUND');
    ctx.status = 202;
    ctx.body = deliveryView((await outbox.redeliver(delivery.id))!);
  });

  return router;
}
