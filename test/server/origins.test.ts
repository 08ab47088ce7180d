// The two origins: what the admin origin and the delivery origin each serve (and refuse), the
// configuration of their URLs, and per-package delivery origins checked on the Host header.
import { request } from 'node:http';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { reachableHost, resolveOrigins } from '../../server/core/origins.ts';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { register, testPackage, uploadPackage } from '../helpers/player.ts';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../helpers/test-app.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const config = suite('origin configuration');

config('DELIVERY_PORT defaults to PORT + 1 (any free port when PORT is 0) and must differ from PORT', () => {
  assert.is(loadConfig({}).deliveryPort, 3001);
  assert.is(loadConfig({ PORT: '8080' }).deliveryPort, 8081);
  assert.is(loadConfig({ PORT: '0' }).deliveryPort, 0);
  assert.is(loadConfig({ PORT: '8080', DELIVERY_PORT: '9000' }).deliveryPort, 9000);
  assert.ok(problemsOf({ PORT: '8080', DELIVERY_PORT: '8080' }).some((p) => p.startsWith('DELIVERY_PORT must differ')));
});

config('SCORM_PUBLIC_URL and SCORM_DELIVERY_URL are origins; {package} only as a whole host label of the delivery URL', () => {
  const c = loadConfig({ SCORM_PUBLIC_URL: 'https://lms.example.com/', SCORM_DELIVERY_URL: 'https://{package}.play.example.com' });
  assert.is(c.publicUrl, 'https://lms.example.com');
  assert.is(c.deliveryUrl, 'https://{package}.play.example.com');
  for (const [env, start] of [
    [{ SCORM_PUBLIC_URL: 'ftp://lms.example.com' }, 'SCORM_PUBLIC_URL must be an http(s) origin'],
    [{ SCORM_PUBLIC_URL: 'https://lms.example.com/scorm' }, 'SCORM_PUBLIC_URL must be an http(s) origin'],
    [{ SCORM_PUBLIC_URL: 'https://{package}.example.com' }, 'SCORM_PUBLIC_URL cannot contain {package}'],
    [{ SCORM_DELIVERY_URL: 'not a url' }, 'SCORM_DELIVERY_URL must be an http(s) origin'],
    [{ SCORM_DELIVERY_URL: 'https://play{package}.example.com' }, 'SCORM_DELIVERY_URL may hold {package} once'],
    [{ SCORM_DELIVERY_URL: 'https://{package}.{package}.example.com' }, 'SCORM_DELIVERY_URL may hold {package} once'],
    [{ SCORM_PUBLIC_URL: 'https://a.example.com', SCORM_DELIVERY_URL: 'https://a.example.com' }, 'SCORM_DELIVERY_URL must be another origin'],
  ] as [Record<string, string>, string][]) {
    const problems = problemsOf(env);
    assert.ok(problems.some((p) => p.startsWith(start)), `${JSON.stringify(env)} → ${problems.join(' | ')}`);
  }
});

config('derived origins use a host name that reaches the bound address', () => {
  assert.is(reachableHost('0.0.0.0'), '127.0.0.1');
  assert.is(reachableHost('::'), 'localhost');
  assert.is(reachableHost('127.0.0.1'), '127.0.0.1');
  assert.is(reachableHost('::1'), '[::1]');
  const derived = resolveOrigins({ host: '0.0.0.0', publicUrl: undefined, deliveryUrl: undefined }, { admin: 3000, delivery: 3001 });
  assert.is(derived.admin, 'http://127.0.0.1:3000');
  assert.is(derived.deliveryFor('p1'), 'http://127.0.0.1:3001');
  assert.is(derived.perPackage, false);
  const set = resolveOrigins({ host: '0.0.0.0', publicUrl: 'https://lms.example.com', deliveryUrl: 'https://{package}.play.example.com' }, { admin: 1, delivery: 2 });
  assert.is(set.admin, 'https://lms.example.com');
  assert.is(set.deliveryFor('AB-12'), 'https://ab-12.play.example.com');
  assert.is(set.deliverySource, 'https://*.play.example.com');
  assert.is(set.perPackage, true);
});

config.run();

/** A GET with a chosen Host header (fetch cannot set one), against a local port. */
function getWithHost(port: number, host: string, path: string): Promise<number> {
  return rawRequest(port, 'GET', path, { host });
}

