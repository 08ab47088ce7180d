// /api/v1/xapi (server/http/xapi-routes.ts): xAPI forwarding's state and its deliveries to the LRS.
import { count, json, object, page, pagingParameters, ref, type ApiArea } from './define.ts';
import { DELIVERY_STATES, deliveryId, deliveryStateFields, deliveryStatusParameter } from './deliveries.ts';
import { errors } from './errors.ts';

export const xapiArea: ApiArea = {
  tag: { name: 'xapi', description: 'xAPI forwarding (SCORM_XAPI_ENDPOINT): statements on their way to the LRS, and sending failed ones again.' },
  schemas: {
    XapiForwarding: object({
      enabled: { type: 'boolean', description: 'SCORM_XAPI_ENDPOINT is set in the answering process.' },
      endpoint: { type: ['string', 'null'], description: "The LRS's xAPI base (SCORM_XAPI_ENDPOINT, which never carries credentials); null when forwarding is off." },
      deliveries: object(Object.fromEntries(DELIVERY_STATES.map((s) => [s, count])), [], 'How many deliveries are in each state (ended ones are kept SCORM_OUTBOX_RETENTION_DAYS).'),
    }),
    XapiDelivery: object({
      ...deliveryStateFields,
      event_id: { type: 'string', description: "The outbox event: one attempt opening's or commit's statements." },
      registration_id: { type: 'string' },
    }),
  },
  paths: {
    '/api/v1/xapi': {
      get: {
        operationId: 'getXapiForwarding',
        summary: 'Whether statements are forwarded, to which LRS, and how many deliveries are pending, succeeded or failed',
        tags: ['xapi'],
        responses: { '200': json('The forwarding state.', ref('XapiForwarding')) },
      },
    },
    '/api/v1/xapi/deliveries': {
      get: {
        operationId: 'listXapiDeliveries',
        summary: 'Deliveries of statements to the LRS, newest first',
        tags: ['xapi'],
        parameters: [...pagingParameters, deliveryStatusParameter],
        responses: { '200': json('A page of deliveries.', page('XapiDelivery')), ...errors({ 400: ['INVALID_PAGING', 'INVALID_DELIVERY_STATUS'] }) },
      },
    },
    '/api/v1/xapi/deliveries/redeliver': {
      post: {
        operationId: 'redeliverFailedXapiDeliveries',
        summary: 'Send every failed delivery again (same statement ids), with a fresh retry window',
        tags: ['xapi'],
        responses: { '202': json('How many deliveries are pending again.', object({ redelivered: count })), ...errors({ 409: ['XAPI_NOT_CONFIGURED'] }) },
      },
    },
    '/api/v1/xapi/deliveries/{deliveryId}/redeliver': {
      parameters: [deliveryId],
      post: {
        operationId: 'redeliverXapiDelivery',
        summary: 'Send one delivery again (same statement ids) as soon as a worker is free, with a fresh retry window',
        tags: ['xapi'],
        responses: { '202': json('The delivery, pending again.', ref('XapiDelivery')), ...errors({ 404: ['DELIVERY_NOT_FOUND'], 409: ['XAPI_NOT_CONFIGURED'] }) },
      },
    },
  },
};
