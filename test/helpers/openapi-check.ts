// Checks real answers of the admin app against the OpenAPI description (server/openapi/): a Koa
// middleware that test-app.ts puts in front of every admin app records each /api answer (and
// /healthz) and validates its body with ajv (JSON Schema 2020-12, compiled once per schema), and
// the job-stream clients validate every WebSocket frame and SSE message. A mismatch is printed at
// once with the route and ajv's error, and kept; test/helpers/openapi-final-check.ts fails the
// run at its end if there was any.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Middleware } from 'koa';
import { isAdminPath } from '../../server/http/middleware/admin-gate.ts';
import { METHODS, openApiDocument, type OpenApiDocument } from '../../server/openapi/document.ts';

const DOC_ID = 'https://scorm-lms.invalid/openapi.json';

export interface CheckLog {
  /** Admin apps started in this run (with the recorder in front). */
  apps: number;
  /** Answers and stream messages validated against a schema. */
  checked: number;
  /** How often each documented operation and status (`GET /api/v1/jobs/{id} 200`) answered. */
  seen: Map<string, number>;
  mismatches: string[];
}

export const checkLog: CheckLog = { apps: 0, checked: 0, seen: new Map(), mismatches: [] };

interface Compiled {
  doc: OpenApiDocument;
  ajv: InstanceType<typeof Ajv2020>;
  routes: Array<{ template: string; pattern: RegExp }>;
  validators: Map<string, ValidateFunction>;
}

let compiled: Compiled | undefined;

function compile(): Compiled {
  if (compiled) return compiled;
  const doc = openApiDocument();
  // strict: false lets the OpenAPI-only keywords (discriminator, x-*) and the non-schema parts of
  // the document sit beside the schemas; refs resolve as JSON pointers into the whole document.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(doc as object, DOC_ID);
  const routes = Object.keys(doc.paths).map((template) => ({
    template,
    pattern: new RegExp('^' + template.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+') + '$'),
  }));
  return (compiled = { doc, ajv, routes, validators: new Map() });
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

function validator(path: string): ValidateFunction {
  const c = compile();
  let validate = c.validators.get(path);
  if (!validate) {
    validate = c.ajv.getSchema(`${DOC_ID}#/${path}`);
    if (!validate) throw new Error(`OpenAPI check: no schema at ${path}`);
    c.validators.set(path, validate);
  }
  return validate;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('; ');
}

function mismatch(what: string, why: string): void {
  const line = `${what}: ${why}`;
  checkLog.mismatches.push(line);
  console.error(`\n  ✘ OpenAPI mismatch: ${line}`);
}

function validate(what: string, schemaPath: string, value: unknown): void {
  const check = validator(schemaPath);
  checkLog.checked++;
  if (!check(value)) mismatch(what, describe(check.errors));
}

export interface Answer {
  method: string;
  /** As sent, without the query. */
  path: string;
  status: number;
  contentType: string;
  /** Parsed JSON, or undefined for a stream or an empty body. */
  body: unknown;
}

/** The documented path template a concrete path falls under, if any. */
export function documentedPath(path: string): string | undefined {
  return compile().routes.find((route) => route.pattern.test(path))?.template;
}

export function checkAnswer(answer: Answer): void {
  const { doc } = compile();
  const method = answer.method.toLowerCase() === 'head' ? 'get' : answer.method.toLowerCase();
  const template = documentedPath(answer.path);
  const operation = template && METHODS.includes(method as never) ? doc.paths[template]?.[method as (typeof METHODS)[number]] : undefined;
  const what = `${answer.method} ${template ?? answer.path} → ${answer.status}`;
  if (!operation) {
    // Not an operation: only an error answer may come back (a 404 of the catch-all, the gate's 401).
    if (answer.status < 400) return mismatch(what, 'a success answer from a route the description does not have');
    if (answer.body !== undefined) validate(what, 'components/schemas/Error', answer.body);
    return;
  }
  const response = operation.responses[String(answer.status)] ?? operation.responses[`${String(answer.status)[0]}XX`];
  if (!response) return mismatch(what, `status ${answer.status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})`);
  const key = `${method.toUpperCase()} ${template} ${answer.status}`;
  checkLog.seen.set(key, (checkLog.seen.get(key) ?? 0) + 1);
  const types = Object.keys(response.content ?? {});
  if (types.length === 0) {
    if (answer.body !== undefined) mismatch(what, 'a body where the description has none');
    return;
  }
  const type = types.find((t) => answer.contentType.startsWith(t));
  if (!type) return mismatch(what, `content type "${answer.contentType}" is not one of ${types.join(', ')}`);
  if (answer.method === 'HEAD' || type !== 'application/json') return;
  validate(what, pointer('paths', template!, method, 'responses', String(answer.status), 'content', type, 'schema'), answer.body);
}

/** One message of a job's progress stream (WebSocket frame or SSE data line). */
export function checkJobStreamMessage(transport: 'WS /ws/jobs/{id}' | 'SSE GET /api/v1/jobs/{id}/events', message: unknown): void {
  validate(`${transport} message`, 'components/schemas/JobStreamMessage', message);
}

/** Recorder for an admin app: put first, so it sees the answer the client gets. */
export function recordAnswers(): Middleware {
  checkLog.apps++;
  compile();
  return async (ctx, next) => {
    await next();
    if (ctx.path !== '/healthz' && !isAdminPath(ctx.path)) return;
    // Never let the check change the answer: a problem here is a mismatch, not a 500.
    try {
      let body: unknown;
      const raw: unknown = ctx.body;
      if (raw !== null && raw !== undefined && ctx.response.is('json')) {
        if (typeof raw === 'string' || Buffer.isBuffer(raw)) body = JSON.parse(String(raw));
        else if (typeof (raw as { pipe?: unknown }).pipe !== 'function') body = JSON.parse(JSON.stringify(raw));
      }
      checkAnswer({ method: ctx.method, path: ctx.path, status: ctx.status, contentType: ctx.response.type, body });
    } catch (error) {
      mismatch(`${ctx.method} ${ctx.path} → ${ctx.status}`, `could not be checked: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}
