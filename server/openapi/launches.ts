// Launch history and API trace (contract/launches.ts; decision 0023): a registration's launches
// and one launch's recorded calls.
import { errors } from './errors.ts';
import { count, dateTime, idParameter, json, object, page, pagingParameters, ref, type ApiArea } from './define.ts';

const exitReason = {
  type: ['string', 'null'],
  enum: ['terminate', 'suspend', 'window_closed', 'timed_out', 'stale', null],
  description: 'How it ended; null: still open. A launch idle 30 minutes reads as timed_out.',
};

export const launchesArea: ApiArea = {
  tag: { name: 'launches', description: 'Launch history and API trace: every SCO session of a registration, how it ended, the errors its SCO was given, and its calls when traced.' },
  schemas: {
    Launch: object({
      id: { type: 'string', description: 'The runtime session id.' },
      registration_id: { type: 'string' },
      item_identifier: { type: 'string' },
      attempt: { type: 'integer', minimum: 1 },
      mode: { type: 'string', enum: ['normal', 'browse', 'review'] },
      user_agent: { type: 'string' },
      started_at: dateTime,
      ended_at: { type: ['string', 'null'], format: 'date-time' },
      last_seen_at: dateTime,
      exit_reason: exitReason,
      commit_count: count,
      bytes_received: count,
      error_count: count,
      errors: { type: 'array', maxItems: 50, items: object({ element: { type: 'string' }, code: { type: 'integer' }, name: { type: 'string' } }), description: 'The first errors returned to the SCO: the element (or function) and the SCORM error.' },
      session_time_seconds: { type: ['number', 'null'], description: 'What the SCO reported at Terminate; null when it never terminated.' },
      wall_time_seconds: { type: 'number', minimum: 0 },
      traced: { type: 'boolean' },
      trace_calls: count,
      trace_truncated: { type: 'boolean' },
    }),
    LaunchPage: page('Launch'),
    LaunchTrace: object({
      launch_id: { type: 'string' },
      registration_id: { type: 'string' },
      item_identifier: { type: 'string' },
      started_at: dateTime,
      calls: {
        type: 'array',
        maxItems: 5000,
        items: object({
          at_ms: count,
          fn: { type: 'string' },
          args: { type: 'array', items: { type: 'string' } },
          result: { type: 'string' },
          error: { type: 'integer' },
          error_name: { type: 'string' },
          line: { type: 'string', description: 'For a person: `12:03:04.120 LMSSetValue("cmi.core.lesson_status", "complete") → "false"  error 405 Incorrect data type` (UTC).' },
        }),
      },
      truncated: { type: 'boolean' },
      dropped: count,
    }),
  },
  paths: {
    '/api/v1/registrations/{id}/launches': {
      parameters: [idParameter('registration')],
      get: {
        operationId: 'listLaunches',
        summary: 'A registration\'s launch history, newest first',
        tags: ['launches'],
        parameters: [...pagingParameters],
        responses: { '200': json('A page of launches.', ref('LaunchPage')), ...errors({ 400: ['INVALID_PAGING'], 404: ['REGISTRATION_NOT_FOUND'] }) },
      },
    },
    '/api/v1/launches/{id}/trace': {
      parameters: [idParameter('launch')],
      get: {
        operationId: 'getLaunchTrace',
        summary: 'The API calls a traced launch recorded',
        tags: ['launches'],
        responses: {
          '200': json('The calls in order.', ref('LaunchTrace')),
          ...errors({ 404: ['LAUNCH_NOT_FOUND', 'TRACE_NOT_FOUND'] }, { 404: 'No such launch, or no trace: not traced, nothing called, or expired (SCORM_TRACE_DAYS).' }),
        },
      },
    },
  },
};
