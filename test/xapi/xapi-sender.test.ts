// The xAPI sender against a real HTTP LRS stand-in (test/helpers/lrs-receiver.ts): the headers an
// LRS requires, deliveries of one dispatcher round posted together up to the batch size, and the
// outcomes the outbox retries or gives up on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createXapiSender, type XapiDelivery } from '../../server/xapi/xapi-sender.ts';
import { nameUuid } from '../../server/xapi/xapi-ids.ts';
import { startLrsReceiver } from '../helpers/lrs-receiver.ts';

const auth = { key: 'lms', secret: 's3cret' };
const statement = (n: number) => ({
  id: nameUuid(`s${n}`),
  actor: { objectType: 'Agent', account: { homePage: 'https://lms.example.com', name: 'u1' } },
  verb: { id: 'http://adlnet.gov/expapi/verbs/launched', display: { 'en-US': 'launched' } },
  object: { objectType: 'Activity', id: `https://lms.example.com/a/${n}` },
});
const delivery = (eventSeq: number, ...ns: number[]): XapiDelivery => ({ eventSeq, payload: { statements: ns.map(statement) } });

test('the LRS stand-in refuses requests without the version header or the right credentials', async () => {
  const lrs = await startLrsReceiver(auth);
  try {
    const body = JSON.stringify([statement(1)]);
    const basic = `Basic ${Buffer.from('lms:s3cret').toString('base64')}`;
    const noVersion = await fetch(`${lrs.endpoint}/statements`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: basic }, body });
    const wrongAuth = await fetch(`${lrs.endpoint}/statements`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-experience-api-version': '1.0.3', authorization: 'Basic eDp5' }, body });
    assert.equal([noVersion.status, wrongAuth.status, lrs.statements.length], [400, 401, 0]);
    const bad = createXapiSender({ endpoint: lrs.endpoint, key: 'lms', secret: 'wrong', batchSize: 10 });
    assert.equal(await bad.send(delivery(1, 1)), { ok: false, responseCode: 401, error: 'The LRS answered 401.', retry: true });
  } finally {
    await lrs.stop();
  }
});

test('deliveries of one round go in one request, in event order, split at the batch size', async () => {
  const lrs = await startLrsReceiver(auth);
  try {
    const sender = createXapiSender({ endpoint: lrs.endpoint, ...auth, batchSize: 4 });
    // Handed over out of order, as concurrent deliveries may be.
    const results = await Promise.all([sender.send(delivery(3, 4, 5)), sender.send(delivery(1, 1)), sender.send(delivery(2, 2, 3)), sender.send(delivery(4, 6, 7, 8, 9, 10))]);
    assert.ok(results.every((r) => r.ok));
    assert.equal(lrs.statements.map((s) => s.id), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => statement(n).id));
    // 1+2 (3 statements) then 3 (+2 would pass 4) alone, then event 4's five in 4 + 1.
    assert.equal(lrs.batches, [3, 2, 4, 1]);
    // Sent again (a lost answer, a lease that ran out): the LRS keeps one copy.
    assert.ok((await sender.send(delivery(1, 1))).ok);
    assert.is(lrs.statements.length, 10);
  } finally {
    await lrs.stop();
  }
});

test('a down LRS is retried later; a malformed event fails alone and for good', async () => {
  const lrs = await startLrsReceiver(auth);
  try {
    const sender = createXapiSender({ endpoint: lrs.endpoint, ...auth, batchSize: 50 });
    lrs.down();
    assert.equal(await sender.send(delivery(1, 1)), { ok: false, responseCode: 503, error: 'The LRS answered 503.', retry: true });
    lrs.up();
    const broken: XapiDelivery = { eventSeq: 2, payload: { statements: [{ ...statement(2), id: undefined }] } };
    const [good, bad, later] = await Promise.all([sender.send(delivery(1, 1)), sender.send(broken), sender.send(delivery(3, 3))]);
    assert.equal([good.ok, bad.ok, later.ok], [true, false, true]);
    assert.equal(bad, { ok: false, responseCode: 400, error: 'The LRS answered 400.', retry: false });
    assert.equal(lrs.statements.map((s) => s.id), [statement(1).id, statement(3).id]);
    const closed = createXapiSender({ endpoint: 'http://127.0.0.1:1/xapi', ...auth, batchSize: 50 });
    const unreachable = await closed.send(delivery(1, 1));
    assert.ok(!unreachable.ok && unreachable.responseCode === null && unreachable.retry === undefined, JSON.stringify(unreachable));
  } finally {
    await lrs.stop();
  }
});

test('runs of several registrations go together in event order; a run left to retry sends nothing more of it this round', async () => {
  const lrs = await startLrsReceiver(auth);
  try {
    const together = createXapiSender({ endpoint: lrs.endpoint, ...auth, batchSize: 10 });
    const ok = await together.sendRuns([[delivery(1, 1), delivery(3, 3)], [delivery(2, 2), delivery(4, 4)]]);
    assert.ok(ok.flat().every((r) => r?.ok));
    assert.equal(lrs.batches, [4], 'one request for both runs');
    assert.equal(lrs.statements.map((s) => s.id), [1, 2, 3, 4].map((n) => statement(n).id));
    // The LRS fails the first request only (a 503 on a busy moment): event 1's run is held, so
    // its event 3 is not sent after it; the other runs go on.
    let calls = 0;
    const flaky: typeof fetch = (input, init) => (++calls === 1 ? Promise.resolve(new Response('busy', { status: 503 })) : fetch(input, init));
    const oneByOne = createXapiSender({ endpoint: lrs.endpoint, ...auth, batchSize: 1, fetch: flaky });
    const results = await oneByOne.sendRuns([[delivery(11, 11), delivery(13, 13)], [delivery(12, 12)], [delivery(14, 14)]]);
    assert.equal(results, [
      [{ ok: false, responseCode: 503, error: 'The LRS answered 503.', retry: true }, undefined],
      [{ ok: true, responseCode: 200 }],
      [{ ok: true, responseCode: 200 }],
    ]);
    assert.equal(lrs.statements.slice(4).map((s) => s.id), [12, 14].map((n) => statement(n).id));
  } finally {
    await lrs.stop();
  }
});

test.run();
