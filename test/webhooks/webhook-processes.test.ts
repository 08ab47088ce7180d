// Webhooks over real server processes on one database (each kind): two processes dispatching at
// once deliver every event exactly once, and a dispatcher killed with SIGKILL in the middle of a
// delivery loses nothing: once its lease runs out, another process delivers the event.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { CreatedWebhook, WebhookDelivery } from '../../contract/webhooks.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/databases.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { startLearner } from '../helpers/runtime-learner.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

const TOKEN = 'webhook-procs-admin-token-0123456789';

interface Shared {
  dir: string;
  database: TestDatabase;
  env: Record<string, string>;
  receiver: WebhookReceiver;
  processes: ServerProcess[];
}

function adminOf(server: ServerProcess) {
  return (path: string, init: RequestInit = {}) => fetch(server.url + path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${TOKEN}` } });
}

async function setUp(admin: ReturnType<typeof adminOf>, receiver: WebhookReceiver, events: string[]): Promise<{ hook: CreatedWebhook; packageId: string }> {
  const created = await admin('/api/v1/webhooks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: receiver.url, events }) });
  const hook = (await created.json()) as CreatedWebhook;
  const upload = await admin('/api/v1/packages?wait=true', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: readFileSync(fixturePath('golf-runtime-basic-2004-3rd')) });
  const pkg = (await upload.json()) as { id: string };
  assert.ok(pkg.id, JSON.stringify(pkg));
  return { hook, packageId: pkg.id };
}

for (const kind of testDatabaseKinds()) {
  const test = suite<Shared>(`webhooks across server processes (${kind})`);
  test.before.each(async (ctx) => {
    ctx.dir = mkdtempSync(join(tmpdir(), 'scorm-webhook-procs-'));
    ctx.database = await createTestDatabase(kind);
    const url = ctx.database.config.client === 'mysql' ? ctx.database.config.url : `sqlite:${ctx.database.config.filename}`;
    ctx.env = {
      DATABASE_URL: url,
      SCORM_LOCAL_PATH: join(ctx.dir, 'content'),
      SCORM_ADMIN_TOKEN: TOKEN,
      SCORM_SECRET: 'webhook-procs-signing-secret-0123456789',
      SCORM_WEBHOOK_ALLOW_PRIVATE: 'true',
      SCORM_OUTBOX_POLL_MS: '50',
      SCORM_OUTBOX_RETRY_BASE_MS: '50',
      SCORM_OUTBOX_RETRY_MAX_MS: '200',
    };
    ctx.receiver = await startWebhookReceiver();
    ctx.processes = [];
  });
  test.after.each(async (ctx) => {
    for (const p of ctx.processes) await p.stop('SIGKILL');
    await ctx.receiver.stop();
    await ctx.database.drop();
    rmSync(ctx.dir, { recursive: true, force: true });
  });

  const start = async (ctx: Shared, name: string, extra: Record<string, string> = {}) => {
    const server = await startServerProcess({ ...ctx.env, SCORM_DATA_DIR: join(ctx.dir, name), ...extra });
    ctx.processes.push(server);
    return server;
  };

  test('two processes dispatching at once deliver each event exactly once, in order per registration', async (ctx) => {
    const a = await start(ctx, 'a');
    const b = await start(ctx, 'b');
    const { packageId } = await setUp(adminOf(a), ctx.receiver, ['registration.progress']);
    const learners = await Promise.all(
      [a, b, a, b].map((server, i) => startLearner(adminOf(server), server.deliveryUrl, packageId, `reg-${i}`)),
    );
    const steps = 6;
    for (let step = 1; step <= steps; step++) {
      await Promise.all(learners.map(async (learner) => assert.is(await learner.commit([['cmi.score.scaled', String(step / 10)]]), 200)));
    }
    const total = learners.length * steps;
    await ctx.receiver.until((r) => new Set(r.map((h) => h.body.id)).size === total, `${total} events`);
    // Settle: nothing else must come (an event delivered twice would show up now).
    await new Promise((r) => setTimeout(r, 500));
    const ids = ctx.receiver.received.map((h) => h.body.id);
    assert.is(ids.length, total, 'each event once');
    for (const learner of learners) {
      const scores = ctx.receiver.received
        .filter((h) => (h.body.registration as { id: string }).id === learner.registrationId)
        .map((h) => (h.body.registration as { score: { scaled: number } }).score.scaled);
      assert.equal(scores, Array.from({ length: steps }, (_, i) => (i + 1) / 10), learner.registrationId);
    }
  });

  test('SIGKILL of the process in the middle of a delivery loses nothing: another process delivers the event', async (ctx) => {
    const first = await start(ctx, 'first', { SCORM_OUTBOX_LEASE_MS: '1500' });
    const { hook, packageId } = await setUp(adminOf(first), ctx.receiver, ['registration.completed']);
    ctx.receiver.mode = { kind: 'hold' };
    const learner = await startLearner(adminOf(first), first.deliveryUrl, packageId, 'reg-killed');
    assert.is(await learner.commit([['cmi.completion_status', 'completed']]), 200);
    await ctx.receiver.until((r) => r.length === 1, 'the held delivery');
    const eventId = ctx.receiver.received[0]!.body.id;
    await first.stop('SIGKILL');
    ctx.receiver.mode = { kind: 'up' };
    const second = await start(ctx, 'second', { SCORM_OUTBOX_LEASE_MS: '1500' });
    await ctx.receiver.until((r) => r.some((h) => h.answered === 200), 'the delivery by the second process');
    assert.equal(ctx.receiver.received.map((h) => [h.body.id, h.body.event]), [[eventId, 'registration.completed'], [eventId, 'registration.completed']]);
    assert.ok(ctx.receiver.verified(hook.secret, ctx.receiver.received[1]!));
    // The receiver records the request before it answers, and the dispatcher records the outcome
    // only after the answer (with the rest of its round): under load the listing can come first.
    const deadline = Date.now() + 10_000;
    let listed: { items: WebhookDelivery[] };
    do {
      listed = (await (await adminOf(second)(`/api/v1/webhooks/${hook.id}/deliveries`)).json()) as { items: WebhookDelivery[] };
      if (listed.items.some((d) => d.status !== 'pending') || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    } while (true);
    assert.equal(listed.items.map((d) => [d.event_id, d.status, d.attempts, d.last_response_code]), [[eventId, 'succeeded', 2, 200]]);
  });

  test.run();
}
