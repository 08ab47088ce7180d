// /api/v1/xapi: whether this process forwards to an LRS, how the statements' deliveries stand,
// and sending them again. An LRS down for longer than the outbox's retry window leaves its
// deliveries failed, kept for SCORM_OUTBOX_RETENTION_DAYS; "redeliver" puts them back in line
// (same statement ids, so an LRS that did get one keeps one copy: xAPI 1.0.3 Data 2.4.1).
import Router from '@koa/router';
import type { XapiDelivery, XapiForwarding } from '../../contract/xapi.ts';
import type { OutboxStore } from '../db/outbox-store.ts';
import type { XapiConfig } from '../config.ts';
import type { DeliveryRecord } from '../outbox/outbox-types.ts';
import { conflict, notFound } from '../errors.ts';
import { XAPI_SINK } from '../xapi/xapi-sender.ts';
import { deliveryStateView, parseDeliveryStatus } from './delivery-view.ts';
import { parsePaging } from './paging.ts';
import { newRouter } from './router.ts';

export interface XapiRoutesDeps {
  /** SCORM_XAPI_* of this process; undefined when forwarding is off. */
  xapi: XapiConfig | undefined;
  /** The xAPI sink's one destination (outbox-wiring.ts). */
  destination: string;
  outbox: Pick<OutboxStore, 'list' | 'get' | 'counts' | 'redeliver' | 'redeliverFailed'>;
}

const ORDERING_PREFIX = 'xapi:';

function deliveryView(d: DeliveryRecord): XapiDelivery {
  const registrationId = d.orderingKey.startsWith(ORDERING_PREFIX) ? d.orderingKey.slice(ORDERING_PREFIX.length) : d.orderingKey;
  return { ...deliveryStateView(d), registration_id: registrationId };
}

export function xapiRoutes(deps: XapiRoutesDeps): Router {
  const { outbox, destination } = deps;
  const router = newRouter();

  const requireForwarding = () => {
    if (!deps.xapi) throw conflict('XAPI_NOT_CONFIGURED', 'xAPI forwarding is off in this server (SCORM_XAPI_ENDPOINT is not set): nothing would send the statements.');
  };

  router.get('/xapi', async (ctx) => {
    ctx.body = {
      enabled: deps.xapi !== undefined,
      endpoint: deps.xapi?.endpoint ?? null,
      deliveries: await outbox.counts(XAPI_SINK, destination),
    } satisfies XapiForwarding;
  });

  router.get('/xapi/deliveries', async (ctx) => {
    const { limit, offset } = parsePaging(ctx.query);
    const status = parseDeliveryStatus(ctx.query);
    const { items, total } = await outbox.list(XAPI_SINK, destination, limit, offset, status);
    ctx.body = { items: items.map(deliveryView), total };
  });

  // Every failed one: what an admin wants once the LRS is back after a long outage.
  router.post('/xapi/deliveries/redeliver', async (ctx) => {
    requireForwarding();
    ctx.status = 202;
    ctx.body = { redelivered: await outbox.redeliverFailed(XAPI_SINK, destination) };
  });

  router.post('/xapi/deliveries/:deliveryId/redeliver', async (ctx) => {
    const delivery = await outbox.get(ctx.params.deliveryId!);
    if (!delivery || delivery.sink !== XAPI_SINK || delivery.destination !== destination) throw notFound('That delivery', 'DELIVERY_NOT_FOUND');
    requireForwarding();
    ctx.status = 202;
    ctx.body = deliveryView((await outbox.redeliver(delivery.id))!);
  });

  return router;
}
