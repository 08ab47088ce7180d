// GET /api/v1/openapi.json and the description behind it (server/openapi/).
//
// How to document a new admin route: add it to the `paths` of its area's file in server/openapi/
// (packages.ts, jobs.ts, registrations.ts, reports.ts, service.ts; a new area is one more file
// listed in AREAS of document.ts): the path with `{param}` for `:param`, an operationId, a
// summary, the tag, and every status it answers with: `json('…', ref('Schema'))` for a success,
// `errors({ 404: ['…_NOT_FOUND'] })` for its error codes (401, 403 and 500 are added to every
// gated operation). New wire types go in the same file's `schemas`, closed (`object(...)`), and
// new error codes in contract/errors.ts and server/openapi/errors.ts (the type check says so).
// This file fails for a route of the app missing from the description (and for a described one
// the app does not have); every admin answer of the whole test run is then checked against it
// (test/helpers/openapi-check.ts, test/helpers/openapi-final-check.ts).
import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { ERROR_CODES, ALL_ERROR_CODES } from '../../server/openapi/errors.ts';
import { METHODS, openApiDocument } from '../../server/openapi/document.ts';
import { OPENAPI_PATH } from '../../server/openapi/service.ts';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { openJobSocket, readEventStream } from '../helpers/job-stream.ts';
import { checkLog } from '../helpers/openapi-check.ts';
import { rawRequest, routeLayers, VERBS } from '../helpers/route-table.ts';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../helpers/test-app.ts';
import { uploadZip, waitForJobEnd } from '../helpers/uploads.ts';

type Json = Record<string, any>;

/** Every `$ref` in a JSON value. */
function refsOf(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsOf(v, found));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string') found.push(v);
      else refsOf(v, found);
    }
  }
  return found;
}

function resolvePointer(doc: unknown, ref: string): unknown {
  return ref.slice(2).split('/').reduce<unknown>((node, part) => (node as Json | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
}

const structure = suite('OpenAPI description: structure');

structure('is an OpenAPI 3.1 document with the required fields', () => {
  const doc = openApiDocument('http://lms.example');
  assert.is(doc.openapi, '3.1.0');
  assert.type(doc.info.title, 'string');
  assert.type(doc.info.version, 'string');
  assert.equal(doc.servers, [{ url: 'http://lms.example', description: doc.servers[0]!.description }]);
  // JSON all the way: what is served is exactly this.
  assert.equal(JSON.parse(JSON.stringify(doc)), doc);
  const tags = new Set((doc.tags as Array<{ name: string }>).map((t) => t.name));
  const operationIds = new Set<string>();
  for (const [path, item] of [...Object.entries(doc.paths), ...Object.entries(doc.webhooks)]) {
    const isWebhook = !path.startsWith('/');
    const declared = new Set((item.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name));
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const where = `${method.toUpperCase()} ${path}`;
      assert.ok(op.operationId && !operationIds.has(op.operationId), `${where}: operationId missing or repeated`);
      operationIds.add(op.operationId);
      assert.ok(op.summary, `${where}: summary`);
      for (const tag of op.tags) assert.ok(tags.has(tag), `${where}: tag ${tag} is not in the tag list`);
      const params = new Set([...declared, ...(op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name)]);
      const inTemplate = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      if (!isWebhook) assert.equal([...params].sort(), inTemplate.sort(), `${where}: path parameters`);
      for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        if (p.in === 'path') assert.ok(p.required, `${where}: path parameter ${p.name} must be required`);
      }
      assert.ok(Object.keys(op.responses).length > 0, `${where}: responses`);
      for (const [status, response] of Object.entries(op.responses)) {
        assert.match(status, /^([1-5](\d\d|XX)|default)$/, `${where}: status key ${status}`);
        assert.ok(response.description, `${where} ${status}: description`);
      }
      if (!isWebhook && op.security === undefined) assert.ok(op.responses['401'], `${where}: a gated operation answers 401`);
    }
  }
  assert.ok(operationIds.size >= 18, `${operationIds.size} operations`);
});

