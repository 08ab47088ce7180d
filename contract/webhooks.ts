// Webhooks on the wire: /api/v1/webhooks, .../:id/deliveries, and the body receivers get
// (README "Webhooks").
import type { DeliveryState } from './deliveries.ts';

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  created_at: string;
}

/** The answer of POST /api/v1/webhooks: the only time the secret is shown. */
export interface CreatedWebhook extends Webhook {
  secret: string;
}

export interface WebhookDelivery extends DeliveryState {
  event: string;
}

/** What a receiver gets: plus `registration`, `job` or `package` by event. */
export interface WebhookEventBody {
  id: string;
  event: string;
  timestamp: string;
  registration?: unknown;
  job?: unknown;
  package?: unknown;
}