/** node:http, since fetch sets Host and Sec-Fetch-Mode itself. */
function rawRequest(port: number, method: string, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

for (const kind of testDatabaseKinds()) {
  const origins = suite<{ t: TestApp; packageId: string; reg: { id: string; launchUrl: string } }>(`two origins (${kind})`);
  origins.before(async (ctx) => {
    ctx.t = await startTestApp(kind);
    ctx.packageId = await uploadPackage(ctx.t, await testPackage('1.2', [{ id: 'sco1', title: 'Only SCO' }]));
    ctx.reg = await register(ctx.t, ctx.packageId);
  });
  origins.after(async (ctx) => ctx.t?.stop());

  origins('the delivery origin serves nothing admin: / and /api/* are 404, even with the admin token', async ({ t }) => {
    const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
    for (const path of ['/', '/index.html', '/console.css', '/build/console.js', '/api/v1/packages', '/API/v1/packages', '/api/v1/registrations', '/ws/jobs/x']) {
      const res = await fetch(`${t.deliveryUrl}${path}`, { headers: auth });
      assert.is(res.status, 404, path);
      await res.arrayBuffer();
    }
    assert.is((await fetch(`${t.deliveryUrl}/healthz`)).status, 200);
    // No WebSocket endpoint either: the job socket lives on the admin origin only.
    const socket = new WebSocket(`${t.deliveryUrl.replace('http', 'ws')}/ws/jobs/x?token=${TEST_ADMIN_TOKEN}`);
    const opened = await new Promise<boolean>((resolve) => {
      socket.once('open', () => resolve(true));
      socket.once('error', () => resolve(false));
      socket.once('unexpected-response', () => resolve(false));
    });
    socket.terminate();
    assert.is(opened, false);
  });

  origins('the admin origin serves no player, runtime, content or player bundle', async ({ t, packageId, reg }) => {
    const launch = new URL(reg.launchUrl);
    const token = await (await t.admin(`/api/v1/packages/${packageId}/content-token`, { method: 'POST' })).json() as { base_url: string; token: string };
    for (const path of [
      launch.pathname + launch.search,
      `/runtime/${encodeURIComponent(reg.id)}${launch.search}`,
      `/content/${token.token}/${packageId}/sco1.html`,
      '/player.css',
      '/build/player.js',
    ]) {
      const res = await fetch(`${t.url}${path}`);
      assert.is(res.status, 404, path);
      await res.arrayBuffer();
    }
    // The same things on the delivery origin answer.
    assert.is((await fetch(reg.launchUrl)).status, 200);
    assert.is((await fetch(token.base_url + 'sco1.html')).status, 200);
    assert.ok(token.base_url.startsWith(`${t.deliveryUrl}/content/`), token.base_url);
  });

  origins('the admin origin refuses browser requests another site started (Fetch Metadata), whatever the path or token', async ({ t }) => {
    const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
    for (const site of ['same-site', 'cross-site']) {
      for (const [method, path] of [['GET', '/api/v1/packages'], ['GET', '/API/v1/registrations'], ['POST', '/api/v1/registrations'], ['GET', '/healthz']]) {
        const res = await fetch(`${t.url}${path}`, { method, headers: { ...auth, 'sec-fetch-site': site, 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'empty' } });
        assert.is(res.status, 403, `${site} ${method} ${path}`);
        assert.is(((await res.json()) as { error: { code: string } }).error.code, 'CROSS_ORIGIN_REFUSED');
      }
      // A person following a link to the console is a top-level navigation: it opens.
      const port = Number(new URL(t.url).port);
      const navigate = { 'sec-fetch-site': site, 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' };
      assert.is(await rawRequest(port, 'GET', '/', navigate), 200);
      // ...but a navigation cannot post to the API (a form on another site).
      assert.is(await rawRequest(port, 'POST', '/api/v1/registrations', { ...auth, ...navigate }), 403);
    }
    // The console's own requests, and clients that are not browsers, pass as before.
    assert.is((await fetch(`${t.url}/api/v1/packages`, { headers: { ...auth, 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' } })).status, 200);
    assert.is((await t.admin('/api/v1/packages')).status, 200);
  });

  origins.run();

  const perPackage = suite<{ t: TestApp; a: string; b: string }>(`per-package delivery origins (${kind})`);
  perPackage.before(async (ctx) => {
    ctx.t = await startTestApp(kind, { deliveryUrl: (port) => `http://{package}.localhost:${port}` });
    ctx.a = await uploadPackage(ctx.t, await testPackage('1.2', [{ id: 'sco1', title: 'A' }]));
    ctx.b = await uploadPackage(ctx.t, await testPackage('1.2', [{ id: 'sco1', title: 'B' }]));
  });
  perPackage.after(async (ctx) => ctx.t?.stop());

  perPackage('each package answers only on its own host name', async ({ t, a, b }) => {
    const reg = await register(t, a);
    const launch = new URL(reg.launchUrl);
    assert.is(launch.host, `${a}.localhost:${t.deliveryPort}`);
    const content = (await (await t.admin(`/api/v1/packages/${a}/content-token`, { method: 'POST' })).json()) as { base_url: string; token: string };
    assert.ok(content.base_url.startsWith(`http://${a}.localhost:${t.deliveryPort}/content/`));
    const own = `${a}.localhost:${t.deliveryPort}`;
    const other = `${b}.localhost:${t.deliveryPort}`;
    const paths = [launch.pathname + launch.search, `/runtime/${encodeURIComponent(reg.id)}${launch.search}`, `/content/${content.token}/${a}/sco1.html`];
    for (const path of paths) {
      assert.is(await getWithHost(t.deliveryPort, own, path), 200, `${path} on its own origin`);
      assert.is(await getWithHost(t.deliveryPort, other, path), 404, `${path} on another package's origin`);
      assert.is(await getWithHost(t.deliveryPort, `127.0.0.1:${t.deliveryPort}`, path), 404, `${path} on the bare delivery host`);
    }
    // The console may frame any package's origin.
    const csp = (await t.admin('/api/v1/packages')).headers.get('content-security-policy') ?? '';
    assert.match(csp, new RegExp(`frame-src http://\\*\\.localhost:${t.deliveryPort}`));
  });

  perPackage.run();
}
