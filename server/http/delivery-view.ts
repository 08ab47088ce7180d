// What the outbox deliveries lists (webhooks, xAPI) share: ?status= (one of the three states, or
// none), and a delivery's state as the wire shows it (contract/deliveries.ts).
import type { DeliveryState } from '../../contract/deliveries.ts';
import type { DeliveryRecord, DeliveryStatus } from '../outbox/outbox-types.ts';
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

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function deliveryStateView(d: DeliveryRecord): DeliveryState {
  return {
    id: d.id,
    event_id: d.eventId,
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    last_response_code: d.lastResponseCode,
    last_attempt_at: iso(d.lastAttemptAt),
    last_error: d.lastError,
    created_at: new Date(d.createdAt).toISOString(),
  };
}
