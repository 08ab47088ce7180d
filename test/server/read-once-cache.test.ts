// The per-process cache of things that never change once written: read once per key, bounded,
// failed or refused reads not kept.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readOnceCache } from '../../server/core/read-once-cache.ts';

test('reads each key once, keeps at most the limit, forgets failed and refused reads', async () => {
  const reads: string[] = [];
  const cached = readOnceCache(2, async (key) => {
    reads.push(key);
    if (key === 'bad') throw new Error('away');
    return key === 'big' ? 'x'.repeat(10) : key;
  }, (value) => value.length < 5);
  assert.is(await cached('a'), 'a');
  assert.is(await cached('a'), 'a');
  await cached('bad').catch(() => undefined);
  await cached('bad').catch(() => undefined);
  await cached('big');
  await cached('big');
  assert.equal(reads, ['a', 'bad', 'bad', 'big', 'big']);
  await cached('b');
  await cached('c'); // the limit: 'a' (the oldest) goes
  await cached('a');
  assert.equal(reads.slice(5), ['b', 'c', 'a']);
});

test.run();
