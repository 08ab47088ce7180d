// Webhooks on the wire: /api/v1/webhooks, .../:id/deliveries, and the body receivers get
// (README "Webhooks").

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

export interface WebhookDelivery {
  id: string;
  event_id: string;
  event: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  next_attempt_at: string | null;
  last_response_code: number | null;
  last_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
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
