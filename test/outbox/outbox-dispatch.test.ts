// The outbox store and dispatcher on each database: fan-out at enqueue, leases, per-key order,
// retries with backoff, give-up, and a rolled-back transaction leaving nothing.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createOutboxStore, type OutboxStore } from '../../server/db/outbox-store.ts';
import { createDispatcher } from '../../server/outbox/dispatcher.ts';
import type { ClaimedDelivery, NewOutboxEvent, SendResult } from '../../server/outbox/outbox-types.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/databases.ts';

const event = (id: string, key: string, type = 't.happened'): NewOutboxEvent => ({ id, type, orderingKey: key, payload: { n: id }, createdAt: Date.now() });

for (const kind of testDatabaseKinds()) {
  const test = suite<{ database: TestDatabase; store: OutboxStore; destinations: string[] }>(`outbox dispatch (${kind})`);
  test.before(async (ctx) => {
    ctx.database = await createTestDatabase(kind);
    ctx.destinations = ['d1'];
    ctx.store = createOutboxStore(ctx.database.db, { routes: [{ sink: 'test', destinations: async () => ctx.destinations }], retryForMs: 60_000 });
  });
  test.after(async (ctx) => ctx.database.drop());
  test.before.each(async ({ database }) => {
    await database.db('outbox_deliveries').delete();
    await database.db('outbox_events').delete();
  });

  test('counts are of one moment: a delivery settled while they are counted is counted once', async ({ database: { db }, store }) => {
    await db.transaction((trx) => store.enqueue(trx, Array.from({ length: 40 }, (_, i) => event(`c${i}`, `key-${i}`))));
    const claimed = await store.claim('w', 60_000, 40);
    assert.is(claimed.length, 40);
    // Each settle races a count; three counts at three moments saw some deliveries twice or not at all.
    for (const delivery of claimed) {
      const [counts] = await Promise.all([store.counts('test', 'd1'), store.settleMany('w', [{ id: delivery.id, outcome: { status: 'succeeded', responseCode: 200 } }])]);
      assert.is(counts.pending + counts.succeeded + counts.failed, 40, JSON.stringify(counts));
    }
    assert.equal(await store.counts('test', 'd1'), { pending: 0, succeeded: 40, failed: 0 });
  });

  test('an event enqueued in a transaction that rolls back leaves no event and no delivery', async ({ database: { db }, store }) => {
    await db
      .transaction(async (trx) => {
        await store.enqueue(trx, [event('e-rolled', 'k')]);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    assert.is((await db('outbox_events')).length, 0);
    assert.is((await db('outbox_deliveries')).length, 0);
  });

  test('one delivery per destination; a claim leases it to one owner only', async (ctx) => {
    ctx.destinations = ['d1', 'd2'];
    await ctx.database.db.transaction((trx) => ctx.store.enqueue(trx, [event('e1', 'k')]));
    ctx.destinations = ['d1'];
    const first = await ctx.store.claim('a', 60_000, 10);
    assert.equal(first.map((d) => [d.destination, d.eventId, d.attempts, d.payload]).sort(), [['d1', 'e1', 1, { n: 'e1' }], ['d2', 'e1', 1, { n: 'e1' }]]);
    assert.equal(await ctx.store.claim('b', 60_000, 10), [], 'leased deliveries are not claimed again');
  });

  test('per key and destination, event N+1 waits until N succeeded or failed; other keys go on', async ({ database: { db }, store }) => {
    await db.transaction((trx) => store.enqueue(trx, [event('a1', 'A'), event('a2', 'A'), event('b1', 'B')]));
    const round1 = await store.claim('w', 60_000, 10);
    assert.equal(round1.map((d) => d.eventId), ['a1', 'b1']);
    assert.ok(await store.settle(round1[0]!.id, 'w', { status: 'pending', responseCode: 500, error: 'HTTP 500', nextAttemptAt: Date.now() }));
    const round2 = await store.claim('w', 60_000, 10);
    assert.equal(round2.map((d) => [d.eventId, d.attempts]), [['a1', 2]], 'a1 again before a2');
    await store.settle(round2[0]!.id, 'w', { status: 'failed', responseCode: 500, error: 'gave up' });
    assert.equal((await store.claim('w', 60_000, 10)).map((d) => d.eventId), ['a2'], 'a failed event no longer holds the key');
  });

  test('a claim takes a run of each key from its head, in event order, up to perKey; a leased head holds its whole key', async ({ database: { db }, store }) => {
    await db.transaction((trx) => store.enqueue(trx, [event('a1', 'A'), event('b1', 'B'), event('a2', 'A'), event('a3', 'A'), event('c1', 'C')]));
    const first = await store.claim('w', 60_000, 10, 2);
    assert.equal(first.map((d) => [d.eventId, d.attempts, d.previousAttemptAt]), [['a1', 1, null], ['b1', 1, null], ['a2', 1, null], ['c1', 1, null]]);
    assert.equal(await store.claim('x', 60_000, 10, 5), [], 'a3 waits: its key\'s head a1 is leased');
    const cut = await store.claim('y', 60_000, 1, 5);
    assert.equal(cut, [], 'the limit never lets a run start past a leased head');
  });

  test('a run ends before a later delivery that is not due or is leased; the claim brings each delivery\'s payload and retry window', async ({ database: { db }, store }) => {
    await db.transaction((trx) => store.enqueue(trx, [event('a1', 'A'), event('b1', 'B'), event('a2', 'A'), event('a3', 'A')]));
    const idOf = async (eventId: string) => String((await db('outbox_deliveries').where({ event_id: eventId }).first('id')).id);
    const later = Date.now() + 3_600_000;
    await db('outbox_deliveries').where({ id: await idOf('a2') }).update({ next_attempt_at: later });
    const first = await store.claim('w', 60_000, 10, 5);
    assert.equal(first.map((d) => d.eventId), ['a1', 'b1'], 'a2 is not due: A\'s run ends at a1, and a3 waits behind it');
    const stored = await db('outbox_deliveries').where({ id: first[0]!.id }).first('retry_until');
    assert.equal([first[0]!.payload, first[0]!.payloadJson, first[0]!.retryUntil], [{ n: 'a1' }, '{"n":"a1"}', Number(stored.retry_until)]);
    for (const d of first) await store.settle(d.id, 'w', { status: 'succeeded', responseCode: 200 });
    await db('outbox_deliveries').where({ id: await idOf('a2') }).update({ next_attempt_at: 0 });
    await db('outbox_deliveries').where({ id: await idOf('a3') }).update({ lease_owner: 'z', lease_until: later });
    assert.equal((await store.claim('w', 60_000, 10, 5)).map((d) => d.eventId), ['a2'], 'a3 is leased elsewhere: the run ends before it');
  });

  test('the dispatcher sends a key\'s run in order; one left to retry holds the rest of its run, released unsent', async ({ database: { db } }) => {
    let clock = 2_000_000;
    const store = createOutboxStore(db, { routes: [{ sink: 'test', destinations: async () => ['d1'] }], retryForMs: 60_000, now: () => clock });
    const sent: string[] = [];
    let failing = 'a1';
    const dispatcher = createDispatcher(store, {
      senders: [{ sink: 'test', send: async (d: ClaimedDelivery) => (sent.push(d.eventId), d.eventId === failing ? { ok: false, responseCode: 503, error: 'HTTP 503' } : { ok: true, responseCode: 200 }) }],
      leaseMs: 60_000,
      pollMs: 5,
      backoff: { baseMs: 10, maxMs: 10 },
      perKey: 5,
      now: () => clock,
    });
    await db.transaction((trx) => store.enqueue(trx, ['a1', 'a2', 'a3', 'b1', 'b2'].map((id) => ({ ...event(id, id[0]!), createdAt: clock }))));
    assert.is(await dispatcher.tick(), 5);
    assert.equal(sent, ['a1', 'b1', 'b2'], 'B went on; A stopped at a1');
    const rows = new Map(((await db('outbox_deliveries')) as Array<Record<string, unknown>>).map((r) => [String(r.event_id), r]));
    assert.equal(['a1', 'a2', 'a3', 'b1', 'b2'].map((id) => [rows.get(id)!.status, Number(rows.get(id)!.attempts), rows.get(id)!.lease_owner, rows.get(id)!.last_attempt_at == null]), [
      ['pending', 1, null, false],
      ['pending', 0, null, true],
      ['pending', 0, null, true],
      ['succeeded', 1, null, false],
      ['succeeded', 1, null, false],
    ]);
    assert.is(await dispatcher.tick(), 0, 'a1 is not due yet, and a2 and a3 wait behind it');
    failing = '';
    clock += 10;
    assert.is(await dispatcher.tick(), 3);
    assert.equal(sent.slice(3), ['a1', 'a2', 'a3']);
    assert.equal(((await store.list('test', 'd1', 10, 0)).items).filter((d) => d.orderingKey === 'a').map((d) => [d.eventId, d.status, d.attempts]), [
      ['a3', 'succeeded', 1],
      ['a2', 'succeeded', 1],
      ['a1', 'succeeded', 2],
    ]);
  });

  test('a run sent one by one stops starting deliveries past the round\'s budget; the rest go in the next round', async ({ database: { db } }) => {
    let clock = 3_000_000;
    const store = createOutboxStore(db, { routes: [{ sink: 'test', destinations: async () => ['d1'] }], retryForMs: 60_000, now: () => clock });
    const sent: string[] = [];
    // A slow receiver: each request takes 600 ms of the dispatcher's clock.
    const dispatcher = createDispatcher(store, {
      senders: [{ sink: 'test', send: async (d: ClaimedDelivery) => (sent.push(d.eventId), (clock += 600), { ok: true, responseCode: 200 }) }],
      leaseMs: 60_000,
      pollMs: 5,
      backoff: { baseMs: 10, maxMs: 10 },
      perKey: 5,
      now: () => clock,
    });
    await db.transaction((trx) => store.enqueue(trx, ['s1', 's2', 's3'].map((id) => ({ ...event(id, 'slow'), createdAt: clock }))));
    assert.is(await dispatcher.tick(), 3);
    assert.equal(sent, ['s1', 's2'], 'started s2 at 600 ms, not s3 at 1,200 ms');
    const s3 = ((await store.list('test', 'd1', 10, 0)).items).find((d) => d.eventId === 's3')!;
    assert.equal([s3.status, s3.attempts, s3.lastAttemptAt], ['pending', 0, null]);
    assert.is(await dispatcher.tick(), 1);
    assert.equal(sent, ['s1', 's2', 's3']);
  });

  test('a lease that ran out (its dispatcher died) is claimed by another owner, and the dead one cannot settle it', async ({ database: { db }, store }) => {
    await db.transaction((trx) => store.enqueue(trx, [event('e1', 'k')]));
    const [held] = await store.claim('dead', 1, 10);
    await new Promise((r) => setTimeout(r, 5));
    const [taken] = await store.claim('alive', 60_000, 10);
    assert.is(taken?.id, held!.id);
    assert.is(taken?.attempts, 2);
    assert.is(await store.settle(held!.id, 'dead', { status: 'succeeded', responseCode: 200 }), false);
    assert.is(await store.settle(held!.id, 'alive', { status: 'succeeded', responseCode: 200 }), true);
  });

  if (kind === 'mysql') {
    test('the statements for a packet write what enqueue writes: events in order, a delivery per destination with its event\'s seq', async (ctx) => {
      ctx.destinations = ['d1', 'd2'];
      const { statements, committed } = await ctx.store.enqueueStatements([event('p1', 'k'), event('p2', 'k'), event('p3', 'j')]);
      ctx.destinations = ['d1'];
      let woken = 0;
      const stop = ctx.store.onEnqueue(() => woken++);
      await ctx.database.db.transaction(async (trx) => {
        for (const statement of statements) await trx.raw(statement.sql, statement.bindings as never[]);
      });
      committed();
      stop();
      assert.is(woken, 1);
      const events = (await ctx.database.db('outbox_events').orderBy('seq')) as Array<Record<string, unknown>>;
      assert.equal(events.map((e) => e.id), ['p1', 'p2', 'p3']);
      const seqOf = new Map(events.map((e) => [String(e.id), Number(e.seq)]));
      const deliveries = (await ctx.database.db('outbox_deliveries').orderBy(['event_seq', 'destination'])) as Array<Record<string, unknown>>;
      assert.equal(
        deliveries.map((d) => [d.event_id, Number(d.event_seq) === seqOf.get(String(d.event_id)), d.destination, d.ordering_key, d.status, String(d.id).length]),
        [['p1', true, 'd1', 'k', 'pending', 36], ['p1', true, 'd2', 'k', 'pending', 36], ['p2', true, 'd1', 'k', 'pending', 36], ['p2', true, 'd2', 'k', 'pending', 36], ['p3', true, 'd1', 'j', 'pending', 36], ['p3', true, 'd2', 'j', 'pending', 36]],
      );
      assert.equal((await ctx.store.claim('w', 60_000, 10)).map((d) => [d.eventId, d.destination]), [['p1', 'd1'], ['p1', 'd2'], ['p3', 'd1'], ['p3', 'd2']], 'claimed in order, per key');
    });
  }

  test('a round settled together: successes in one go, the others each with their own outcome, lost leases counted', async ({ database: { db }, store }) => {
    await db.transaction((trx) => store.enqueue(trx, [event('s1', 'A'), event('s2', 'B'), event('s3', 'C'), event('s4', 'D')]));
    const claimed = await store.claim('w', 60_000, 10);
    const byEvent = new Map(claimed.map((d) => [d.eventId, d.id]));
    // s4's lease went to another owner in the meantime: nothing may be written for it.
    await db('outbox_deliveries').where({ id: byEvent.get('s4') }).update({ lease_owner: 'other' });
    const lost = await store.settleMany('w', [
      { id: byEvent.get('s1')!, outcome: { status: 'succeeded', responseCode: 200 } },
      { id: byEvent.get('s2')!, outcome: { status: 'succeeded', responseCode: 204 } },
      { id: byEvent.get('s3')!, outcome: { status: 'pending', responseCode: 503, error: 'HTTP 503', nextAttemptAt: 42 } },
      { id: byEvent.get('s4')!, outcome: { status: 'succeeded', responseCode: 200 } },
    ]);
    assert.is(lost, 1);
    const rows = new Map(((await db('outbox_deliveries')) as Array<Record<string, unknown>>).map((r) => [String(r.event_id), r]));
    assert.equal(['s1', 's2', 's3', 's4'].map((e) => [rows.get(e)!.status, rows.get(e)!.last_response_code == null ? null : Number(rows.get(e)!.last_response_code)]), [
      ['succeeded', 200],
      ['succeeded', 204],
      ['pending', 503],
      ['pending', null],
    ]);
    assert.is(Number(rows.get('s3')!.next_attempt_at), 42);
    assert.is(rows.get('s3')!.lease_owner, null, 'a retried delivery is released');
    assert.is(rows.get('s4')!.lease_owner, 'other', 'the other owner keeps its lease');
  });

  test('the dispatcher retries with backoff, then marks the delivery failed past its retry window; redeliver sends it again', async ({ database: { db } }) => {
    // A clock of our own: the retry window is 40 ms and each delay 5 to 10 ms (equal jitter of 10).
    let clock = 1_000_000;
    const now = () => clock;
    const store = createOutboxStore(db, { routes: [{ sink: 'test', destinations: async () => ['d1'] }], retryForMs: 40, now });
    const seen: number[] = [];
    let answer: SendResult = { ok: false, responseCode: 503, error: 'HTTP 503' };
    const dispatcher = createDispatcher(store, {
      senders: [{ sink: 'test', send: async (d: ClaimedDelivery) => (seen.push(d.attempts), answer) }],
      leaseMs: 60_000,
      pollMs: 5,
      backoff: { baseMs: 10, maxMs: 10 },
      now,
    });
    await db.transaction((trx) => store.enqueue(trx, [{ ...event('e1', 'k'), createdAt: clock }]));
    const [row] = await db('outbox_deliveries').select('id');
    while ((await store.get(row.id))!.status === 'pending') {
      assert.is(await dispatcher.tick(), 1, 'due again after at most the longest delay');
      clock += 10;
    }
    const failed = (await store.get(row.id))!;
    assert.equal([failed.status, failed.lastResponseCode, failed.lastError], ['failed', 503, 'HTTP 503']);
    // Attempts at 0, 10, 20, 30 and 40 ms; the next would fall past the window.
    assert.equal(seen, [1, 2, 3, 4, 5]);
    answer = { ok: true, responseCode: 204 };
    await store.redeliver(row.id);
    assert.is(await dispatcher.tick(), 1);
    const delivered = (await store.get(row.id))!;
    assert.equal([delivered.status, delivered.lastResponseCode, delivered.lastError, delivered.attempts], ['succeeded', 204, null, 6]);
  });

  test('a polling dispatcher claims only when something is pending, and still finds what another process enqueued', async ({ database: { db } }) => {
    const store = createOutboxStore(db, { routes: [{ sink: 'test', destinations: async () => ['d1'] }], retryForMs: 60_000 });
    // What this dispatcher's process does not enqueue wakes nobody here: only the poll finds it.
    const elsewhere = createOutboxStore(db, { routes: [{ sink: 'test', destinations: async () => ['d1'] }], retryForMs: 60_000 });
    let claims = 0;
    let asked = 0;
    const counted: OutboxStore = {
      ...store,
      claim: (...args: Parameters<OutboxStore['claim']>) => (claims++, store.claim(...args)),
      anyPending: () => (asked++, store.anyPending()),
    };
    const sent: string[] = [];
    const dispatcher = createDispatcher(counted, {
      senders: [{ sink: 'test', send: async (d: ClaimedDelivery) => (sent.push(d.eventId), { ok: true, responseCode: 200 }) }],
      leaseMs: 60_000,
      pollMs: 10,
      backoff: { baseMs: 10, maxMs: 10 },
    });
    assert.is(await store.anyPending(), false);
    dispatcher.start();
    try {
      await new Promise((r) => setTimeout(r, 150));
      assert.ok(asked >= 3, `polled ${asked} times`);
      assert.is(claims, 1, 'the first round claims; the idle polls after it only ask');
      await db.transaction((trx) => elsewhere.enqueue(trx, [event('from-elsewhere', 'k')]));
      assert.is(await store.anyPending(), true);
      const deadline = Date.now() + 5_000;
      while (sent.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.equal(sent, ['from-elsewhere']);
    } finally {
      await dispatcher.stop();
    }
    assert.is(await store.anyPending(), false, 'succeeded is not pending');
  });

  test('an event no destination wants is not kept', async (ctx) => {
    ctx.destinations = [];
    await ctx.database.db.transaction((trx) => ctx.store.enqueue(trx, [event('nobody', 'k')]));
    ctx.destinations = ['d1'];
    assert.is((await ctx.database.db('outbox_events')).length, 0);
  });

  test('prune forgets ended deliveries older than the cut and their events; pending ones stay', async ({ database: { db } }) => {
    let clock = 5_000;
    const store = createOutboxStore(db, { routes: [{ sink: 'test', destinations: async () => ['d1'] }], retryForMs: 60_000, now: () => clock });
    await db.transaction((trx) => store.enqueue(trx, [{ ...event('old', 'a'), createdAt: clock }, { ...event('waiting', 'b'), createdAt: clock }]));
    const claimed = await store.claim('w', 60_000, 10);
    await store.settle(claimed.find((d) => d.eventId === 'old')!.id, 'w', { status: 'succeeded', responseCode: 200 });
    clock = 10_000;
    assert.is(await store.prune(6_000), 1);
    assert.equal((await db('outbox_events').select('id')).map((r: { id: string }) => r.id), ['waiting']);
    assert.equal((await db('outbox_deliveries').select('event_id')).map((r: { event_id: string }) => r.event_id), ['waiting']);
  });

  test('two dispatchers claiming at once never hold the same delivery', async ({ database: { db } }) => {
    const store = createOutboxStore(db, { routes: [{ sink: 'test', destinations: async () => ['d1'] }], retryForMs: 60_000 });
    await db.transaction((trx) => store.enqueue(trx, Array.from({ length: 40 }, (_, i) => event(`e${i}`, `key-${i}`))));
    const other = createOutboxStore(db, { routes: [], retryForMs: 60_000 });
    const claims = await Promise.all([store.claim('a', 60_000, 25), other.claim('b', 60_000, 25), store.claim('c', 60_000, 25)]);
    const ids = claims.flat().map((d) => d.id);
    assert.is(new Set(ids).size, ids.length);
    // A claimer that found rows locked skips them (SKIP LOCKED), and MariaDB may lock more rows
    // than a LIMIT returns, so a concurrent claim can come back short; what is left is claimed
    // by the next round, still never twice.
    for (let round = 0; round < 5 && ids.length < 40; round++) ids.push(...(await store.claim(`r${round}`, 60_000, 25)).map((d) => d.id));
    assert.is(new Set(ids).size, ids.length);
    assert.is(ids.length, 40);
  });

  test('claims with runs at once: never the same delivery twice, and each key only from its head without a gap', async ({ database: { db } }) => {
    const store = createOutboxStore(db, { routes: [{ sink: 'test', destinations: async () => ['d1'] }], retryForMs: 60_000 });
    const events = Array.from({ length: 60 }, (_, i) => event(`e${i}`, `key-${i % 6}`));
    await db.transaction((trx) => store.enqueue(trx, events));
    const order = new Map(events.map((e, i) => [e.id, i]));
    const claims = await Promise.all(['a', 'b', 'c', 'd'].map((owner) => store.claim(owner, 60_000, 20, 4)));
    const ids = claims.flat().map((d) => d.id);
    assert.is(new Set(ids).size, ids.length);
    const firstOfKey = (key: string, n: number) => events.filter((e) => e.orderingKey === key).slice(0, n).map((e) => e.id);
    for (const claim of claims) {
      for (const key of new Set(claim.map((d) => d.orderingKey))) {
        const taken = claim.filter((d) => d.orderingKey === key).map((d) => d.eventId);
        assert.equal(taken, firstOfKey(key, taken.length), `${key}: a run from its head, in order`);
      }
      assert.equal(claim.map((d) => order.get(d.eventId)), claim.map((d) => order.get(d.eventId)).sort((x, y) => x! - y!));
    }
    assert.is(new Set(claims.flat().map((d) => d.orderingKey)).size, 6, 'every key was claimed by one of them');
  });

  test.run();
}
