// An LRS down for longer than the outbox's retry window, on each database: the deliveries end
// failed and the admin API shows them (GET /api/v1/xapi, /xapi/deliveries?status=failed); once
// the LRS is back, one is sent again by id and the rest with "redeliver every failed one", and
// the LRS gets every statement, each registration's in order. A server without xAPI says so.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { XapiDelivery, XapiForwarding } from '../../contract/xapi.ts';
import { registrationUuid } from '../../server/xapi/xapi-ids.ts';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { startLrsReceiver, type LrsReceiver } from '../helpers/lrs-receiver.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { uploadZip } from '../helpers/uploads.ts';
import { learnerRun } from '../helpers/xapi-learner.ts';

type Json = Record<string, any>;
const auth = { key: 'lms-client', secret: 'lrs-secret-2' };

async function getJson<T>(t: TestApp, path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await t.admin(path, init);
  return { status: res.status, body: (await res.json()) as T };
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 1500; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

for (const kind of testDatabaseKinds()) {
  const test = suite<{ t: TestApp; lrs: LrsReceiver; packageId: string }>(`xAPI redelivery (${kind})`);
  test.before(async (ctx) => {
    ctx.lrs = await startLrsReceiver(auth);
    ctx.t = await startTestApp(kind, {
      env: {
        ...ctx.lrs.env,
        SCORM_OUTBOX_POLL_MS: '20',
        SCORM_OUTBOX_RETRY_BASE_MS: '20',
        SCORM_OUTBOX_RETRY_MAX_MS: '100',
        // Every refusal is final: the outage outlasts the retry window at once.
        SCORM_OUTBOX_RETRY_FOR_MS: '0',
      },
    });
    ctx.packageId = ((await uploadZip(ctx.t, fixturePath('golf-runtime-basic-2004-3rd'))).body as Json).id;
  });
  test.after(async (ctx) => {
    await ctx.t?.stop();
    await ctx.lrs?.stop();
  });

  test('failed deliveries are listed and sent again, one by id and the rest together', async ({ t, lrs, packageId }) => {
    lrs.down();
    // One delivery for "one" (its opening), three for "many" (opening, commit, terminate).
    await (await learnerRun(t, packageId, 'xr-one')).session();
    const many = await (await learnerRun(t, packageId, 'xr-many')).session();
    await many.commit([['cmi.score.scaled', '0.8'], ['cmi.completion_status', 'completed']]);
    await many.commit([['cmi.exit', 'normal']], 'terminate');

    const failed = await until('four failed deliveries', () => getJson<XapiForwarding>(t, '/api/v1/xapi'), ({ body }) => body.deliveries.failed === 4 && body.deliveries.pending === 0);
    assert.equal(failed.body, { enabled: true, endpoint: lrs.endpoint, deliveries: { pending: 0, succeeded: 0, failed: 4 } });
    assert.is(lrs.statements.length, 0);

    const list = await getJson<{ items: XapiDelivery[]; total: number }>(t, '/api/v1/xapi/deliveries?status=failed');
    assert.is(list.body.total, 4);
    assert.equal(list.body.items.map((d) => d.registration_id), ['xr-many', 'xr-many', 'xr-many', 'xr-one'], 'newest first');
    assert.ok(list.body.items.every((d) => d.status === 'failed' && d.attempts === 1 && d.last_response_code === 503 && d.next_attempt_at === null && d.last_error));
    assert.is((await getJson<{ total: number }>(t, '/api/v1/xapi/deliveries?status=succeeded')).body.total, 0);
    const bad = await getJson<Json>(t, '/api/v1/xapi/deliveries?status=lost');
    assert.equal([bad.status, bad.body.error.code], [400, 'INVALID_DELIVERY_STATUS']);
    const unknown = await getJson<Json>(t, '/api/v1/xapi/deliveries/no-such-delivery/redeliver', { method: 'POST' });
    assert.equal([unknown.status, unknown.body.error.code], [404, 'DELIVERY_NOT_FOUND']);

    lrs.up();
    const one = list.body.items[3]!;
    const again = await getJson<XapiDelivery>(t, `/api/v1/xapi/deliveries/${one.id}/redeliver`, { method: 'POST' });
    assert.is(again.status, 202);
    assert.equal([again.body.id, again.body.status], [one.id, 'pending']);
    await lrs.waitFor(2);
    assert.equal(lrs.statements.map((s: Json) => s.context.registration), [registrationUuid('xr-one'), registrationUuid('xr-one')]);

    const rest = await getJson<{ redelivered: number }>(t, '/api/v1/xapi/deliveries/redeliver', { method: 'POST' });
    assert.equal([rest.status, rest.body], [202, { redelivered: 3 }]);
    await lrs.waitFor(2 + 5);
    assert.equal(lrs.statements.slice(2).map((s: Json) => s.verb.display['en-US']), ['launched', 'initialized', 'scored', 'completed', 'terminated'], 'in order');
    assert.ok(lrs.statements.slice(2).every((s: Json) => s.context.registration === registrationUuid('xr-many')));
    const after = await until('every delivery succeeded', () => getJson<XapiForwarding>(t, '/api/v1/xapi'), ({ body }) => body.deliveries.succeeded === 4);
    assert.equal(after.body.deliveries, { pending: 0, succeeded: 4, failed: 0 });
    assert.equal((await getJson<{ redelivered: number }>(t, '/api/v1/xapi/deliveries/redeliver', { method: 'POST' })).body, { redelivered: 0 });
  });

  test('without SCORM_XAPI_ENDPOINT: shown as off, and a redelivery is refused', async ({ t }) => {
    const plain = await startTestApp(kind, { database: t.database, worker: false });
    try {
      const state = await getJson<XapiForwarding>(plain, '/api/v1/xapi');
      assert.equal([state.body.enabled, state.body.endpoint], [false, null]);
      const refused = await getJson<Json>(plain, '/api/v1/xapi/deliveries/redeliver', { method: 'POST' });
      assert.equal([refused.status, refused.body.error.code], [409, 'XAPI_NOT_CONFIGURED']);
    } finally {
      await plain.stop();
    }
  });

  test.run();
}
