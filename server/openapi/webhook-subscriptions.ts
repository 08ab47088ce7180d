// /api/v1/webhooks (server/http/webhooks-routes.ts): subscriptions, their deliveries and
// redelivery. What a subscribed URL receives is described in webhooks.ts.
import { dateTime, idParameter, json, jsonBody, object, page, pagingParameters, ref, type ApiArea, type Schema } from './define.ts';
import { deliveryId, deliveryStateFields, deliveryStatusParameter } from './deliveries.ts';
import { errors, JSON_BODY_ERRORS } from './errors.ts';

const EVENTS = ['registration.progress', 'registration.completed', 'registration.passed', 'registration.failed', 'import.completed', 'import.failed', 'package.deleted'];

const webhookFields: Record<string, Schema> = {
  id: { type: 'string' },
  url: { type: 'string', description: 'http or https; private and loopback addresses (literal, localhost, or what the name resolves to) are refused on creation (WEBHOOK_TARGET_PRIVATE) and again when sending, unless SCORM_WEBHOOK_ALLOW_PRIVATE=true.' },
  events: { type: 'array', items: { type: 'string', enum: EVENTS } },
  active: { type: 'boolean' },
  created_at: dateTime,
};

export const webhookSubscriptionsArea: ApiArea = {
  tag: { name: 'webhook-subscriptions', description: 'Webhooks: where events are POSTed, and how each delivery went.' },
  schemas: {
    Webhook: object(webhookFields),
    CreatedWebhook: object({ ...webhookFields, secret: { type: 'string', description: 'The signing secret (`whsec_…`), shown in this answer only.' } }),
    WebhookDelivery: object({ ...deliveryStateFields, event: { type: 'string' } }),
  },
  paths: {
    '/api/v1/webhooks': {
      post: {
        operationId: 'createWebhook',
        summary: 'Subscribe a URL to events; the answer shows the signing secret, once',
        tags: ['webhook-subscriptions'],
        requestBody: jsonBody(object({ url: { type: 'string' }, events: { type: 'array', minItems: 1, items: { type: 'string', enum: EVENTS } }, active: { type: 'boolean', default: true } }, ['active'])),
        responses: {
          '201': json('The webhook, with its secret.', ref('CreatedWebhook')),
          ...errors({ ...JSON_BODY_ERRORS, 400: [...JSON_BODY_ERRORS[400], 'INVALID_BODY', 'INVALID_WEBHOOK_URL', 'INVALID_WEBHOOK_EVENTS', 'WEBHOOK_TARGET_PRIVATE'] }),
        },
      },
      get: {
        operationId: 'listWebhooks',
        summary: 'Every webhook (without secrets)',
        tags: ['webhook-subscriptions'],
        responses: { '200': json('The webhooks, oldest first.', object({ items: { type: 'array', items: ref('Webhook') } })) },
      },
    },
    '/api/v1/webhooks/{id}': {
      parameters: [idParameter('webhook')],
      get: {
        operationId: 'getWebhook',
        summary: 'One webhook (without its secret)',
        tags: ['webhook-subscriptions'],
        responses: { '200': json('The webhook.', ref('Webhook')), ...errors({ 404: ['WEBHOOK_NOT_FOUND'] }) },
      },
      delete: {
        operationId: 'deleteWebhook',
        summary: 'Stop sending to a webhook; its deliveries are forgotten',
        tags: ['webhook-subscriptions'],
        responses: { '204': { description: 'Deleted.' }, ...errors({ 404: ['WEBHOOK_NOT_FOUND'] }) },
      },
    },
    '/api/v1/webhooks/{id}/deliveries': {
      parameters: [idParameter('webhook')],
      get: {
        operationId: 'listWebhookDeliveries',
        summary: "A webhook's deliveries, newest event first: status, attempts, last answer and time",
        tags: ['webhook-subscriptions'],
        parameters: [...pagingParameters, deliveryStatusParameter],
        responses: { '200': json('A page of deliveries.', page('WebhookDelivery')), ...errors({ 400: ['INVALID_PAGING', 'INVALID_DELIVERY_STATUS'], 404: ['WEBHOOK_NOT_FOUND'] }) },
      },
    },
    '/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': {
      parameters: [idParameter('webhook'), deliveryId],
      post: {
        operationId: 'redeliverWebhookDelivery',
        summary: 'Send a delivery again (same event id) as soon as a worker is free, with a fresh retry window',
        tags: ['webhook-subscriptions'],
        responses: { '202': json('The delivery, pending again.', ref('WebhookDelivery')), ...errors({ 404: ['WEBHOOK_NOT_FOUND', 'DELIVERY_NOT_FOUND'] }) },
      },
    },
  },
};