structure('every $ref resolves and every component schema compiles as JSON Schema 2020-12', () => {
  const doc = openApiDocument();
  for (const ref of refsOf(doc)) {
    assert.ok(ref.startsWith('#/'), `external $ref ${ref}`);
    assert.ok(resolvePointer(doc, ref) !== undefined, `unresolved $ref ${ref}`);
  }
  const ajv = new Ajv2020({ strict: false });
  addFormats.default(ajv);
  ajv.addSchema(doc as object, 'https://scorm-lms.invalid/openapi.json');
  for (const name of Object.keys(doc.components.schemas!)) {
    assert.ok(ajv.getSchema(`https://scorm-lms.invalid/openapi.json#/components/schemas/${name}`), `schema ${name} does not compile`);
  }
});

structure('lists every error code once, with the error body shape', () => {
  const doc = openApiDocument();
  const schemas = doc.components.schemas as Json;
  assert.equal(schemas.ErrorCode.enum, ALL_ERROR_CODES);
  assert.is(new Set(ALL_ERROR_CODES).size, ALL_ERROR_CODES.length);
  for (const code of ['UNAUTHORIZED', 'PACKAGE_NOT_FOUND', 'MANIFEST_MISSING', 'UNSAFE_PATH', 'INTERNAL_ERROR']) assert.ok(ALL_ERROR_CODES.includes(code as never), code);
  assert.ok(ERROR_CODES.length > 40);
  assert.equal(schemas.Error.required, ['error']);
  assert.equal(schemas.Error.properties.error.required, ['code', 'message']);
});

structure('describes the job WebSocket, the SSE messages and the webhook payloads', () => {
  const doc = openApiDocument();
  const socket = (doc['x-websockets'] as Json)['/ws/jobs/{id}'];
  assert.equal(socket.serverMessages, { $ref: '#/components/schemas/JobStreamMessage' });
  assert.equal(Object.keys(socket.closeCodes).sort(), ['1000', '1008', '4401', '4403', '4404']);
  const sse = doc.paths['/api/v1/jobs/{id}/events']!.get!.responses['200']!.content!['text/event-stream']!;
  assert.equal(sse['x-sse-data'], { $ref: '#/components/schemas/JobStreamMessage' });
  assert.equal(Object.keys(doc.webhooks).sort(), [
    'import.completed', 'import.failed', 'package.deleted',
    'registration.completed', 'registration.failed', 'registration.passed', 'registration.progress',
  ]);
  const progress = doc.webhooks['registration.progress']!.post!;
  assert.is(progress.parameters![0]!.name, 'X-Scorm-Signature');
  const payload = resolvePointer(doc, (progress.requestBody!.content['application/json']!.schema as Json).$ref) as Json;
  assert.equal(payload.required, ['id', 'event', 'timestamp', 'registration']);
});

structure.run();

/** The router's `:param` and `{*rest}` in OpenAPI's spelling; null for the catch-all. */
function openApiPath(routerPath: string): string | null {
  if (routerPath.includes('{*')) return null;
  return routerPath.replace(/:(\w+)/g, '{$1}');
}

async function json(res: Response): Promise<Json> {
  return (await res.json()) as Json;
}

/** The operations the last test below drives to a success answer. */
const DRIVEN_HERE = [
  'uploadPackage', 'listPackages', 'getPackage', 'updatePackage', 'deletePackage', 'createPackageContentToken',
  'uploadPackageVersion', 'listPackageVersions', 'updateRegistration',
  'getJob', 'cancelJob', 'streamJobEvents',
  'createRegistration', 'listRegistrations', 'getRegistration', 'deleteRegistration', 'getRegistrationCmi', 'createLaunch',
  'getPackageReport', 'getPackageReportCsv', 'getHealth', 'getOpenApiDescription',
];

const post = (body: unknown, method = 'POST'): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

