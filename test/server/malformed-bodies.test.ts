// Every route of the app (read from its routers) with malformed bodies (null, [], "x", 1, {},
// wrong types, broken JSON) and with out-of-range paging: the answer is never a 5xx, and every
// 4xx carries {"error": {"code", "message"}}. Routes that take a JSON object refuse each
// non-object body with a 4xx.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { concretePath, rawRequest, routeLayers, VERBS } from '../helpers/route-table.ts';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../helpers/test-app.ts';
import { uploadZip } from '../helpers/uploads.ts';

const WRONG_TYPES = JSON.stringify({
  id: 1, item: 1, state: 'x', package_id: 1, learner: 'x', expires_in: 'x', mode: 1, credit: 1,
  session_id: 1, sequence: 'x', attempt: [], changes: 'x', reason: 1, end: 'x', revoke_previous: 'x',
});
const BODIES = ['null', '[]', '"x"', '1', '{}', WRONG_TYPES, '[{"item":"x"}]', '{', 'true'];
/** Routes whose body is a JSON object: anything else is refused. */
const JSON_ROUTES = [
  'POST /api/v1/registrations',
  'POST /api/v1/registrations/:id/launch',
  'POST /runtime/:registrationId/attempts',
  'POST /runtime/:registrationId/commit',
  'PUT /runtime/:registrationId/sequencing-state',
];

for (const kind of testDatabaseKinds()) {
  const test = suite<{ t: TestApp; ids: Record<string, string>; launchToken: string }>(`malformed bodies on every route (${kind})`);
  test.before(async (ctx) => {
    ctx.t = await startTestApp(kind);
    const pkg = (await uploadZip(ctx.t, fixturePath('golf-runtime-minimum-12'))).body;
    const reg = (await (await ctx.t.admin('/api/v1/registrations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ package_id: pkg.id, learner: { id: 'l1', name: 'One' } }),
    })).json()) as { id: string; launch_url: string };
    const content = (await (await ctx.t.admin(`/api/v1/packages/${pkg.id}/content-token`, { method: 'POST' })).json()) as { token: string };
    const jobs = await ctx.t.database.db('import_jobs').select('id');
    ctx.ids = { packages: pkg.id as string, registrations: reg.id, jobs: String(jobs[0]!.id), contentToken: content.token };
    ctx.launchToken = new URL(reg.launch_url, ctx.t.url).searchParams.get('token')!;
  });
  test.after(async (ctx) => ctx.t?.stop());

  test('no body makes any route answer 5xx, every 4xx has a code', async ({ t, ids, launchToken }) => {
    const delivery = `http://127.0.0.1:${t.deliveryPort}`;
    const layers = [
      ...routeLayers(t.app.middleware).map((layer) => ({ layer, origin: t.url })),
      ...routeLayers(t.delivery.middleware).map((layer) => ({ layer, origin: delivery })),
    ].filter(({ layer }) => layer.methods.length > 0 && !layer.path.includes('{*rest}'));
    let checked = 0;
    for (const { layer, origin } of layers) {
      // A DELETE is sent at an id that does not exist, so the fixture stays for the other routes.
      for (const method of layer.methods.filter((m) => VERBS.includes(m) && !(m === 'GET' && layer.path.endsWith('/events')))) {
        const path = concretePath(layer.path, method === 'DELETE' ? {} : ids);
        const query = /^\/(runtime|player)\//.test(layer.path) ? `?token=${launchToken}` : '';
        const isJsonRoute = JSON_ROUTES.includes(`${method} ${layer.path}`);
        for (const body of BODIES) {
          for (const type of ['application/json', 'text/plain']) {
            const headers: Record<string, string> = { 'content-type': type, authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
            const answer = await rawRequest(origin, method, path + query, headers, body);
            const where = `${method} ${layer.path} ${type} ${body.slice(0, 30)} → ${answer.status} ${answer.body.slice(0, 200)}`;
            assert.ok(answer.status < 500, where);
            if (answer.status >= 400) {
              let parsed: { error?: { code?: unknown; message?: unknown } } = {};
              try {
                parsed = JSON.parse(answer.body) as typeof parsed;
              } catch {
                assert.unreachable(`not JSON: ${where}`);
              }
              assert.type(parsed.error?.code, 'string', where);
              assert.type(parsed.error?.message, 'string', where);
            }
            const isObjectBody = body.startsWith('{') && body !== '{' && body !== '{}';
            if (isJsonRoute && !isObjectBody && !(layer.path.endsWith('/launch') && body === '{}')) {
              assert.ok(answer.status >= 400 && answer.status < 500, where);
            }
            checked++;
          }
        }
      }
    }
    assert.ok(checked > 300, `checked ${checked}`);
  });

  test('a non-object body is 400 INVALID_BODY on attempts and sequencing state', async ({ t, ids, launchToken }) => {
    for (const [method, path] of [['POST', 'attempts'], ['PUT', 'sequencing-state']] as const) {
      for (const body of ['null', '[]', '"x"', '1']) {
        const answer = await rawRequest(`http://127.0.0.1:${t.deliveryPort}`, method, `/runtime/${ids.registrations}/${path}?token=${launchToken}`, { 'content-type': 'application/json' }, body);
        assert.is(answer.status, 400, `${path} ${body}`);
        assert.is((JSON.parse(answer.body) as { error: { code: string } }).error.code, 'INVALID_BODY');
      }
    }
  });

  test('paging past the bounds is 400 INVALID_PAGING on every list', async ({ t }) => {
    for (const list of ['/api/v1/packages', '/api/v1/registrations']) {
      for (const query of ['offset=99999999999999999999', 'offset=1000000001', 'limit=99999999999999999999', 'offset=-1', 'offset=1e3', 'limit=x', 'offset=1&offset=2']) {
        const res = await t.admin(`${list}?${query}`);
        assert.is(res.status, 400, `${list}?${query}`);
        assert.is(((await res.json()) as { error: { code: string } }).error.code, 'INVALID_PAGING');
      }
      const far = await t.admin(`${list}?offset=1000000000&limit=500`);
      assert.is(far.status, 200);
      assert.equal(((await far.json()) as { items: unknown[] }).items, []);
    }
  });

  test.run();
}
