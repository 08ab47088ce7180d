// The webhook body written around the payload's stored text is byte for byte what serialising
// the event and its parsed payload gives (receivers verify the signature over these bytes).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { webhookBody } from '../../server/webhooks/webhook-sender.ts';

const event = { eventId: '5f0c1e8a-1b2c-4d3e-8f00-0123456789ab', type: 'registration.progress', eventCreatedAt: Date.UTC(2026, 11, 5, 23, 0, 0, 123) };
const longWay = (payload: unknown) => JSON.stringify({ id: event.eventId, event: event.type, timestamp: new Date(event.eventCreatedAt).toISOString(), ...(payload as Record<string, unknown>) });

test('the same bytes as serialising the event with its parsed payload', () => {
  const payloads: unknown[] = [
    { registration: { id: 'r-1', learner: { id: 'l "1"', name: 'Zoë \u2028 \\ /' }, score: { scaled: 0.5 }, scos: [{ id: 'item_1' }], last_accessed_at: null } },
    { job: { id: 'j', status: 'failed', error: { code: 'x', message: 'line\nbreak' } }, extra: [1, 2] },
    {},
    null,
  ];
  for (const payload of payloads) {
    assert.is(webhookBody({ ...event, payloadJson: JSON.stringify(payload) }), longWay(payload), JSON.stringify(payload));
  }
});

test.run();