for (const kind of testDatabaseKinds()) {
  const test = suite<{ t: TestApp }>(`OpenAPI: GET /api/v1/openapi.json and the route table (${kind})`);
  test.before(async (ctx) => {
    ctx.t = await startTestApp(kind);
  });
  test.after(async (ctx) => ctx.t?.stop());

  test('every route of the admin app is described, and every described route exists', ({ t }) => {
    const doc = openApiDocument();
    const routed = new Set<string>();
    for (const layer of routeLayers(t.app.middleware)) {
      const path = openApiPath(layer.path);
      if (!path) continue;
      for (const method of layer.methods.filter((m) => VERBS.includes(m))) routed.add(`${method} ${path}`);
    }
    const described = new Set(Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`)));
    const undocumented = [...routed].filter((r) => !described.has(r));
    const stale = [...described].filter((r) => !routed.has(r));
    assert.equal(undocumented, [], `routes missing from server/openapi/ (see the comment at the top of this file): ${undocumented.join(', ')}`);
    assert.equal(stale, [], `described but not routed: ${stale.join(', ')}`);
    assert.ok(routed.size >= 18, `${routed.size} routes`);
  });

  test('is served without a token, as JSON, naming the admin origin as its server', async ({ t }) => {
    const res = await fetch(t.url + OPENAPI_PATH);
    assert.is(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const doc = await json(res);
    assert.equal(doc, JSON.parse(JSON.stringify(openApiDocument(t.url))));
    assert.is(doc.servers[0].url, t.url);
    const head = await fetch(t.url + OPENAPI_PATH, { method: 'HEAD' });
    assert.is(head.status, 200);
  });

  test('only that exact path and GET pass the admin gate without a token', async ({ t }) => {
    const spellings = [
      '/API/v1/openapi.json', '/api/v1/OPENAPI.json', '//api/v1/openapi.json', '/api/v1//openapi.json', '/api/v1/openapi.json/',
      '/api/./v1/openapi.json', '/x/../api/v1/openapi.json', '/%61pi/v1/openapi.json', '/api/v1/%6Fpenapi.json', '/api%2Fv1/openapi.json',
      '/api/v1/openapi.json;x', '/api/v1/openapi.json.', '/api\\v1/openapi.json', '/api/v1/openapi.json%00',
    ];
    for (const path of spellings) {
      const status = (await rawRequest(t.url, 'GET', path)).status;
      assert.ok(status === 401 || status === 404, `GET ${path} → ${status}`);
    }
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      assert.is((await rawRequest(t.url, method, OPENAPI_PATH)).status, 401, method);
    }
    // The same handler with the token, too.
    assert.is((await t.admin(OPENAPI_PATH)).status, 200);
  });

  test('a page of another site is refused, as everywhere on the admin origin', async ({ t }) => {
    const res = await rawRequest(t.url, 'GET', OPENAPI_PATH, { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' });
    assert.is(res.status, 403);
    assert.is(JSON.parse(res.body).error.code, 'CROSS_ORIGIN_REFUSED');
  });

  test('every described operation answers a documented success here, and every answer matches its schema', async ({ t }) => {
    const before = checkLog.mismatches.length;
    const seenBefore = new Map(checkLog.seen);
    // Packages and jobs: an upload to follow, one with ?wait, the streams, cancel of an ended job.
    const accepted = await uploadZip(t, fixturePath('golf-runtime-basic-2004-3rd'), '');
    assert.is(accepted.status, 202);
    const socket = openJobSocket(`${t.wsUrl}/ws/jobs/${accepted.body.job_id}?token=${TEST_ADMIN_TOKEN}`);
    const job = await waitForJobEnd(t, accepted.body.job_id);
    assert.is(job.status, 'completed');
    await socket.closed;
    assert.ok(socket.frames.length > 0);
    const events = await readEventStream(`${t.url}/api/v1/jobs/${job.job_id}/events`, { authorization: `Bearer ${TEST_ADMIN_TOKEN}` });
    assert.ok(events.messages.length > 0);
    assert.is((await t.admin(`/api/v1/jobs/${job.job_id}/cancel`, { method: 'POST' })).status, 409);
    const pkg2004 = job.package_id as string;
    const pkg12 = (await uploadZip(t, fixturePath('golf-runtime-minimum-12'))).body.id as string;
    // A job that no worker takes: its cancel is a 202, whatever the speed of the machine.
    const idle = await startTestApp(kind, { worker: false });
    try {
      const queued = await uploadZip(idle, fixturePath('golf-runtime-minimum-12'), '');
      assert.is((await idle.admin(`/api/v1/jobs/${queued.body.job_id}/cancel`, { method: 'POST' })).status, 202);
    } finally {
      await idle.stop();
    }
    assert.is((await uploadZip(t, fixturePath('emp-malformedxml-scorm12'))).status, 422);
    assert.is((await t.admin('/api/v1/packages?limit=2&q=golf')).status, 200);
    assert.is((await t.admin('/api/v1/packages?limit=x')).status, 400);
    for (const id of [pkg2004, pkg12]) {
      assert.is((await t.admin(`/api/v1/packages/${id}`)).status, 200);
      assert.is((await t.admin(`/api/v1/packages/${id}/content-token`, { method: 'POST' })).status, 200);
    }
    assert.is((await t.admin('/api/v1/packages/nope')).status, 404);

    // Registrations: create, find again, conflict, invalid, a commit so the data model has rows.
    const created = await t.admin('/api/v1/registrations', post({ id: 'r-openapi', package_id: pkg2004, learner: { id: 'l1', name: 'Ada' }, comments_from_lms: [{ comment: 'Hi', location: 'p1', timestamp: '2026-01-01T00:00:00Z' }] }));
    assert.is(created.status, 201);
    const launchUrl = (await json(created)).launch_url as string;
    assert.is((await t.admin('/api/v1/registrations', post({ id: 'r-openapi', package_id: pkg2004, learner: { id: 'l1', name: 'Ada' } }))).status, 200);
    assert.is((await t.admin('/api/v1/registrations', post({ id: 'r-openapi', package_id: pkg12, learner: { id: 'l2' } }))).status, 409);
    assert.is((await t.admin('/api/v1/registrations', post({ package_id: pkg12 }))).status, 422);
    assert.is((await t.admin('/api/v1/registrations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' })).status, 400);
    assert.is((await t.admin('/api/v1/registrations', post({ package_id: 'nope', learner: { id: 'l3' } }))).status, 404);
    const token = new URL(launchUrl).searchParams.get('token')!;
    const runtime = (path: string) => `${t.deliveryUrl}/runtime/r-openapi${path}?token=${token}`;
    const opened = (await json(await fetch(runtime('/attempts'), post({ item: 'item_1' })))) as Json;
    const commit = await fetch(runtime('/commit'), post({
      session_id: opened.session_id, sequence: 1, item: 'item_1', attempt: opened.attempt, reason: 'commit',
      changes: [['cmi.location', 'p2'], ['cmi.score.scaled', '0.8'], ['cmi.interactions.0.id', 'q1'], ['cmi.interactions.0.type', 'choice'], ['cmi.interactions.0.learner_response', 'a'], ['cmi.interactions.0.result', 'correct']],
    }));
    assert.is(commit.status, 200);
    assert.is((await t.admin('/api/v1/registrations?package_id=' + pkg2004)).status, 200);
    assert.is((await t.admin('/api/v1/registrations/r-openapi')).status, 200);
    const cmi = await json(await t.admin('/api/v1/registrations/r-openapi/cmi'));
    assert.is(cmi.scos[0].attempts[0].interactions.length, 1);
    assert.is((await t.admin('/api/v1/registrations/r-openapi/launch', post({ mode: 'review', revoke_previous: true }))).status, 200);
    assert.is((await t.admin('/api/v1/registrations/r-openapi/launch', post({ mode: 'x' }))).status, 422);
    assert.is((await t.admin('/api/v1/registrations/nope')).status, 404);

    // Webhooks: create (the secret once), list, read, an import's delivery, redeliver, delete.
    assert.is((await t.admin('/api/v1/webhooks', post({ url: 'http://127.0.0.1:9/hook', events: ['import.completed'] }))).status, 400, 'loopback refused by default');
    // A name no resolver knows (RFC 2606 .invalid): accepted, and its deliveries fail and wait.
    const hookCreated = await t.admin('/api/v1/webhooks', post({ url: 'http://hooks.invalid/hook', events: ['import.completed', 'package.deleted'] }));
    assert.is(hookCreated.status, 201);
    const hook = await json(hookCreated);
    assert.is((await t.admin('/api/v1/webhooks', post({ url: 'ftp://x', events: ['import.completed'] }))).status, 400);
    assert.is((await t.admin('/api/v1/webhooks')).status, 200);
    assert.is((await t.admin(`/api/v1/webhooks/${hook.id}`)).status, 200);
    assert.is((await uploadZip(t, fixturePath('golf-runtime-minimum-12'))).status, 201);
    const hookDeliveries = await json(await t.admin(`/api/v1/webhooks/${hook.id}/deliveries`));
    assert.is(hookDeliveries.items.length, 1);
    assert.is((await t.admin(`/api/v1/webhooks/${hook.id}/deliveries?limit=x`)).status, 400);
    assert.is((await t.admin(`/api/v1/webhooks/${hook.id}/deliveries/${hookDeliveries.items[0].id}/redeliver`, { method: 'POST' })).status, 202);
    assert.is((await t.admin(`/api/v1/webhooks/${hook.id}/deliveries/nope/redeliver`, { method: 'POST' })).status, 404);
    assert.is((await t.admin(`/api/v1/webhooks/${hook.id}`, { method: 'DELETE' })).status, 204);
    assert.is((await t.admin(`/api/v1/webhooks/${hook.id}`)).status, 404);

    // Package versions: a new version (at once, and with ?wait), the list, the package's and a registration's policy.
    const zip12 = { headers: { 'content-type': 'application/zip' }, body: new Uint8Array(readFileSync(fixturePath('golf-runtime-minimum-12'))) };
    const versionJob = await t.admin(`/api/v1/packages/${pkg12}/versions`, { method: 'POST', ...zip12 });
    assert.is(versionJob.status, 202);
    assert.is((await waitForJobEnd(t, (await json(versionJob)).job_id)).status, 'completed');
    assert.is((await t.admin(`/api/v1/packages/${pkg12}/versions?wait=true`, { method: 'POST', ...zip12 })).status, 201);
    assert.is((await t.admin('/api/v1/packages/nope/versions', { method: 'POST', ...zip12 })).status, 404);
    assert.is((await t.admin(`/api/v1/packages/${pkg12}/versions`)).status, 200);
    assert.is((await t.admin(`/api/v1/packages/${pkg12}`, post({ on_new_version: 'migrate' }, 'PATCH'))).status, 200);
    assert.is((await t.admin(`/api/v1/packages/${pkg12}`, post({ on_new_version: 'never' }, 'PATCH'))).status, 400);
    assert.is((await t.admin('/api/v1/registrations/r-openapi', post({ on_new_version: null }, 'PATCH'))).status, 200);

    // Reports, then deletes.
    assert.is((await t.admin(`/api/v1/packages/${pkg2004}/report`)).status, 200);
    const csv = await t.admin(`/api/v1/packages/${pkg2004}/report.csv`);
    assert.is(csv.status, 200);
    await csv.text();
    assert.is((await t.admin(`/api/v1/packages/${pkg2004}`, { method: 'DELETE' })).status, 409);
    assert.is((await t.admin('/api/v1/registrations/r-openapi', { method: 'DELETE' })).status, 204);
    assert.is((await t.admin(`/api/v1/packages/${pkg2004}`, { method: 'DELETE' })).status, 204);
    assert.is((await t.admin('/api/v1/nothing-here')).status, 404);
    assert.is((await fetch(`${t.url}/api/v1/packages`)).status, 401);
    assert.is((await fetch(`${t.url}/healthz`)).status, 200);
    assert.is((await fetch(t.url + OPENAPI_PATH)).status, 200);

    assert.equal(checkLog.mismatches.slice(before), [], 'answers that differ from the description');
    // Each operation driven above answered a success that was checked here (routes added later
    // are checked by their own tests through the run-wide answer check).
    const seenHere = [...checkLog.seen].filter(([key, n]) => n > (seenBefore.get(key) ?? 0)).map(([key]) => key);
    const doc = openApiDocument();
    const operations = new Map(Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => [item[m]!.operationId, `${m.toUpperCase()} ${path}`] as const)));
    for (const operationId of DRIVEN_HERE) {
      const key = operations.get(operationId);
      assert.ok(key, `${operationId} is not in the description`);
      assert.ok(seenHere.some((s) => s.startsWith(`${key} 2`)), `${key}: no success answer was checked`);
    }
  });

  test.run();
}
