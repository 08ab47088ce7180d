// Import jobs (contract/jobs.ts): polling, cancel, and the progress stream that both the
// WebSocket WS /ws/jobs/{id} and the Server-Sent Events route send.
import { JOB_SOCKET_CLOSE } from '../../contract/jobs.ts';
import { count, dateTime, idParameter, json, nullable, object, ref, type ApiArea } from './define.ts';
import { errors } from './errors.ts';

const job = object({
  job_id: { type: 'string' },
  status: { type: 'string', enum: ['queued', 'processing', 'completed', 'failed', 'cancelled'] },
  stage: nullable({ type: 'string', enum: ['uploaded', 'validating', 'extracting', 'parsing', 'storing', 'finalizing'] }),
  progress: { type: 'integer', minimum: 0, maximum: 100, description: 'Never goes down.' },
  bytes_done: count,
  bytes_total: count,
  files_done: count,
  files_total: count,
  package_id: { type: ['string', 'null'], description: 'Set once the job completed.' },
  error: nullable(object({ code: ref('ErrorCode'), message: { type: 'string' } })),
  created_at: dateTime,
  updated_at: dateTime,
}, [], 'An import job: GET /api/v1/jobs/{id}, and the `data` of every progress message.');

const progressMessage = object({ type: { const: 'progress' }, data: ref('Job') }, [], 'The current Job: sent at once, then on every change (at least every 10 % or 500 ms while work moves); the last one carries a terminal status.');
const heartbeatMessage = object({ type: { const: 'heartbeat' }, at: dateTime }, [], 'Sent every SCORM_WS_HEARTBEAT_MS (30 s by default).');

export const jobsArea: ApiArea = {
  tag: { name: 'jobs', description: 'Import jobs and their live progress.' },
  schemas: {
    Job: job,
    UploadAccepted: object({
      job_id: { type: 'string' },
      status: { const: 'queued' },
      job_url: { type: 'string', description: 'Root-relative: GET it for the Job.' },
      ws_url: { type: 'string', description: 'Root-relative WebSocket path; add ?token=<admin token>.' },
      events_url: { type: 'string', description: 'Root-relative Server-Sent Events path.' },
    }),
    JobProgressMessage: progressMessage,
    JobHeartbeatMessage: heartbeatMessage,
    JobStreamMessage: {
      description: 'One message of a job\'s progress stream: one WebSocket text frame, or one SSE `data:` line.',
      oneOf: [ref('JobProgressMessage'), ref('JobHeartbeatMessage')],
      discriminator: { propertyName: 'type', mapping: { progress: '#/components/schemas/JobProgressMessage', heartbeat: '#/components/schemas/JobHeartbeatMessage' } },
    },
  },
  paths: {
    '/api/v1/jobs/{id}': {
      parameters: [idParameter('job')],
      get: {
        operationId: 'getJob',
        summary: 'Read an import job (for polling)',
        tags: ['jobs'],
        responses: { '200': json('The Job.', ref('Job')), ...errors({ 404: ['JOB_NOT_FOUND'] }) },
      },
    },
    '/api/v1/jobs/{id}/cancel': {
      parameters: [idParameter('job')],
      post: {
        operationId: 'cancelJob',
        summary: 'Cancel an import job',
        description: 'A running job stops within a second, removes what it wrote and ends `cancelled`.',
        tags: ['jobs'],
        responses: {
          '202': json('The Job, `cancelled` or about to be.', ref('Job')),
          ...errors({ 404: ['JOB_NOT_FOUND'], 409: ['JOB_ENDED'] }),
        },
      },
    },
    '/api/v1/jobs/{id}/events': {
      parameters: [idParameter('job')],
      get: {
        operationId: 'streamJobEvents',
        summary: 'Follow an import job as Server-Sent Events',
        description: 'The same messages as the WebSocket (`x-websockets` of this document), one JSON `JobStreamMessage` per `data:` line; the server ends the stream after the terminal Job. For clients behind proxies that break WebSockets.',
        tags: ['jobs'],
        responses: {
          '200': {
            description: 'An event stream that ends after the terminal Job.',
            content: { 'text/event-stream': { schema: { type: 'string' }, 'x-sse-data': ref('JobStreamMessage') } },
          },
          ...errors({ 404: ['JOB_NOT_FOUND'] }),
        },
      },
    },
  },
};

/** WebSocket endpoints: OpenAPI has no object for them, so they live in the `x-websockets` extension. */
export const jobSocketDescription = {
  '/ws/jobs/{id}': {
    summary: 'Follow an import job over a WebSocket',
    description: 'Connect with `?token=<admin token>` (browsers cannot set headers on a WebSocket). The server sends the current Job at once, then one message per change and heartbeats, and closes with 1000 after the terminal message; a client that reconnects mid-job gets the current state. Client messages are ignored.',
    parameters: [idParameter('job'), { name: 'token', in: 'query', required: true, description: 'The admin token.', schema: { type: 'string' } }],
    serverMessages: ref('JobStreamMessage'),
    closeCodes: {
      1000: 'The job ended (the reason is its status).',
      1008: 'Any path other than /ws/jobs/{id}.',
      [JOB_SOCKET_CLOSE.unauthorized]: 'No admin token, or a wrong one.',
      [JOB_SOCKET_CLOSE.forbiddenOrigin]: 'A page of another origin opened it (course content on the delivery origin, say).',
      [JOB_SOCKET_CLOSE.unknownJob]: 'No such job.',
    },
  },
};
