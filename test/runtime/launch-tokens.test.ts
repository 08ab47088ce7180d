// Launch and content tokens bound to what exists now: a deleted registration, a re-created id, a
// revoke_previous launch, a token for another package and an expired token are refused (401), and
// learners' content tokens die with their launch and are renewed while the session runs.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createTokenSigner } from '../../server/core/signed-token.ts';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { testPackage, uploadPackage } from '../helpers/player.ts';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/test-app.ts';

type Json = Record<string, any>;

async function createRegistration(t: TestApp, id: string, packageId: string, learner: string): Promise<Json> {
  const res = await t.admin('/api/v1/registrations', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, package_id: packageId, learner: { id: learner, name: learner } }),
  });
  assert.is(res.status, 201);
  return (await res.json()) as Json;
}

const tokenOf = (launchUrl: string) => new URL(launchUrl).searchParams.get('token')!;

/** Every way a learner's token reaches the server: the player page, launch data, attempts, commits. */
async function statuses(t: TestApp, regId: string, token: string): Promise<{ page: number; launch: number; attempt: number; commit: number; codes: string[] }> {
  const base = `${t.deliveryUrl}/runtime/${encodeURIComponent(regId)}`;
  const page = (await fetch(`${t.deliveryUrl}/player/${encodeURIComponent(regId)}?token=${token}`)).status;
  const launch = await fetch(`${base}?token=${token}`);
  const attempt = await fetch(`${base}/attempts?token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ item: 'sco1' }) });
  const commit = await fetch(`${base}/commit?token=${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ session_id: 'x'.repeat(36), sequence: 1, item: 'sco1', attempt: 1, changes: [['cmi.core.lesson_location', 'planted']] }),
  });
  const codes = [];
  for (const res of [launch, attempt, commit]) codes.push(res.ok ? 'OK' : String(((await res.json()) as Json).error?.code));
  return { page, launch: launch.status, attempt: attempt.status, commit: commit.status, codes };
}

