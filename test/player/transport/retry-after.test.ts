// A 429 from the server: the commit stays journaled, the next attempt waits the Retry-After the
// server gave (not the doubling backoff), and then the commit is delivered and forgotten. The same
// for a sequencing-state save, which is kept rather than dropped.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { CommitBody } from '../../../player/transport/commit-body.ts';
import { CommitJournal, journalKey, type KeyValueStorage } from '../../../player/transport/commit-journal.ts';
import { CommitSender, retryAfterMs } from '../../../player/transport/commit-sender.ts';

class MapStorage implements KeyValueStorage {
  readonly map = new Map<string, string>();
  getItem(k: string) { return this.map.get(k) ?? null; }
  setItem(k: string, v: string) { this.map.set(k, v); }
  removeItem(k: string) { this.map.delete(k); }
}

function harness(limitedTimes: number, retryAfter: string) {
  const storage = new MapStorage();
  const journal = new CommitJournal(storage, { registrationId: 'reg-1', packageId: 'pkg-1', sealKey: 'seal-key-from-the-server' });
  const timers: Array<{ fn: () => void; ms: number }> = [];
  const delivered: string[] = [];
  let refused = 0;
  const sender = new CommitSender({
    baseUrl: 'http://lms', registrationId: 'reg-1', token: 'tok', journal,
    fetch: async (url, init) => {
      if (refused < limitedTimes) {
        refused++;
        return new Response(JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'slow down', retry_after: 7 } }), { status: 429, headers: { 'retry-after': retryAfter, 'content-type': 'application/json' } });
      }
      delivered.push(url.includes('/sequencing-state') ? 'state' : `commit ${(JSON.parse(String(init.body)) as CommitBody).sequence}`);
      return url.includes('/sequencing-state') ? new Response(null, { status: 204 }) : new Response('{"ok":true}', { status: 200 });
    },
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    retryMs: 1000,
  });
  return { storage, sender, timers, delivered };
}

const test = suite('commit transport: 429 and Retry-After');

test('a throttled commit waits the server\'s Retry-After, stays journaled, then is delivered', async () => {
  const h = harness(2, '3');
  h.sender.commit({ sessionId: 's1', item: 'sco1', attempt: 1, changes: [['cmi.location', 'p1']], reason: 'commit' });
  await h.sender.pump();
  assert.equal(h.timers.map((t) => t.ms), [3000]);
  assert.ok(h.storage.getItem(journalKey('reg-1', 'pkg-1'))?.includes('p1'), 'still journaled');
  h.timers.shift()!.fn();
  await h.sender.pump();
  assert.equal(h.timers.map((t) => t.ms), [3000], 'the second 429 waits its Retry-After again, not a doubled backoff');
  h.timers.shift()!.fn();
  await h.sender.pump();
  assert.equal(h.delivered, ['commit 1']);
  assert.is(h.storage.getItem(journalKey('reg-1', 'pkg-1')), null);
});

test('a throttled sequencing-state save is kept and sent after the wait', async () => {
  const h = harness(1, '2');
  h.sender.saveState({ activities: { a: 1 } });
  await h.sender.pump();
  assert.equal(h.timers.map((t) => t.ms), [2000]);
  h.timers.shift()!.fn();
  await h.sender.pump();
  assert.equal(h.delivered, ['state']);
});

test('Retry-After as seconds, as a date, or from the body; bounded to 1 s .. 5 min', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.is(retryAfterMs('4', undefined, now), 4000);
  assert.is(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', undefined, now), 10_000);
  assert.is(retryAfterMs(null, 6, now), 6000);
  assert.is(retryAfterMs(null, undefined, now), 1000);
  assert.is(retryAfterMs('0', undefined, now), 1000);
  assert.is(retryAfterMs('99999', undefined, now), 300_000);
});

test.run();
