// The OpenAPI 3.1 description of the admin origin, served at GET /api/v1/openapi.json: every
// area's paths and schemas, the error body and every error code, the job WebSocket and SSE
// messages, and the outbound webhook payloads. To document a new route, add it to its area's
// file (or a new area listed in AREAS); test/server/openapi.test.ts fails for a route missing here.
import type { ApiArea, Method, Operation, PathItem } from './define.ts';
import { commonAdminErrors, errorSchemas } from './errors.ts';
import { jobsArea, jobSocketDescription } from './jobs.ts';
import { packagesArea } from './packages.ts';
import { registrationsArea } from './registrations.ts';
import { launchesArea } from './launches.ts';
import { reportsArea } from './reports.ts';
import { serviceArea } from './service.ts';
import { webhookSchemas, webhooks } from './webhooks.ts';
import { webhookSubscriptionsArea } from './webhook-subscriptions.ts';
import { xapiArea } from './xapi.ts';

export const AREAS: ApiArea[] = [packagesArea, jobsArea, registrationsArea, launchesArea, reportsArea, serviceArea, webhookSubscriptionsArea, xapiArea];

export const METHODS: Method[] = ['get', 'post', 'put', 'patch', 'delete'];

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: Record<string, unknown>;
  servers: Array<{ url: string; description: string }>;
  paths: Record<string, PathItem>;
  webhooks: Record<string, PathItem>;
  components: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** `serverUrl`: the admin origin as clients reach it (SCORM_PUBLIC_URL). */
export function openApiDocument(serverUrl = 'http://127.0.0.1:3000'): OpenApiDocument {
  const paths: Record<string, PathItem> = {};
  for (const area of AREAS) {
    for (const [path, item] of Object.entries(area.paths)) {
      if (paths[path]) throw new Error(`OpenAPI: ${path} is described by two areas`);
      paths[path] = withCommonErrors(item);
    }
  }
  const schemas = Object.assign({}, errorSchemas, ...AREAS.map((area) => area.schemas), webhookSchemas) as Record<string, unknown>;
  return {
    openapi: '3.1.0',
    info: {
      title: 'SCORM LMS admin API',
      version: '1',
      description: 'The admin origin of the SCORM LMS player and runtime server: packages and import jobs, registrations and launch URLs, reports. Every `/api/v1` call takes `Authorization: Bearer <admin token>`; every error is `{"error": {"code", "message"}}` with a code of `ErrorCode`. Learners never call this origin: they open the launch URLs, on the delivery origin.',
    },
    servers: [{ url: serverUrl, description: 'The admin origin (SCORM_PUBLIC_URL).' }],
    security: [{ adminToken: [] }],
    tags: [...AREAS.map((area) => area.tag), { name: 'webhooks', description: 'Events POSTed to your webhook URLs.' }],
    paths,
    webhooks,
    components: {
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'SCORM_ADMIN_TOKEN (or the generated data/admin-token).' },
      },
      schemas,
    },
    'x-websockets': jobSocketDescription,
  };
}

/** Every operation behind the admin gate can also answer 401, 403 and 500. */
function withCommonErrors(item: PathItem): PathItem {
  const out: PathItem = { ...item };
  for (const method of METHODS) {
    const operation = item[method];
    if (!operation) continue;
    const gated = operation.security === undefined;
    const common = gated ? commonAdminErrors : { '500': commonAdminErrors['500']! };
    out[method] = { ...operation, responses: { ...common, ...operation.responses } } satisfies Operation;
  }
  return out;
}
