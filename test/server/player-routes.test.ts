// GET /player/:registrationId: the shell page, framing allowed by CSP frame-ancestors (never
// X-Frame-Options), and a friendly HTML page for every launch that cannot start.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createTokenSigner } from '../../server/core/signed-token.ts';
import { inlineJson } from '../../server/http/launch-data.ts';
import { buildPlayer } from '../../scripts/build-player.ts';
import { TEST_SECRET, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { register, testPackage, uploadPackage } from '../helpers/player.ts';

const kind = process.env.TEST_DATABASE_URL ? 'mysql' : 'sqlite';
const test = suite<{ t: TestApp; framed: TestApp; packageId: string }>('player page route');

test.before(async (ctx) => {
  await buildPlayer({ only: ['player'] });
  ctx.t = await startTestApp(kind, { worker: true });
  ctx.framed = await startTestApp(kind, { env: { SCORM_FRAME_ANCESTORS: "'self' https://lms.example" } });
  ctx.packageId = await uploadPackage(ctx.t, await testPackage('1.2', [{ id: 'sco1', title: 'Only SCO' }]));
});
test.after(async (ctx) => {
  await ctx.t?.stop();
  await ctx.framed?.stop();
});

const path = (launchUrl: string) => new URL(launchUrl).pathname + new URL(launchUrl).search;

test('a valid launch gets the shell: HTML with the bundle, frame-ancestors *, no X-Frame-Options, not cached', async ({ t, packageId }) => {
  const reg = await register(t, packageId);
  const res = await fetch(reg.launchUrl);
  assert.is(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
  assert.is(res.headers.get('content-security-policy'), 'frame-ancestors *');
  assert.is(res.headers.get('x-frame-options'), null);
  assert.is(res.headers.get('cache-control'), 'no-store');
  assert.is(res.headers.get('referrer-policy'), 'no-referrer');
  const html = await res.text();
  const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../public/build/manifest.json'), 'utf8')) as { player: string };
  assert.match(manifest.player, /^\/build\/player-[0-9a-f]{16}\.js$/);
  assert.ok(html.includes(`<script type="module" src="${manifest.player}">`), 'the page names the hashed bundle');
  assert.ok(html.includes(`<link rel="modulepreload" href="${manifest.player}">`));
  const bundle = await fetch(t.deliveryUrl + manifest.player);
  assert.is(bundle.status, 200);
  assert.is(bundle.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.is((await fetch(`${t.deliveryUrl}/build/player.js`)).headers.get('cache-control'), 'public, max-age=300', 'the plain name is not kept for a year');
  assert.ok(html.includes('Player test course 1.2'));
  assert.ok(html.includes('id="toc"') && html.includes('id="nav-continue"') && html.includes('id="stage"'));
});

test('the page carries the launch data inline, as GET /runtime answers it, safe inside its script element', async ({ t }) => {
  const hostile = '</script><script>window.pwned = 1</script><!-- \u2028\u2029 & > \'"';
  const packageId = await uploadPackage(t, await testPackage('1.2', [{ id: 'sco1', title: hostile }]));
  const reg = await register(t, packageId);
  const html = await (await fetch(reg.launchUrl)).text();
  const match = /<script type="application\/json" id="launch-data">([^<]*)<\/script>/.exec(html);
  assert.ok(match, 'one script element, with no < inside');
  assert.not.ok(html.includes('window.pwned = 1</script>'));
  assert.not.ok(/[\u2028\u2029]/.test(match[1]!), 'line and paragraph separators escaped');
  const inline = JSON.parse(match[1]!) as Record<string, any>;
  assert.is(inline.package.organization.items[0].title, hostile);
  const url = new URL(reg.launchUrl);
  const fetched = (await (await fetch(`${t.deliveryUrl}/runtime/${encodeURIComponent(reg.id)}?token=${encodeURIComponent(url.searchParams.get('token')!)}`)).json()) as Record<string, any>;
  // Each answer has a content token of its own.
  for (const answer of [inline, fetched]) {
    assert.match(answer.content_base, new RegExp(`^/content/[^/]+/${packageId}/$`));
    assert.ok(answer.content_expires_in > 0);
    delete answer.content_base;
    delete answer.content_expires_in;
  }
  assert.equal(inline, fetched);
});

test('inlineJson escapes what could end or confuse a script element, and parses back the same', () => {
  const value = { a: '</script>', b: '<!--', c: '\u2028\u2029', d: 'a & b > c' };
  const text = inlineJson(value);
  assert.not.match(text, /[<>&\u2028\u2029]/);
  assert.equal(JSON.parse(text), value);
});

test('SCORM_FRAME_ANCESTORS restricts who may frame the player', async ({ framed }) => {
  const packageId = await uploadPackage(framed, await testPackage('1.2', [{ id: 'sco1', title: 'Only SCO' }]));
  const reg = await register(framed, packageId);
  const res = await fetch(reg.launchUrl);
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-security-policy'), `frame-ancestors 'self' ${framed.url} 'self' https://lms.example`);
});

test('missing, forged, expired and foreign tokens get friendly pages with 401 / 403', async ({ t, packageId }) => {
  const a = await register(t, packageId);
  const b = await register(t, packageId);
  const base = `${t.deliveryUrl}/player/${encodeURIComponent(a.id)}`;
  const expired = createTokenSigner(TEST_SECRET, () => Date.now() - 10 * 3600_000).sign({ purpose: 'launch', subject: a.id, extra: { p: packageId } }, 60);
  const foreign = new URL(b.launchUrl).searchParams.get('token')!;
  const cases: [string, number, RegExp][] = [
    [base, 401, /missing its access key/],
    [`${base}?token=not-a-token`, 401, /could not be verified/],
    [`${base}?token=${expired}`, 401, /has expired/],
    [`${base}?token=${foreign}`, 403, /different enrolment/],
  ];
  for (const [url, status, text] of cases) {
    const res = await fetch(url);
    assert.is(res.status, status, url);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.is(res.headers.get('content-security-policy'), 'frame-ancestors *');
    const html = await res.text();
    assert.match(html, text);
    assert.not.match(html, /at .*\.ts:\d+|"error":/);
  }
});

test('a deleted registration or package gets a friendly 401 page (its tokens are revoked)', async ({ t }) => {
  const packageId = await uploadPackage(t, await testPackage('1.2', [{ id: 'sco1', title: 'Only SCO' }]));
  const gone = await register(t, packageId);
  assert.is((await t.admin(`/api/v1/registrations/${encodeURIComponent(gone.id)}`, { method: 'DELETE' })).status, 204);
  const res = await fetch(gone.launchUrl);
  assert.is(res.status, 401);
  assert.match(await res.text(), /no longer exists/);

  const reg = await register(t, packageId);
  assert.is((await t.admin(`/api/v1/packages/${packageId}?force=true`, { method: 'DELETE' })).status, 204);
  const res2 = await fetch(reg.launchUrl);
  assert.is(res2.status, 401);
  assert.match(await res2.text(), /no longer (exists|available)/);
});

test.run();
