// The token bucket of the commit rate limit, on a fake clock.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRateLimiter } from '../../server/core/rate-limiter.ts';

test('a burst, then one per 1/perSecond; Retry-After counts the wait; keys apart', () => {
  let now = 0;
  const limiter = createRateLimiter({ perSecond: 2, burst: 3, now: () => now });
  assert.equal([1, 2, 3].map(() => limiter.take('a').ok), [true, true, true]);
  assert.equal(limiter.take('a'), { ok: false, retryAfterSeconds: 1 });
  assert.ok(limiter.take('b').ok, 'another key has its own bucket');
  now = 500;
  assert.ok(limiter.take('a').ok, 'one token back after half a second');
  assert.not.ok(limiter.take('a').ok);
  now = 10_000;
  assert.equal([1, 2, 3, 4].map(() => limiter.take('a').ok), [true, true, true, false], 'refills up to the burst, no further');
});

test('buckets that refilled completely are forgotten', () => {
  let now = 0;
  const limiter = createRateLimiter({ perSecond: 10, burst: 10, now: () => now });
  for (let i = 0; i < 100; i++) limiter.take(`r${i}`);
  assert.is(limiter.size, 100);
  now = 5_000;
  limiter.take('fresh');
  assert.is(limiter.size, 1);
});

test.run();
