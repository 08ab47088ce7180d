// Outbound webhook payloads (OpenAPI 3.1 `webhooks`): what a subscribed URL receives, signed
// with X-Scorm-Signature (server/webhooks/, decision 0021). Each event is one POST whose body is
// {id, event, timestamp} beside the resource it is about, as the API shows that resource.
import { dateTime, object, ref, type Operation, type PathItem, type Schema } from './define.ts';

interface WebhookEvent {
  event: string;
  summary: string;
  /** The property that holds the resource, and its schema. */
  about: [name: string, schema: Schema];
}

const registration: [string, Schema] = ['registration', ref('Registration')];

const EVENTS: WebhookEvent[] = [
  { event: 'registration.progress', summary: 'A registration\'s completion, success or score changed', about: registration },
  { event: 'registration.completed', summary: 'A registration became completed', about: registration },
  { event: 'registration.passed', summary: 'A registration became passed', about: registration },
  { event: 'registration.failed', summary: 'A registration became failed', about: registration },
  { event: 'import.completed', summary: 'An import job completed', about: ['job', ref('Job')] },
  { event: 'import.failed', summary: 'An import job failed', about: ['job', ref('Job')] },
  { event: 'package.deleted', summary: 'A package was deleted', about: ['package', ref('PackageSummary')] },
];

const signature = {
  name: 'X-Scorm-Signature',
  in: 'header' as const,
  required: true,
  description: '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the webhook\'s secret>`. Recompute it over the raw body, compare in constant time, and refuse an old `t` (replays).',
  schema: { type: 'string', pattern: '^t=\\d+,v1=[0-9a-f]{64}$' },
};

function payloadName(event: string): string {
  return 'Webhook' + event.split(/[._]/).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

export const webhookSchemas: Record<string, Schema> = Object.fromEntries(
  EVENTS.map(({ event, about: [name, schema] }) => [
    payloadName(event),
    {
      ...object({
        id: { type: 'string', description: 'The event\'s unique id: de-duplicate on it (a delivery can be retried).' },
        event: { const: event },
        timestamp: { ...dateTime, description: 'When the event happened.' },
        [name]: schema,
      }),
      additionalProperties: true,
    },
  ]),
);

export const webhooks: Record<string, PathItem> = Object.fromEntries(
  EVENTS.map(({ event, summary }): [string, PathItem] => {
    const operation: Operation = {
      operationId: `webhook.${event}`,
      summary,
      description: 'POSTed as JSON to every active webhook subscribed to the event, with headers X-Scorm-Event and X-Scorm-Event-Id. Any 2xx answer is success; anything else (redirects too) is retried with backoff.',
      tags: ['webhooks'],
      parameters: [signature],
      requestBody: { required: true, content: { 'application/json': { schema: ref(payloadName(event)) } } },
      responses: { '2XX': { description: 'Received.' } },
    };
    return [event, { post: operation }];
  }),
);