for (const kind of testDatabaseKinds()) {
  const test = suite<{ t: TestApp; packageId: string; otherPackageId: string }>(`launch tokens bound to the registration (${kind})`);
  test.before(async (ctx) => {
    ctx.t = await startTestApp(kind);
    ctx.packageId = await uploadPackage(ctx.t, await testPackage('1.2', [{ id: 'sco1', title: 'One' }]));
    ctx.otherPackageId = await uploadPackage(ctx.t, await testPackage('1.2', [{ id: 'sco1', title: 'Other' }]));
  });
  test.after(async (ctx) => ctx.t?.stop());

  test('a deleted registration kills its tokens, and a re-created id never accepts them', async ({ t, packageId }) => {
    const alice = await createRegistration(t, 'r-recreated', packageId, 'alice');
    const aliceToken = tokenOf(alice.launch_url);
    assert.equal((await statuses(t, 'r-recreated', aliceToken)).launch, 200);
    assert.is((await t.admin('/api/v1/registrations/r-recreated', { method: 'DELETE' })).status, 204);
    const afterDelete = await statuses(t, 'r-recreated', aliceToken);
    assert.equal(afterDelete, { page: 401, launch: 401, attempt: 401, commit: 401, codes: ['TOKEN_REVOKED', 'TOKEN_REVOKED', 'TOKEN_REVOKED'] });

    const bob = await createRegistration(t, 'r-recreated', packageId, 'bob');
    const stillRefused = await statuses(t, 'r-recreated', aliceToken);
    assert.equal(stillRefused.codes, ['TOKEN_REVOKED', 'TOKEN_REVOKED', 'TOKEN_REVOKED']);
    assert.is(stillRefused.page, 401);
    // Nothing of Alice's reached Bob's attempt; Bob's own link works.
    const cmi = (await (await t.admin('/api/v1/registrations/r-recreated/cmi')).json()) as Json;
    assert.equal(cmi.scos, []);
    assert.is((await statuses(t, 'r-recreated', tokenOf(bob.launch_url))).launch, 200);
  });

  test('POST /launch {"revoke_previous": true} kills every earlier launch URL; without it they all live', async ({ t, packageId }) => {
    const reg = await createRegistration(t, 'r-revoke', packageId, 'carol');
    const first = tokenOf(reg.launch_url);
    const launch = async (body: Json) =>
      (await (await t.admin('/api/v1/registrations/r-revoke/launch', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as Json;
    const second = tokenOf((await launch({})).launch_url);
    assert.is((await statuses(t, 'r-revoke', first)).launch, 200, 'a plain new launch leaves the others valid');
    assert.is((await statuses(t, 'r-revoke', second)).launch, 200);

    const fresh = await launch({ revoke_previous: true });
    assert.is(fresh.revoked_previous, true);
    for (const old of [first, second]) {
      const seen = await statuses(t, 'r-revoke', old);
      assert.equal(seen.codes, ['TOKEN_REVOKED', 'TOKEN_REVOKED', 'TOKEN_REVOKED']);
      assert.is(seen.page, 401);
    }
    assert.is((await statuses(t, 'r-revoke', tokenOf(fresh.launch_url))).launch, 200);
    const bad = await t.admin('/api/v1/registrations/r-revoke/launch', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"revoke_previous":"yes"}' });
    assert.is(bad.status, 422);
  });

  test('commits of several learners arriving together: the revoked one is TOKEN_REVOKED, the others apply', async ({ t, packageId }) => {
    const learners = [];
    for (const id of ['r-turn-1', 'r-turn-2', 'r-turn-3']) {
      const token = tokenOf((await createRegistration(t, id, packageId, id)).launch_url);
      const open = await fetch(`${t.deliveryUrl}/runtime/${id}/attempts?token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ item: 'sco1' }) });
      learners.push({ id, token, session: ((await open.json()) as Json).session_id as string });
    }
    const revoke = await t.admin('/api/v1/registrations/r-turn-2/launch', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"revoke_previous":true}' });
    assert.is(revoke.status, 200);
    const answers = await Promise.all(
      learners.map(async ({ id, token, session }) => {
        const res = await fetch(`${t.deliveryUrl}/runtime/${id}/commit?token=${token}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ session_id: session, sequence: 1, item: 'sco1', attempt: 1, changes: [['cmi.core.lesson_location', `at ${id}`]] }),
        });
        return [res.status, res.ok ? 'OK' : ((await res.json()) as Json).error.code];
      }),
    );
    assert.equal(answers, [[200, 'OK'], [401, 'TOKEN_REVOKED'], [200, 'OK']]);
  });

  test("a token naming another package than the registration's is refused", async ({ t, packageId, otherPackageId }) => {
    const reg = await createRegistration(t, 'r-package', packageId, 'dave');
    const claims = createTokenSigner(TEST_SECRET).verify(tokenOf(reg.launch_url), 'launch');
    assert.ok(claims.ok);
    // Signed with the real secret and the current nonce: only the package differs.
    const forged = createTokenSigner(TEST_SECRET).sign({ purpose: 'launch', subject: 'r-package', extra: { ...claims.claims.extra!, p: otherPackageId } }, 3600);
    const seen = await statuses(t, 'r-package', forged);
    assert.equal(seen.codes, ['TOKEN_REVOKED', 'TOKEN_REVOKED', 'TOKEN_REVOKED']);
    assert.is(seen.page, 401);
  });

  test('an expired launch token is TOKEN_EXPIRED everywhere', async ({ t, packageId }) => {
    const reg = await createRegistration(t, 'r-expired', packageId, 'erin');
    const claims = createTokenSigner(TEST_SECRET).verify(tokenOf(reg.launch_url), 'launch');
    assert.ok(claims.ok);
    const expired = createTokenSigner(TEST_SECRET, () => Date.now() - 10 * 3600_000).sign({ purpose: 'launch', subject: 'r-expired', extra: claims.claims.extra }, 60);
    const seen = await statuses(t, 'r-expired', expired);
    assert.equal(seen.codes, ['TOKEN_EXPIRED', 'TOKEN_EXPIRED', 'TOKEN_EXPIRED']);
    assert.is(seen.page, 401);
  });

  test('content tokens: short-lived, renewed by the runtime, dead with the registration or a revoke', async ({ t, packageId }) => {
    const reg = await createRegistration(t, 'r-content', packageId, 'frank');
    const token = tokenOf(reg.launch_url);
    const runtimeUrl = `${t.deliveryUrl}/runtime/r-content`;
    const launch = (await (await fetch(`${runtimeUrl}?token=${token}`)).json()) as Json;
    assert.ok(launch.content_expires_in > 0 && launch.content_expires_in <= 15 * 60, String(launch.content_expires_in));
    const file = (base: string) => fetch(`${t.deliveryUrl}${base}sco1.html`);
    assert.is((await file(launch.content_base)).status, 200);

    const renewed = await fetch(`${runtimeUrl}/content-token?token=${token}`, { method: 'POST' });
    assert.is(renewed.status, 200);
    const renewal = (await renewed.json()) as Json;
    assert.ok(renewal.content_base.startsWith('/content/'));
    assert.is((await file(renewal.content_base)).status, 200);

    // An expired content token of a live launch: served while the player keeps renewing...
    const contentClaims = createTokenSigner(TEST_SECRET).verify(renewal.content_base.split('/')[2], 'content');
    assert.ok(contentClaims.ok);
    const stale = createTokenSigner(TEST_SECRET, () => Date.now() - 3600_000).sign({ purpose: 'content', subject: packageId, extra: contentClaims.claims.extra }, 60);
    // (once the content route's few-second registration cache has seen the renewal)
    await eventuallyStatus(() => file(`/content/${stale}/${packageId}/`), 200);
    // ...but never past the launch's own expiry.
    const pastLaunch = createTokenSigner(TEST_SECRET, () => Date.now() - 3600_000).sign({ purpose: 'content', subject: packageId, extra: { ...contentClaims.claims.extra, h: Math.floor(Date.now() / 1000) - 10 } }, 60);
    assert.is((await file(`/content/${pastLaunch}/${packageId}/`)).status, 401);

    // Revoking the launch kills the content tokens derived from it (after the short lookup cache).
    await t.admin('/api/v1/registrations/r-content/launch', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"revoke_previous":true}' });
    await eventuallyStatus(() => file(renewal.content_base), 401);
    assert.is((await fetch(`${runtimeUrl}/content-token?token=${token}`, { method: 'POST' })).status, 401);

    const again = await createRegistration(t, 'r-content-2', packageId, 'gina');
    const base2 = ((await (await fetch(`${t.deliveryUrl}/runtime/r-content-2?token=${tokenOf(again.launch_url)}`)).json()) as Json).content_base as string;
    assert.is((await file(base2)).status, 200);
    assert.is((await t.admin('/api/v1/registrations/r-content-2', { method: 'DELETE' })).status, 204);
    await eventuallyStatus(() => file(base2), 401);
  });

  test.run();
}

async function eventuallyStatus(request: () => Promise<Response>, status: number, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request();
    await res.arrayBuffer();
    if (res.status === status) return;
    if (Date.now() > deadline) throw new Error(`expected ${status}, still ${res.status}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
