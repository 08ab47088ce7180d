// Headers on every kind of response of both origins: nosniff everywhere; the console's CSP (its
// own bundle only, never framed); player and content frame-ancestors from SCORM_FRAME_ANCESTORS;
// Referrer-Policy no-referrer on tokened delivery URLs; no source map served by either origin.
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { register, testPackage, uploadPackage } from '../helpers/player.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { ensureBundles } from '../helpers/browser-suite.ts';

const BUILD = resolve(import.meta.dirname, '../../public/build');
const PLANTED_MAPS = ['player.js.map', 'console.js.map'].map((name) => resolve(BUILD, name));

type Check = (res: Response, what: string) => void;
const nosniff: Check = (res, what) => assert.is(res.headers.get('x-content-type-options'), 'nosniff', what);
const noReferrer: Check = (res, what) => assert.is(res.headers.get('referrer-policy'), 'no-referrer', what);
const directive = (res: Response, name: string) =>
  (res.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `));

async function get(url: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return res;
}

for (const kind of testDatabaseKinds()) {
  const test = suite<{ t: TestApp; framed: TestApp; packageId: string; launchUrl: string }>(`security headers (${kind})`);
  test.before(async (ctx) => {
    await ensureBundles();
    ctx.t = await startTestApp(kind);
    ctx.framed = await startTestApp(kind, { env: { SCORM_FRAME_ANCESTORS: 'https://lms.example' } });
    ctx.packageId = await uploadPackage(ctx.t, await testPackage('1.2', [{ id: 'sco1', title: 'Only SCO' }]));
    ctx.launchUrl = (await register(ctx.t, ctx.packageId)).launchUrl;
  });
  test.after(async (ctx) => {
    for (const file of PLANTED_MAPS) rmSync(file, { force: true });
    await ctx.t?.stop();
    await ctx.framed?.stop();
  });

  test('admin origin: the console page, its bundle, API answers, errors and 404s carry nosniff and the console CSP', async ({ t }) => {
    const responses: [string, Response][] = [
      ['console page', await get(`${t.url}/`)],
      ['console bundle', await get(`${t.url}/build/console.js`)],
      ['API 200', await t.admin('/api/v1/packages')],
      ['API 401', await get(`${t.url}/api/v1/packages`)],
      ['API 404', await t.admin('/api/v1/nothing')],
      ['page 404', await get(`${t.url}/nothing`)],
      ['healthz', await get(`${t.url}/healthz`)],
    ];
    assert.is(responses[0]![1].status, 200);
    assert.is(responses[1]![1].status, 200);
    for (const [what, res] of responses) {
      nosniff(res, what);
      assert.is(directive(res, 'frame-ancestors'), "frame-ancestors 'none'", what);
      assert.is(directive(res, 'script-src'), "script-src 'self'", what);
      assert.is(directive(res, 'default-src'), "default-src 'none'", what);
      assert.is(directive(res, 'frame-src'), `frame-src ${t.deliveryUrl}`, what);
    }
    // The page loads its bundle as an external script, which script-src 'self' allows; nothing inline.
    const html = await (await fetch(`${t.url}/`)).text();
    assert.match(html, /<script type="module" src="\/build\/console\.js"><\/script>/);
    assert.not.match(html, /<script(?![^>]*\bsrc=)[^>]*>/);
  });

  test('delivery origin: player page, its errors, runtime JSON, content answers and 404s carry nosniff and no-referrer', async ({ t, packageId, launchUrl }) => {
    const launch = new URL(launchUrl);
    const runtime = `${t.deliveryUrl}/runtime${launch.pathname.slice('/player'.length)}${launch.search}`;
    const data = (await (await fetch(runtime)).json()) as { content_base: string };
    const file = `${t.deliveryUrl}${data.content_base}sco1.html`;
    const etag = (await get(file)).headers.get('etag')!;
    const responses: [string, Response, number][] = [
      ['player page', await get(launchUrl), 200],
      ['player error page', await get(`${launch.origin}${launch.pathname}?token=forged`), 401],
      ['runtime JSON', await get(runtime), 200],
      ['runtime 401', await get(`${t.deliveryUrl}/runtime/x?token=forged`), 401],
      ['content 200', await get(file), 200],
      ['content 206', await get(file, { headers: { range: 'bytes=0-9' } }), 206],
      ['content 304', await get(file, { headers: { 'if-none-match': etag } }), 304],
      ['content 404', await get(`${t.deliveryUrl}${data.content_base}missing.html`), 404],
      ['content 401', await get(`${t.deliveryUrl}/content/forged/${packageId}/sco1.html`), 401],
      ['player bundle', await get(`${t.deliveryUrl}/build/player.js`), 200],
      ['player css', await get(`${t.deliveryUrl}/player.css`), 200],
      ['delivery 404', await get(`${t.deliveryUrl}/api/v1/packages`), 404],
      ['healthz', await get(`${t.deliveryUrl}/healthz`), 200],
    ];
    for (const [what, res, status] of responses) {
      assert.is(res.status, status, what);
      nosniff(res, what);
      noReferrer(res, what);
    }
    for (const [what, res] of responses.filter(([w]) => w.startsWith('player page') || w.startsWith('player error') || w === 'content 200' || w === 'content 206')) {
      assert.is(directive(res, 'frame-ancestors'), 'frame-ancestors *', what);
    }
    // The content answers carry no console policy: a SCO must run its own scripts.
    assert.is(directive(responses[4]![1], 'script-src'), undefined);
  });

  test('SCORM_FRAME_ANCESTORS sets who may frame the player and its content (plus itself and the console)', async ({ framed }) => {
    const packageId = await uploadPackage(framed, await testPackage('1.2', [{ id: 'sco1', title: 'Only SCO' }]));
    const reg = await register(framed, packageId);
    const page = await get(reg.launchUrl);
    const expected = `frame-ancestors 'self' ${framed.url} https://lms.example`;
    assert.is(directive(page, 'frame-ancestors'), expected);
    const launch = new URL(reg.launchUrl);
    const data = (await (await fetch(`${framed.deliveryUrl}/runtime${launch.pathname.slice('/player'.length)}${launch.search}`)).json()) as { content_base: string };
    assert.is(directive(await get(`${framed.deliveryUrl}${data.content_base}sco1.html`), 'frame-ancestors'), expected);
    // The console itself is never framed, whatever SCORM_FRAME_ANCESTORS says.
    assert.is(directive(await get(`${framed.url}/`), 'frame-ancestors'), "frame-ancestors 'none'");
  });

  test('no source maps: the build writes none, and neither origin serves one that is there', async ({ t }) => {
    assert.equal(readdirSync(BUILD).filter((name) => name.endsWith('.map')), []);
    for (const file of PLANTED_MAPS) writeFileSync(file, '{"version":3,"sources":["secret.ts"]}');
    assert.ok(existsSync(PLANTED_MAPS[0]!));
    for (const url of [`${t.deliveryUrl}/build/player.js.map`, `${t.deliveryUrl}/build/console.js.map`, `${t.url}/build/player.js.map`]) {
      assert.is((await get(url)).status, 404, url);
    }
    for (const file of PLANTED_MAPS) rmSync(file, { force: true });
  });

  test.run();
}
