// The routes that describe the service itself: its health and this description.
import { json, object, type ApiArea } from './define.ts';
import { errors } from './errors.ts';

export const OPENAPI_PATH = '/api/v1/openapi.json';

export const serviceArea: ApiArea = {
  tag: { name: 'service', description: 'Health and this description; neither needs the admin token.' },
  schemas: {
    Health: object({ status: { type: 'string', enum: ['ok', 'error'] }, db: { type: 'string', enum: ['ok', 'unreachable'] } }),
  },
  paths: {
    '/healthz': {
      get: {
        operationId: 'getHealth',
        summary: 'Is this process up and can it reach its database?',
        description: 'Answered on both origins, without a token.',
        tags: ['service'],
        security: [],
        responses: {
          '200': json('Up, database reachable.', { $ref: '#/components/schemas/Health' }),
          '503': json('Up, database unreachable.', { $ref: '#/components/schemas/Health' }),
          ...errors({ 403: ['CROSS_ORIGIN_REFUSED'] }, { 403: 'A browser request that another site started.' }),
        },
      },
    },
    [OPENAPI_PATH]: {
      get: {
        operationId: 'getOpenApiDescription',
        summary: 'This OpenAPI 3.1 description',
        description: 'Public (it describes no secret), so client generators can read it; only this exact spelling of the path is served without the token (docs/decisions/0025-openapi-description.md).',
        tags: ['service'],
        security: [],
        responses: {
          '200': json('The description.', { type: 'object', required: ['openapi', 'info', 'paths'] }),
          ...errors({ 403: ['CROSS_ORIGIN_REFUSED'], 500: ['INTERNAL_ERROR'] }),
        },
      },
    },
  },
};
