// The package endpoints and the content route over HTTP: list, read, delete (content removed
// from storage), and content served with types, ETags, ranges and its token rules.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createTokenSigner } from '../../server/core/signed-token.ts';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { startS3rver, type RunningS3rver } from '../helpers/s3rver.ts';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/test-app.ts';
import { uploadZip } from '../helpers/uploads.ts';

for (const kind of testDatabaseKinds()) {
  for (const storage of ['local', 's3'] as const) {
    const test = suite<{ t: TestApp; s3?: RunningS3rver; pkg: Record<string, any>; other: Record<string, any>; base: string }>(
      `packages API and content (${kind}, ${storage})`,
    );
    test.before(async (ctx) => {
      if (storage === 's3') ctx.s3 = await startS3rver();
      ctx.t = await startTestApp(kind, { s3: ctx.s3 });
      ctx.pkg = (await uploadZip(ctx.t, fixturePath('golf-runtime-basic-12'))).body;
      ctx.other = (await uploadZip(ctx.t, fixturePath('golf-cp-singlesco-2004-3rd'))).body;
      const token = (await (await ctx.t.admin(`/api/v1/packages/${ctx.pkg.id}/content-token`, { method: 'POST' })).json()) as { base_url: string };
      ctx.base = token.base_url;
    });
    test.after(async (ctx) => {
      await ctx.t?.stop();
      await ctx.s3?.stop();
    });

    test('GET /packages/:id is the SPEC Package', async ({ t, pkg }) => {
      const got = (await (await t.admin(`/api/v1/packages/${pkg.id}`)).json()) as Record<string, any>;
      for (const key of ['id', 'title', 'version', 'edition', 'schemaversion', 'identifier', 'organizations', 'default_organization', 'sco_count', 'asset_count', 'file_count', 'size_bytes', 'storage', 'diagnostics', 'created_at']) {
        assert.ok(key in got, key);
      }
      assert.is(got.version, '1.2');
      assert.is(got.storage, storage);
      assert.ok(got.size_bytes > 0);
      assert.ok(Array.isArray(got.organizations[0].items));
      assert.match(got.created_at, /^\d{4}-\d\d-\d\dT/);
      const item = got.organizations[0].items[0];
      for (const key of ['identifier', 'title', 'visible', 'parameters', 'resource', 'launch_url', 'children']) assert.ok(key in item, key);
    });

    test('list with paging, newest first', async ({ t, pkg, other }) => {
      const all = (await (await t.admin('/api/v1/packages')).json()) as { items: Array<{ id: string }>; total: number };
      assert.is(all.total, 2);
      assert.equal(all.items.map((p) => p.id).sort(), [pkg.id, other.id].sort());
      const page = (await (await t.admin('/api/v1/packages?limit=1&offset=1')).json()) as { items: unknown[]; total: number };
      assert.is(page.items.length, 1);
      assert.is(page.total, 2);
      const bad = await t.admin('/api/v1/packages?limit=abc');
      assert.is(bad.status, 400);
      assert.is(((await bad.json()) as any).error.code, 'INVALID_PAGING');
    });

    test('unknown package and job ids are 404 with their codes', async ({ t }) => {
      assert.is(((await (await t.admin('/api/v1/packages/nope')).json()) as any).error.code, 'PACKAGE_NOT_FOUND');
      assert.is(((await (await t.admin('/api/v1/jobs/nope')).json()) as any).error.code, 'JOB_NOT_FOUND');
      assert.is((await t.admin('/api/v1/packages/nope', { method: 'DELETE' })).status, 404);
    });

    test('content: type, length, ETag and 304', async ({ base }) => {
      const res = await fetch(`${base}shared/launchpage.html`);
      assert.is(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^text\/html/);
      const body = await res.text();
      assert.is(Number(res.headers.get('content-length')), Buffer.byteLength(body));
      const etag = res.headers.get('etag')!;
      assert.match(etag, /^"/);
      assert.match(res.headers.get('cache-control')!, /private/);
      const again = await fetch(`${base}shared/launchpage.html`, { headers: { 'if-none-match': etag } });
      assert.is(again.status, 304);
      const css = await fetch(`${base}shared/style.css`);
      assert.match(css.headers.get('content-type')!, /^text\/css/);
    });

    test('content: ranges 206 and 416', async ({ base }) => {
      const whole = Buffer.from(await (await fetch(`${base}shared/launchpage.html`)).arrayBuffer());
      const part = await fetch(`${base}shared/launchpage.html`, { headers: { range: 'bytes=10-19' } });
      assert.is(part.status, 206);
      assert.is(part.headers.get('content-range'), `bytes 10-19/${whole.length}`);
      assert.ok(Buffer.from(await part.arrayBuffer()).equals(whole.subarray(10, 20)));
      const tail = await fetch(`${base}shared/launchpage.html`, { headers: { range: 'bytes=-5' } });
      assert.is(tail.status, 206);
      assert.ok(Buffer.from(await tail.arrayBuffer()).equals(whole.subarray(whole.length - 5)));
      const open = await fetch(`${base}shared/launchpage.html`, { headers: { range: `bytes=${whole.length - 3}-` } });
      assert.is((await open.arrayBuffer()).byteLength, 3);
      const beyond = await fetch(`${base}shared/launchpage.html`, { headers: { range: `bytes=${whole.length + 10}-` } });
      assert.is(beyond.status, 416);
      assert.is(beyond.headers.get('content-range'), `bytes */${whole.length}`);
    });

    test('content: missing files 404, escapes refused', async ({ base, t, pkg }) => {
      assert.is((await fetch(`${base}no/such/file.html`)).status, 404);
      for (const path of ['..%2F..%2Fpackage.json', '%2e%2e/%2e%2e/etc/passwd', 'shared/..%5C..%5Cx', '%00', 'shared/%ZZ']) {
        const res = await fetch(`${base}${path}`);
        assert.is(res.status, 404, path);
      }
      // Dot segments the client does not normalise are resolved inside the package only.
      const res = await fetch(`${t.deliveryUrl}/content/x/${pkg.id}/../../../../package.json`);
      assert.is(res.status, 404);
    });

    test('content: the token names its package, expires, and cannot be forged', async ({ t, pkg, other }) => {
      const signer = createTokenSigner(TEST_SECRET);
      const forOther = signer.sign({ purpose: 'content', subject: other.id }, 60);
      const cross = await fetch(`${t.deliveryUrl}/content/${forOther}/${pkg.id}/shared/launchpage.html`);
      assert.is(cross.status, 403);
      const expired = createTokenSigner(TEST_SECRET, () => Date.now() - 3600_000).sign({ purpose: 'content', subject: pkg.id }, 60);
      const old = await fetch(`${t.deliveryUrl}/content/${expired}/${pkg.id}/shared/launchpage.html`);
      assert.is(old.status, 401);
      const forged = createTokenSigner('another-secret-of-32-characters-x').sign({ purpose: 'content', subject: pkg.id }, 60);
      assert.is((await fetch(`${t.deliveryUrl}/content/${forged}/${pkg.id}/shared/launchpage.html`)).status, 401);
      const launchToken = signer.sign({ purpose: 'launch', subject: pkg.id }, 60);
      assert.is((await fetch(`${t.deliveryUrl}/content/${launchToken}/${pkg.id}/shared/launchpage.html`)).status, 401);
    });

    test('DELETE removes the package, its rows and its stored content', async ({ t, other }) => {
      const before: string[] = [];
      for await (const entry of t.blobs.list(other.id)) before.push(entry.path);
      assert.ok(before.length > 0);
      const res = await t.admin(`/api/v1/packages/${other.id}`, { method: 'DELETE' });
      assert.is(res.status, 204);
      assert.is((await t.admin(`/api/v1/packages/${other.id}`)).status, 404);
      const after: string[] = [];
      for await (const entry of t.blobs.list(other.id)) after.push(entry.path);
      assert.equal(after, []);
      const [{ n }] = (await t.database.db('package_files').where({ package_id: other.id }).count({ n: '*' })) as [{ n: number }];
      assert.is(Number(n), 0);
      const [{ m }] = (await t.database.db('package_items').where({ package_id: other.id }).count({ m: '*' })) as [{ m: number }];
      assert.is(Number(m), 0);
    });

    test.run();
  }
}
