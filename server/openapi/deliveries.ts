// What the two outbox deliveries lists (webhooks, xAPI) share in the description: ?status= and a
// delivery's state fields (contract/deliveries.ts, server/http/delivery-view.ts).
import { count, dateTime, type Parameter, type Schema } from './define.ts';

export const DELIVERY_STATES = ['pending', 'succeeded', 'failed'];

/** The {deliveryId} of the redeliver paths. */
export const deliveryId: Parameter = { name: 'deliveryId', in: 'path', required: true, description: "The delivery's id.", schema: { type: 'string', minLength: 1 } };

export const deliveryStatusParameter: Parameter = {
  name: 'status',
  in: 'query',
  description: 'Only the deliveries in this state. Another value is 400 INVALID_DELIVERY_STATUS.',
  schema: { type: 'string', enum: DELIVERY_STATES },
};

export const deliveryStateFields: Record<string, Schema> = {
  id: { type: 'string' },
  event_id: { type: 'string' },
  status: { type: 'string', enum: DELIVERY_STATES },
  attempts: count,
  next_attempt_at: { type: ['string', 'null'], format: 'date-time', description: 'When a pending delivery is tried next.' },
  last_response_code: { type: ['integer', 'null'] },
  last_attempt_at: { type: ['string', 'null'], format: 'date-time' },
  last_error: { type: ['string', 'null'] },
  created_at: dateTime,
};
