// Every route of every router of the app, read from the routers themselves: each admin route
// refuses a request without a token and with a wrong one in many spellings of its path (case,
// duplicate slashes, dot segments, percent-encoding, encoded slashes), answering 401 or 404,
// never a 2xx (but for the one exact path of the public OpenAPI description); the job socket
// likewise. Requests go out with node:http so paths stay unnormalised.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openJobSocket } from '../helpers/job-stream.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../helpers/test-app.ts';
import { uploadZip } from '../helpers/uploads.ts';
import { concretePath, rawRequest, routeLayers, VERBS } from '../helpers/route-table.ts';
import { OPENAPI_PATH } from '../../server/openapi/service.ts';

/** Spellings of /api/v1/<rest> that some reader (router, proxy, file server) could take for it. */
export function spellings(path: string): string[] {
  const rest = path.slice('/api/v1'.length);
  return [
    path,
    path.toUpperCase(),
    `/API/v1${rest}`,
    `/Api/v1${rest}`,
    `/api/V1${rest}`,
    `/aPi/v1${rest.toUpperCase()}`,
    `//api/v1${rest}`,
    `/api//v1${rest}`,
    `/api/v1/${rest}`,
    `${path}/`,
    `/api/./v1${rest}`,
    `/./api/v1${rest}`,
    `/x/../api/v1${rest}`,
    `/api/v1/../v1${rest}`,
    `/%61pi/v1${rest}`,
    `/%41PI/v1${rest}`,
    `/%2561pi/v1${rest}`,
    `/api%2Fv1${rest}`,
    `/api%2fv1${rest}`,
    `/%2Fapi/v1${rest}`,
    `/api%2F%2E%2Fv1${rest}`,
    `/api/v%31${rest}`,
    `/api\\v1${rest}`,
    `/api;x/v1${rest}`,
    `/api./v1${rest}`,
  ];
}

async function send(url: string, method: string, path: string, authorization?: string): Promise<number> {
  return (await rawRequest(url, method, path, authorization ? { authorization } : {})).status;
}

