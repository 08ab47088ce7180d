// ?status= of the outbox deliveries lists (webhooks, xAPI): one of the three states, or none.
import type { DeliveryStatus } from '../outbox/outbox-types.ts';
import { badRequest } from '../errors.ts';

const STATES: readonly DeliveryStatus[] = ['pending', 'succeeded', 'failed'];

export function parseDeliveryStatus(query: Record<string, unknown>): DeliveryStatus | undefined {
  const raw = query.status;
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !(STATES as readonly string[]).includes(raw)) {
    throw badRequest('INVALID_DELIVERY_STATUS', `status must be one of ${STATES.join(', ')}.`);
  }
  return raw as DeliveryStatus;
}
