// Registrations (contract/registrations.ts): a learner on a package, its launch URLs, its
// progress and its stored data model.
import { JSON_BODY_ERRORS, errors } from './errors.ts';
import { count, dateTime, idParameter, json, jsonBody, nullable, object, page, pagingParameters, ref, type ApiArea } from './define.ts';
import { onNewVersion } from './packages.ts';

const score = object({
  scaled: { type: ['number', 'null'] },
  raw: { type: ['number', 'null'] },
  min: { type: ['number', 'null'] },
  max: { type: ['number', 'null'] },
});

const comment = object({ comment: { type: 'string', maxLength: 4000 }, location: { type: 'string', maxLength: 250 }, timestamp: { type: 'string', description: 'ISO 8601.' } }, ['location', 'timestamp']);

const status = (values: string[]) => ({ type: 'string', description: `One of ${values.join(', ')}.` });
const completion = status(['completed', 'incomplete', 'not attempted', 'unknown']);
const success = status(['passed', 'failed', 'unknown']);

const cmiAttempt = object({
  attempt: { type: 'integer' },
  version: { type: 'string', enum: ['1.2', '2004'] },
  completion_status: { type: ['string', 'null'] },
  success_status: { type: ['string', 'null'] },
  lesson_status: { type: ['string', 'null'] },
  entry: { type: ['string', 'null'] },
  exit: { type: ['string', 'null'] },
  ended: { type: ['boolean', 'integer'] },
  archived: { type: 'boolean', description: 'Set aside by a move to a newer package version (kept for the report).' },
  sessions: count,
  commits: { type: 'integer', description: "The commits of the attempt's latest session (each session's sequence starts again at 1); `GET /registrations/{id}/launches` has every session's." },
  suspend_data_length: count,
  data: { type: 'object', description: 'The SCO\'s full data model as stored, keyed by CMI element.' },
  interactions: { type: 'array', items: { type: 'object' } },
  objectives: { type: 'array', items: { type: 'object' } },
  updated_at: dateTime,
});

const invalidRequest = { 422: ['INVALID_REQUEST'] } as const;

