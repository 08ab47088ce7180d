// The events a webhook can subscribe to (README "Webhooks").
export const WEBHOOK_EVENTS = [
  'registration.progress',
  'registration.completed',
  'registration.passed',
  'registration.failed',
  'import.completed',
  'import.failed',
  'package.deleted',
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_SINK = 'webhook';
