// Registrations over HTTP: create (idempotent by id), read, list with filters, launch URLs whose
// signed token binds the registration, delete, and a package delete guarded by registrations.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createTokenSigner } from '../../server/core/signed-token.ts';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/test-app.ts';
import { uploadZip } from '../helpers/uploads.ts';

const json = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

for (const kind of testDatabaseKinds()) {
  const test = suite<{ t: TestApp; pkg: Record<string, any> }>(`registrations API (${kind})`);
  test.before(async (ctx) => {
    ctx.t = await startTestApp(kind);
    ctx.pkg = (await uploadZip(ctx.t, fixturePath('golf-runtime-minimum-12'))).body;
  });
  test.after(async (ctx) => ctx.t?.stop());

  test('create answers 201 with the SPEC Registration and a launch URL', async ({ t, pkg }) => {
    const res = await t.admin('/api/v1/registrations', json({ id: 'reg-1', package_id: pkg.id, learner: { id: 'l-1', name: 'Ada Lovelace' }, comments_from_lms: [{ comment: 'Welcome', location: 'intro', timestamp: '2026-01-01T10:00:00Z' }] }));
    assert.is(res.status, 201);
    const reg = (await res.json()) as Record<string, any>;
    assert.is(reg.id, 'reg-1');
    assert.is(reg.package_id, pkg.id);
    assert.equal(reg.learner, { id: 'l-1', name: 'Ada Lovelace' });
    assert.equal(reg.score, { scaled: null, raw: null, min: null, max: null });
    assert.is(reg.attempt, 1);
    assert.is(reg.scos.length, pkg.sco_count);
    assert.ok(reg.scos.every((s: any) => s.attempts === 0 && typeof s.item_identifier === 'string'));
    // Absolute, on the delivery origin: never the admin origin the API answers on.
    assert.ok(reg.launch_url.startsWith(`${t.deliveryUrl}/player/reg-1?token=`), reg.launch_url);
    assert.match(reg.launch_url, /\?token=[\w-]+\.[\w-]+$/);
    assert.is.not(new URL(reg.launch_url).origin, new URL(t.url).origin);
    const token = new URL(reg.launch_url, t.url).searchParams.get('token')!;
    const verdict = createTokenSigner(TEST_SECRET).verify(token, 'launch');
    assert.ok(verdict.ok && verdict.claims.subject === 'reg-1');
    assert.ok(verdict.ok && verdict.claims.extra?.m === 'normal' && verdict.claims.extra?.c === 'credit');
    assert.ok(verdict.ok && verdict.claims.expiresAt - Date.now() / 1000 > 8 * 3600 - 60);
  });

  test('the same id for the same package and learner returns it (200); for another, 409', async ({ t, pkg }) => {
    const again = await t.admin('/api/v1/registrations', json({ id: 'reg-1', package_id: pkg.id, learner: { id: 'l-1', name: 'Ada' } }));
    assert.is(again.status, 200);
    const other = await t.admin('/api/v1/registrations', json({ id: 'reg-1', package_id: pkg.id, learner: { id: 'l-2', name: 'Bob' } }));
    assert.is(other.status, 409);
    assert.is(((await other.json()) as any).error.code, 'REGISTRATION_CONFLICT');
  });

  test('an id is generated when none is given', async ({ t, pkg }) => {
    const res = await t.admin('/api/v1/registrations', json({ package_id: pkg.id, learner: { id: 'l-2', name: 'Bob' } }));
    assert.is(res.status, 201);
    assert.match(((await res.json()) as any).id, /^[0-9a-f-]{36}$/);
  });

  test('bad bodies are refused with the field named', async ({ t, pkg }) => {
    const cases: Array<[unknown, number, string]> = [
      [{ learner: { id: 'x' } }, 422, 'package_id'],
      [{ package_id: pkg.id }, 422, 'learner'],
      [{ package_id: pkg.id, learner: { id: '' } }, 422, 'learner.id'],
      [{ package_id: pkg.id, learner: { id: 'x'.repeat(256) } }, 422, 'learner.id'],
      [{ package_id: pkg.id, learner: { id: 'x' }, id: 'has space' }, 422, 'id'],
      [{ package_id: pkg.id, learner: { id: 'x' }, comments_from_lms: [{ comment: 5 }] }, 422, 'comments_from_lms[0].comment'],
      [{ package_id: pkg.id, learner: { id: 'x' }, comments_from_lms: [{ comment: 'c', timestamp: 'yesterday' }] }, 422, 'comments_from_lms[0].timestamp'],
      [[1, 2], 422, 'body'],
    ];
    for (const [body, status, field] of cases) {
      const res = await t.admin('/api/v1/registrations', json(body));
      const answer = (await res.json()) as any;
      assert.is(res.status, status, JSON.stringify(body));
      assert.is(answer.error.code, 'INVALID_REQUEST');
      assert.is(answer.error.field, field);
    }
    const unknownPackage = await t.admin('/api/v1/registrations', json({ package_id: 'nope', learner: { id: 'x' } }));
    assert.is(unknownPackage.status, 404);
    const malformed = await t.admin('/api/v1/registrations', { method: 'POST', body: '{"a":', headers: { 'content-type': 'application/json' } });
    assert.is(malformed.status, 400);
    assert.is(((await malformed.json()) as any).error.code, 'INVALID_JSON');
    const huge = await t.admin('/api/v1/registrations', json({ package_id: pkg.id, learner: { id: 'x' }, pad: 'x'.repeat(300_000) }));
    assert.is(huge.status, 413);
  });

  test('list filters by package and learner', async ({ t, pkg }) => {
    const all = (await (await t.admin(`/api/v1/registrations?package_id=${pkg.id}`)).json()) as { items: any[]; total: number };
    assert.is(all.total, 2);
    const mine = (await (await t.admin('/api/v1/registrations?learner_id=l-1')).json()) as { items: any[]; total: number };
    assert.equal(mine.items.map((r) => r.id), ['reg-1']);
    const none = (await (await t.admin('/api/v1/registrations?package_id=other')).json()) as { total: number };
    assert.is(none.total, 0);
  });

  test('launch mints a URL with mode, credit and expiry', async ({ t }) => {
    const res = await t.admin('/api/v1/registrations/reg-1/launch', json({ expires_in: 600, mode: 'review', credit: 'no-credit' }));
    assert.is(res.status, 200);
    const body = (await res.json()) as { launch_url: string };
    const token = new URL(body.launch_url, t.url).searchParams.get('token')!;
    const verdict = createTokenSigner(TEST_SECRET).verify(token, 'launch');
    assert.ok(verdict.ok);
    if (verdict.ok) {
      assert.is(verdict.claims.extra?.m, 'review');
      assert.is(verdict.claims.extra?.c, 'no-credit');
      assert.ok(Math.abs(verdict.claims.expiresAt - (Date.now() / 1000 + 600)) < 5);
    }
    for (const body of [{ mode: 'play' }, { credit: 'some' }, { expires_in: 5 }, { expires_in: 'long' }]) {
      assert.is((await t.admin('/api/v1/registrations/reg-1/launch', json(body))).status, 422, JSON.stringify(body));
    }
    assert.is((await t.admin('/api/v1/registrations/nope/launch', json({}))).status, 404);
  });

  test('a package with registrations is deleted only with ?force=true', async ({ t, pkg }) => {
    const refused = await t.admin(`/api/v1/packages/${pkg.id}`, { method: 'DELETE' });
    assert.is(refused.status, 409);
    assert.is(((await refused.json()) as any).error.code, 'PACKAGE_IN_USE');
    assert.is((await t.admin('/api/v1/registrations/reg-1', { method: 'DELETE' })).status, 204);
    assert.is((await t.admin('/api/v1/registrations/reg-1')).status, 404);
    const forced = await t.admin(`/api/v1/packages/${pkg.id}?force=true`, { method: 'DELETE' });
    assert.is(forced.status, 204);
    const left = (await (await t.admin(`/api/v1/registrations?package_id=${pkg.id}`)).json()) as { total: number };
    assert.is(left.total, 0);
  });

  test.run();
}