export const registrationsArea: ApiArea = {
  tag: { name: 'registrations', description: 'A learner on a package: launch URLs, progress, data model.' },
  schemas: {
    Score: score,
    ScoProgress: object({
      item_identifier: { type: 'string' },
      title: { type: 'string' },
      completion_status: completion,
      success_status: success,
      score: ref('Score'),
      total_time_seconds: { type: 'number', minimum: 0 },
      attempts: count,
      last_accessed_at: { type: ['string', 'null'], format: 'date-time' },
    }),
    CommentFromLms: comment,
    Registration: object({
      id: { type: 'string' },
      package_id: { type: 'string' },
      learner: object({ id: { type: 'string' }, name: { type: 'string' } }),
      comments_from_lms: { type: 'array', items: ref('CommentFromLms') },
      completion_status: completion,
      success_status: success,
      score: ref('Score'),
      total_time_seconds: { type: 'number', minimum: 0 },
      attempt: { type: 'integer' },
      created_at: dateTime,
      last_accessed_at: { type: ['string', 'null'], format: 'date-time' },
      scos: { type: 'array', items: ref('ScoProgress') },
      package_version: { type: 'integer', minimum: 1, description: 'The package version it runs; it moves only at a launch, by its policy.' },
      on_new_version: { ...nullable(onNewVersion), description: 'Its own policy; null when the package\'s applies.' },
      effective_on_new_version: onNewVersion,
      version_change: nullable(ref('VersionChange')),
      trace: { type: 'boolean', description: 'Every launch records its full API trace (decision 0023).' },
      launch_url: { type: 'string', format: 'uri', description: 'On the answer of POST /api/v1/registrations only: absolute on the delivery origin.' },
    }, ['launch_url']),
    VersionChange: object({
      from_version: { type: 'integer', minimum: 1 },
      to_version: { type: 'integer', minimum: 1 },
      policy: { type: 'string', enum: ['restart', 'migrate'] },
      at: dateTime,
      items_removed: { type: 'array', items: object({ identifier: { type: 'string' }, title: { type: 'string' } }), description: 'migrate: items with SCO data the new version no longer has.' },
      items_carried: { type: 'array', items: { type: 'string' } },
      sequencing_state: { type: 'string', enum: ['kept', 'cleared'] },
    }, [], 'The last move onto a newer package version.'),
    RegistrationPatch: {
      ...object({
        on_new_version: nullable(onNewVersion),
        trace: { type: 'boolean', description: 'Record the API trace of its launches (decision 0023).' },
      }, ['on_new_version', 'trace']),
      additionalProperties: true,
    },
    RegistrationPage: page('Registration'),
    NewRegistration: {
      ...object({
        id: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$', description: 'Your own id; generated when absent.' },
        package_id: { type: 'string', maxLength: 64 },
        learner: object({ id: { type: 'string', minLength: 1, maxLength: 255 }, name: { type: 'string', maxLength: 255 } }, ['name']),
        comments_from_lms: { type: 'array', maxItems: 250, items: ref('CommentFromLms'), description: 'Feeds cmi.comments_from_lms.' },
        on_new_version: { ...nullable(onNewVersion), description: 'Its own policy; absent or null: the package\'s.' },
        trace: { type: 'boolean', default: false, description: 'Record the API trace of its launches (decision 0023).' },
      }, ['id', 'comments_from_lms', 'on_new_version', 'trace']),
      additionalProperties: true,
    },
    LaunchRequest: {
      ...object({
        expires_in: { type: 'integer', minimum: 60, maximum: 2592000, default: 28800, description: 'Seconds.' },
        mode: { type: 'string', enum: ['normal', 'browse', 'review'], default: 'normal' },
        credit: { type: 'string', enum: ['credit', 'no-credit'], default: 'credit' },
        revoke_previous: { type: 'boolean', default: false, description: 'Every earlier launch URL of the registration stops working (401 TOKEN_REVOKED).' },
      }, ['expires_in', 'mode', 'credit', 'revoke_previous']),
      additionalProperties: true,
    },
    LaunchAnswer: object({
      launch_url: { type: 'string', format: 'uri' },
      expires_in: { type: 'integer' },
      mode: { type: 'string', enum: ['normal', 'browse', 'review'] },
      credit: { type: 'string', enum: ['credit', 'no-credit'] },
      revoked_previous: { type: 'boolean' },
    }),
    RegistrationCmi: object({
      registration_id: { type: 'string' },
      scos: { type: 'array', items: object({ item_identifier: { type: 'string' }, attempts: { type: 'array', items: cmiAttempt } }) },
    }),
  },
  paths: {
    '/api/v1/registrations': {
      post: {
        operationId: 'createRegistration',
        summary: 'Create a registration (or find it again by its id)',
        description: 'An existing id for the same package and learner is answered with 200; for another, 409.',
        tags: ['registrations'],
        requestBody: jsonBody(ref('NewRegistration')),
        responses: {
          '200': json('It existed already.', ref('Registration')),
          '201': json('Created, with `launch_url`.', ref('Registration')),
          ...errors({ ...JSON_BODY_ERRORS, 400: [...JSON_BODY_ERRORS[400], 'INVALID_VERSION_POLICY'], 404: ['PACKAGE_NOT_FOUND'], 409: ['REGISTRATION_CONFLICT'], ...invalidRequest }, { 422: 'A field is missing or wrong; `error.field` names it.' }),
        },
      },
      get: {
        operationId: 'listRegistrations',
        summary: 'List registrations',
        tags: ['registrations'],
        parameters: [
          ...pagingParameters,
          { name: 'package_id', in: 'query', schema: { type: 'string' } },
          { name: 'learner_id', in: 'query', schema: { type: 'string' } },
        ],
        responses: { '200': json('A page of registrations.', ref('RegistrationPage')), ...errors({ 400: ['INVALID_PAGING'] }) },
      },
    },
    '/api/v1/registrations/{id}': {
      parameters: [idParameter('registration')],
      get: {
        operationId: 'getRegistration',
        summary: 'Read a registration\'s progress and scores',
        tags: ['registrations'],
        responses: { '200': json('The registration.', ref('Registration')), ...errors({ 404: ['REGISTRATION_NOT_FOUND'] }) },
      },
      patch: {
        operationId: 'updateRegistration',
        summary: 'Set the registration\'s own on_new_version (null: the package\'s) and its trace switch',
        tags: ['registrations'],
        requestBody: jsonBody(ref('RegistrationPatch')),
        responses: {
          '200': json('The registration.', ref('Registration')),
          ...errors({ ...JSON_BODY_ERRORS, 400: [...JSON_BODY_ERRORS[400], 'INVALID_BODY', 'INVALID_VERSION_POLICY'], 404: ['REGISTRATION_NOT_FOUND'], ...invalidRequest }, { 422: '`trace` is not a boolean; `error.field` names it.' }),
        },
      },
      delete: {
        operationId: 'deleteRegistration',
        summary: 'Delete a registration and its data (its launch URLs stop working)',
        tags: ['registrations'],
        responses: { '204': { description: 'Deleted.' }, ...errors({ 404: ['REGISTRATION_NOT_FOUND'] }) },
      },
    },
    '/api/v1/registrations/{id}/cmi': {
      parameters: [idParameter('registration')],
      get: {
        operationId: 'getRegistrationCmi',
        summary: 'Every SCO\'s full stored data model, all attempts',
        tags: ['registrations'],
        responses: { '200': json('The data model per SCO and attempt.', ref('RegistrationCmi')), ...errors({ 404: ['REGISTRATION_NOT_FOUND'] }) },
      },
    },
    '/api/v1/registrations/{id}/launch': {
      parameters: [idParameter('registration')],
      post: {
        operationId: 'createLaunch',
        summary: 'Mint a fresh launch URL',
        tags: ['registrations'],
        requestBody: jsonBody(ref('LaunchRequest'), 'Every field is optional; an empty body takes the defaults.', false),
        responses: {
          '200': json('The launch URL, absolute on the delivery origin.', ref('LaunchAnswer')),
          ...errors({ ...JSON_BODY_ERRORS, 404: ['REGISTRATION_NOT_FOUND'], ...invalidRequest }, { 422: 'A field is wrong; `error.field` names it.' }),
        },
      },
    },
  },
};