for (const kind of testDatabaseKinds()) {
  const test = suite<{ t: TestApp; ids: Record<string, string> }>(`route table and admin gate on ${kind}`);
  test.before(async (ctx) => {
    ctx.t = await startTestApp(kind);
    const pkg = (await uploadZip(ctx.t, fixturePath('golf-runtime-minimum-12'))).body;
    const reg = (await (await ctx.t.admin('/api/v1/registrations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ package_id: pkg.id, learner: { id: 'l1', name: 'Learner One' } }),
    })).json()) as { id: string };
    const jobs = await ctx.t.database.db('import_jobs').select('id');
    // A launch with a trace part, so GET /launches/:id/trace reaches its handler and answers 200.
    const db = ctx.t.database.db;
    await db('launches').insert({ id: 'launch-route-table', registration_id: reg.id, package_id: pkg.id, item_identifier: 'i', attempt: 1, mode: 'normal', user_agent: '', traced: true, started_at: 1 });
    await db('launch_traces').insert({ launch_id: 'launch-route-table', part: 0, registration_id: reg.id, part_json: JSON.stringify({ n: 0, s: ['LMSInitialize', 'true', ''], c: [[0, 0, 1, 0, 2]] }), call_count: 1, created_at: Date.now() });
    const hook = (await (await ctx.t.admin('/api/v1/webhooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'http://hooks.invalid/hook', events: ['import.failed'] }),
    })).json()) as { id: string };
    ctx.ids = { packages: pkg.id as string, registrations: reg.id, jobs: String(jobs[0]!.id), launches: 'launch-route-table', webhooks: hook.id };
  });
  test.after(async (ctx) => ctx.t?.stop());

  test('every router of both origins matches case-sensitively and strictly', ({ t }) => {
    const layers = [...routeLayers(t.app.middleware), ...routeLayers(t.delivery.middleware)];
    assert.ok(layers.length > 15, `found ${layers.length} layers`);
    for (const layer of layers) {
      assert.ok(layer.opts.sensitive, `${layer.path} is case-insensitive`);
      assert.ok(layer.opts.strict, `${layer.path} ignores trailing slashes`);
    }
  });

  test('every admin route refuses no token and a wrong token in every spelling', async ({ t, ids }) => {
    const admin = routeLayers(t.app.middleware).filter((l) => l.path.startsWith('/api/'));
    assert.ok(admin.length >= 14, `found ${admin.length} admin routes`);
    let checked = 0;
    for (const layer of admin) {
      const methods = layer.methods.filter((m) => VERBS.includes(m));
      const path = concretePath(layer.path, ids);
      for (const method of methods) {
        for (const spelling of spellings(path)) {
          for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Bearer ${TEST_ADMIN_TOKEN.toUpperCase()}`, TEST_ADMIN_TOKEN]) {
            const status = await send(t.url, method, spelling, authorization);
            const where = `${method} ${spelling} (${authorization ?? 'no token'}) → ${status}`;
            // The one public admin path (decision 0025): its exact spelling alone, GET alone.
            if (method === 'GET' && spelling === OPENAPI_PATH) {
              assert.is(status, 200, where);
              checked++;
              continue;
            }
            assert.ok(status === 401 || status === 404, where);
            if (spelling === path) assert.is(status, 401, where);
            checked++;
          }
        }
      }
    }
    assert.ok(checked > 1000, `checked ${checked}`);
  });

  test('with the token, each admin GET route reaches its handler (the ids are real)', async ({ t, ids }) => {
    const admin = routeLayers(t.app.middleware).filter((l) => l.path.startsWith('/api/') && l.methods.includes('GET') && !l.path.includes('{*'));
    for (const layer of admin) {
      if (layer.path.endsWith('/events')) continue; // a stream that stays open
      const path = concretePath(layer.path, ids);
      const status = await send(t.url, 'GET', path, `Bearer ${TEST_ADMIN_TOKEN}`);
      assert.is(status, 200, `GET ${path}`);
    }
  });

  test('the delivery origin serves no spelling of the admin API, token or not', async ({ t, ids }) => {
    const delivery = `http://127.0.0.1:${t.deliveryPort}`;
    for (const layer of routeLayers(t.app.middleware).filter((l) => l.path.startsWith('/api/'))) {
      for (const spelling of spellings(concretePath(layer.path, ids))) {
        for (const authorization of [undefined, `Bearer ${TEST_ADMIN_TOKEN}`]) {
          const status = await send(delivery, 'GET', spelling, authorization);
          assert.ok(status === 404 || status === 400, `delivery GET ${spelling} → ${status}`);
        }
      }
    }
  });

  test('routes outside /api need no admin token', async ({ t }) => {
    assert.is(await send(t.url, 'GET', '/healthz'), 200);
    assert.is(await send(t.url, 'GET', '/'), 200);
    assert.is(await send(t.url, 'GET', '/HEALTHZ'), 404);
  });

  test('the job socket refuses no token and a wrong one in every spelling', async ({ t, ids }) => {
    const base = t.wsUrl;
    const paths = [`/ws/jobs/${ids.jobs}`, `/WS/jobs/${ids.jobs}`, `/Ws/jobs/${ids.jobs}`, `//ws/jobs/${ids.jobs}`, `/%77s/jobs/${ids.jobs}`, `/ws%2Fjobs/${ids.jobs}`, `/ws/JOBS/${ids.jobs}`];
    for (const path of paths) {
      for (const query of ['', '?token=wrong-token-0123456789', `?token=${TEST_ADMIN_TOKEN.toUpperCase()}`]) {
        const client = openJobSocket(`${base}${path}${query}`);
        const closed = await client.closed;
        assert.is(client.frames.length, 0, `${path}${query} sent ${client.frames.length} frames`);
        assert.ok([4401, 1008].includes(closed.code), `${path}${query} closed ${closed.code}`);
        if (path === `/ws/jobs/${ids.jobs}`) assert.is(closed.code, 4401);
      }
    }
    const allowed = openJobSocket(`${base}/ws/jobs/${ids.jobs}?token=${TEST_ADMIN_TOKEN}`);
    assert.is((await allowed.first).type, 'progress');
    await allowed.closed;
  });

  test.run();
}
