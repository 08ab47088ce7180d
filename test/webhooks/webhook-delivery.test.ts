// Webhooks end to end on each database, through the real app and a real receiver: the API, a
// commit that completes a SCO delivering exactly one signed registration.completed, import and
// package events, a receiver down for a while getting every event in order once back, redelivery.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { CreatedWebhook, Webhook, WebhookDelivery } from '../../contract/webhooks.ts';
import type { Registration } from '../../contract/registrations.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { startLearner } from '../helpers/runtime-learner.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { uploadZip } from '../helpers/uploads.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { writeZip } from '../helpers/zip-writer.ts';

const ENV = {
  SCORM_WEBHOOK_ALLOW_PRIVATE: 'true',
  SCORM_OUTBOX_POLL_MS: '50',
  SCORM_OUTBOX_RETRY_BASE_MS: '20',
  SCORM_OUTBOX_RETRY_MAX_MS: '100',
};
const ALL_EVENTS = ['registration.progress', 'registration.completed', 'registration.passed', 'registration.failed', 'import.completed', 'import.failed', 'package.deleted'];

async function createHook(t: TestApp, url: string, events = ALL_EVENTS): Promise<CreatedWebhook> {
  const res = await t.admin('/api/v1/webhooks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url, events }) });
  assert.is(res.status, 201);
  return (await res.json()) as CreatedWebhook;
}

async function deliveries(t: TestApp, hookId: string): Promise<WebhookDelivery[]> {
  return ((await (await t.admin(`/api/v1/webhooks/${hookId}/deliveries`)).json()) as { items: WebhookDelivery[] }).items;
}

for (const kind of testDatabaseKinds()) {
  const test = suite<{ t: TestApp; receiver: WebhookReceiver; packageId: string }>(`webhooks delivered (${kind})`);
  test.before(async (ctx) => {
    ctx.t = await startTestApp(kind, { env: ENV });
    ctx.receiver = await startWebhookReceiver();
  });
  test.after(async (ctx) => {
    await ctx.t?.stop();
    await ctx.receiver?.stop();
  });
  test.before.each(async ({ t, receiver }) => {
    for (const hook of ((await (await t.admin('/api/v1/webhooks')).json()) as { items: Webhook[] }).items) {
      await t.admin(`/api/v1/webhooks/${hook.id}`, { method: 'DELETE' });
    }
    receiver.received.length = 0;
    receiver.mode = { kind: 'up' };
  });

  test('the API: the secret is shown once; bad URLs and events are refused with their codes; unknown ids are 404', async ({ t }) => {
    const created = await createHook(t, 'https://hooks.example.com/x', ['import.failed']);
    assert.match(created.secret, /^whsec_[A-Za-z0-9_-]{43}$/);
    assert.equal([created.url, created.events, created.active], ['https://hooks.example.com/x', ['import.failed'], true]);
    const listed = ((await (await t.admin('/api/v1/webhooks')).json()) as { items: Array<Record<string, unknown>> }).items;
    assert.equal(listed.map((h) => [h.id, 'secret' in h]), [[created.id, false]]);
    assert.not.ok('secret' in ((await (await t.admin(`/api/v1/webhooks/${created.id}`)).json()) as object));
    const refused = async (body: unknown) => {
      const res = await t.admin('/api/v1/webhooks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return [res.status, ((await res.json()) as { error: { code: string } }).error.code];
    };
    assert.equal(await refused({ url: 'ftp://x.example/', events: ['import.failed'] }), [400, 'INVALID_WEBHOOK_URL']);
    assert.equal(await refused({ url: 'http://user:pw@x.example/', events: ['import.failed'] }), [400, 'INVALID_WEBHOOK_URL']);
    assert.equal(await refused({ events: ['import.failed'] }), [400, 'INVALID_WEBHOOK_URL']);
    assert.equal(await refused({ url: 'https://x.example/', events: ['registration.deleted'] }), [400, 'INVALID_WEBHOOK_EVENTS']);
    assert.equal(await refused({ url: 'https://x.example/', events: [] }), [400, 'INVALID_WEBHOOK_EVENTS']);
    assert.equal(await refused({ url: 'https://x.example/', events: ['import.failed'], active: 'yes' }), [400, 'INVALID_BODY']);
    assert.equal(await refused([1]), [400, 'INVALID_BODY']);
    for (const [method, path, code] of [
      ['GET', '/api/v1/webhooks/nope', 'WEBHOOK_NOT_FOUND'],
      ['DELETE', '/api/v1/webhooks/nope', 'WEBHOOK_NOT_FOUND'],
      ['GET', '/api/v1/webhooks/nope/deliveries', 'WEBHOOK_NOT_FOUND'],
      ['POST', `/api/v1/webhooks/${created.id}/deliveries/nope/redeliver`, 'DELIVERY_NOT_FOUND'],
    ] as const) {
      const res = await t.admin(path, { method });
      assert.equal([res.status, ((await res.json()) as { error: { code: string } }).error.code], [404, code], `${method} ${path}`);
    }
    assert.is((await t.admin(`/api/v1/webhooks/${created.id}`, { method: 'DELETE' })).status, 204);
  });

  test('an import, then a commit that completes the SCO: import.completed and exactly one registration.completed, signed, with the registration as the API shows it', async (ctx) => {
    const { t, receiver } = ctx;
    const hook = await createHook(t, receiver.url);
    const upload = await uploadZip(t, fixturePath('golf-runtime-basic-2004-3rd'));
    ctx.packageId = String(upload.body.id);
    await receiver.until((r) => r.some((h) => h.body.event === 'import.completed'), 'import.completed');
    const imported = receiver.received.find((h) => h.body.event === 'import.completed')!;
    assert.equal((imported.body.job as { package_id: string; status: string }).package_id, ctx.packageId);
    assert.ok(receiver.verified(hook.secret, imported), 'import.completed is signed with the secret');

    const learner = await startLearner((p, i) => t.admin(p, i), t.deliveryUrl, ctx.packageId, `reg-${kind}-done`);
    assert.is(await learner.commit([['cmi.location', 'p1']]), 200);
    assert.is(await learner.commit([['cmi.completion_status', 'completed'], ['cmi.score.scaled', '0.9']]), 200);
    assert.is(await learner.commit([['cmi.location', 'p2']]), 200);
    await receiver.until((r) => r.filter((h) => (h.body.registration as Registration | undefined)?.id === learner.registrationId).length >= 2, 'registration events');
    const mine = receiver.received.filter((h) => (h.body.registration as Registration | undefined)?.id === learner.registrationId);
    assert.equal(mine.map((h) => h.body.event), ['registration.progress', 'registration.completed']);
    const completed = mine[1]!;
    assert.ok(receiver.verified(hook.secret, completed), 'signed with the webhook secret');
    assert.not.ok(receiver.verified('whsec_another', completed), 'and with nothing else');
    assert.match(String(completed.headers['x-scorm-signature']), /^t=\d+,v1=[0-9a-f]{64}$/);
    assert.is(completed.headers['x-scorm-event-id'], completed.body.id);
    assert.match(completed.body.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.is.not(completed.body.id, mine[0]!.body.id);
    const shown = (await (await t.admin(`/api/v1/registrations/${learner.registrationId}`)).json()) as Registration;
    const sent = completed.body.registration as Registration;
    // As it was at the event: the later commit moved only the access times since.
    const progress = (r: Registration) => [r.id, r.learner, r.completion_status, r.success_status, r.score, r.scos.map(({ last_accessed_at: _, ...s }) => s)];
    assert.equal(progress(sent), progress(shown));

    const listed = await deliveries(t, hook.id);
    const row = listed.find((d) => d.event_id === completed.body.id)!;
    assert.equal([row.event, row.status, row.attempts, row.last_response_code, row.last_error, row.next_attempt_at], ['registration.completed', 'succeeded', 1, 200, null, null]);
    assert.ok(row.last_attempt_at);
    const only = async (status: string) => ((await (await t.admin(`/api/v1/webhooks/${hook.id}/deliveries?status=${status}`)).json()) as { items: WebhookDelivery[]; total: number });
    assert.equal((await only('succeeded')).items.map((d) => d.id), listed.filter((d) => d.status === 'succeeded').map((d) => d.id));
    assert.equal(await only('failed'), { items: [], total: 0 });
    assert.is((await t.admin(`/api/v1/webhooks/${hook.id}/deliveries?status=done`)).status, 400);

    // Redeliver: the same event (same id) again.
    const again = await t.admin(`/api/v1/webhooks/${hook.id}/deliveries/${row.id}/redeliver`, { method: 'POST' });
    assert.is(again.status, 202);
    await receiver.until((r) => r.filter((h) => h.body.id === completed.body.id).length === 2, 'the redelivery');
    assert.is(receiver.received.filter((h) => h.body.id === completed.body.id)[1]!.raw, completed.raw);
  });

  test('the receiver down for a while, then back, gets every event, in order', async (ctx) => {
    const { t, receiver } = ctx;
    const hook = await createHook(t, receiver.url, ['registration.progress']);
    receiver.mode = { kind: 'down', status: 503 };
    const learner = await startLearner((p, i) => t.admin(p, i), t.deliveryUrl, ctx.packageId, `reg-${kind}-outage`);
    const scores = ['0.1', '0.2', '0.3', '0.4', '0.5'];
    for (const score of scores) assert.is(await learner.commit([['cmi.score.scaled', score]]), 200);
    await receiver.until((r) => r.filter((h) => h.answered === 503).length >= 3, 'failed attempts');
    // While the first event fails, the later ones wait behind it.
    assert.equal(new Set(receiver.received.map((h) => h.body.id)).size, 1, 'only the first event was tried');
    receiver.mode = { kind: 'up' };
    await receiver.until((r) => new Set(r.filter((h) => h.answered === 200).map((h) => h.body.id)).size === scores.length, 'every event');
    const delivered = receiver.accepted().map((h) => (h.body.registration as Registration).score.scaled);
    assert.equal(delivered, scores.map(Number), 'in commit order, each once');
    const first = (await deliveries(t, hook.id)).at(-1)!;
    assert.equal([first.status, first.last_response_code], ['succeeded', 200]);
    assert.ok(first.attempts >= 4, `retried: ${first.attempts} attempts`);
  });

  test('a commit the server refuses (an older window of a relaunched SCO) writes no event and sends nothing', async (ctx) => {
    const { t, receiver } = ctx;
    await createHook(t, receiver.url);
    const old = await startLearner((p, i) => t.admin(p, i), t.deliveryUrl, ctx.packageId, `reg-${kind}-stale`);
    // A relaunch of the same SCO: the newer session owns the attempt.
    const { launch_url } = (await (await t.admin(`/api/v1/registrations/reg-${kind}-stale/launch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { launch_url: string };
    const token = new URL(launch_url).searchParams.get('token');
    const reopened = await fetch(`${t.deliveryUrl}/runtime/reg-${kind}-stale/attempts?token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ item: 'item_1' }) });
    assert.ok(reopened.ok);
    assert.is(await old.commit([['cmi.completion_status', 'completed'], ['cmi.success_status', 'passed']]), 409);
    assert.equal(await t.database.db('outbox_events').where({ ordering_key: `registration:reg-${kind}-stale` }), []);
    // A later event of the same app still goes out, so nothing was merely slow.
    await uploadZip(t, fixturePath('golf-runtime-minimum-12'));
    await receiver.until((r) => r.some((h) => h.body.event === 'import.completed'), 'import.completed');
    assert.not.ok(receiver.received.some((h) => (h.body.registration as Registration | undefined)?.id === `reg-${kind}-stale`));
  });

  test('import.failed, with the job and its error', async ({ t, receiver }) => {
    await createHook(t, receiver.url, ['import.failed', 'import.completed']);
    const upload = await uploadZip(t, writeZip([{ name: 'readme.txt', data: 'no manifest here' }]), '');
    assert.is(upload.status, 202);
    await receiver.until((r) => r.length === 1, 'import.failed');
    const [failed] = receiver.received;
    const job = failed!.body.job as { job_id: string; status: string; error: { code: string } };
    assert.equal([failed!.body.event, job.job_id, job.status, job.error.code], ['import.failed', upload.body.job_id, 'failed', 'MANIFEST_MISSING']);
  });

  test('package.deleted, signed; an unsubscribed event is not sent', async (ctx) => {
    const { t, receiver } = ctx;
    const hook = await createHook(t, receiver.url, ['package.deleted']);
    const upload = await uploadZip(t, fixturePath('golf-runtime-minimum-12'));
    const id = String(upload.body.id);
    assert.is((await t.admin(`/api/v1/packages/${id}`, { method: 'DELETE' })).status, 204);
    await receiver.until((r) => r.some((h) => h.body.event === 'package.deleted'), 'package.deleted');
    const [deleted] = receiver.received;
    assert.equal([receiver.received.length, (deleted!.body.package as { id: string }).id], [1, id]);
    assert.ok(receiver.verified(hook.secret, deleted!));
  });

  test.run();
}

// With the default configuration, a subscription to a loopback or private target is refused when
// it is created, not left to fail for 24 h of retries; nothing is stored.
const byDefault = suite<{ t: TestApp }>('webhooks: private targets refused on creation by default');
byDefault.before(async (ctx) => {
  ctx.t = await startTestApp('sqlite');
});
byDefault.after(async (ctx) => {
  await ctx.t?.stop();
});
byDefault('loopback, private and localhost URLs: 400 WEBHOOK_TARGET_PRIVATE, nothing created', async ({ t }) => {
  for (const url of ['http://127.0.0.1:8080/hook', 'http://[::1]/hook', 'http://169.254.169.254/latest/meta-data', 'http://localhost/hook', 'http://10.1.2.3/hook']) {
    const res = await t.admin('/api/v1/webhooks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url, events: ['import.failed'] }) });
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal([res.status, body.error.code], [400, 'WEBHOOK_TARGET_PRIVATE'], url);
    assert.match(body.error.message, /SCORM_WEBHOOK_ALLOW_PRIVATE/);
  }
  assert.equal(((await (await t.admin('/api/v1/webhooks')).json()) as { items: unknown[] }).items, []);
});
byDefault.run();
