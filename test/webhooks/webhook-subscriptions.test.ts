// Which webhooks an event goes to, as one process sees them (decision 0029): a change made in
// this process at once, a change made by another process within SUBSCRIPTIONS_FRESH_MS.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createWebhookStore, SUBSCRIPTIONS_FRESH_MS } from '../../server/db/webhook-store.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/databases.ts';

const hook = (id: string, events: string[]) => ({ id, url: `https://hooks.example.com/${id}`, events, secret: `secret-${id}`, active: true, createdAt: 1 });

for (const kind of testDatabaseKinds()) {
  const test = suite<{ database: TestDatabase }>(`webhook subscriptions (${kind})`);
  test.before(async (ctx) => {
    ctx.database = await createTestDatabase(kind);
  });
  test.after(async (ctx) => ctx.database.drop());

  test('made in this process: seen at once by every store on the same database', async ({ database: { db } }) => {
    let clock = 1_000;
    const routes = createWebhookStore(db, () => clock);
    const outbox = createWebhookStore(db, () => clock);
    assert.is(await outbox.anySubscribed(['registration.completed']), false);
    await routes.create(hook('h1', ['registration.completed']));
    assert.is(await outbox.anySubscribed(['registration.completed']), true);
    assert.equal(await outbox.subscribedTo(db, 'registration.completed'), ['h1']);
    assert.equal(await outbox.subscribedTo(db, 'import.failed'), []);
    assert.equal(await outbox.target('h1'), { url: 'https://hooks.example.com/h1', secret: 'secret-h1', active: true });
    await routes.delete('h1');
    assert.is(await outbox.anySubscribed(['registration.completed']), false);
    assert.is(await outbox.target('h1'), undefined);
    clock += 1;
  });

  test('made by another process: seen once the snapshot is SUBSCRIPTIONS_FRESH_MS old, not later', async ({ database: { db } }) => {
    let clock = 50_000;
    const store = createWebhookStore(db, () => clock);
    assert.equal(await store.subscribedTo(db, 'import.completed'), []);
    // Another process's insert: this one's stores are not told.
    await db('webhooks').insert({ id: 'h2', url: 'https://hooks.example.com/h2', events_json: '["import.completed"]', secret: 's', active: true, created_at: 2 });
    clock += SUBSCRIPTIONS_FRESH_MS - 1;
    assert.equal(await store.subscribedTo(db, 'import.completed'), [], 'still the snapshot');
    clock += 1;
    assert.equal(await store.subscribedTo(db, 'import.completed'), ['h2']);
    await db('webhooks').where({ id: 'h2' }).update({ active: false });
    clock += SUBSCRIPTIONS_FRESH_MS;
    assert.equal(await store.subscribedTo(db, 'import.completed'), [], 'an inactive webhook takes nothing');
    assert.equal((await store.target('h2'))?.active, false, 'but its deliveries can still be told it is inactive');
  });

  test('read on the caller\'s transaction when the snapshot is stale (SQLite has one connection)', async ({ database: { db } }) => {
    let clock = 900_000;
    const store = createWebhookStore(db, () => clock);
    await store.create(hook('h3', ['package.deleted']));
    clock += SUBSCRIPTIONS_FRESH_MS;
    const inside = await db.transaction((trx) => store.subscribedTo(trx, 'package.deleted'));
    assert.equal(inside, ['h3']);
  });

  test.run();
}
