// isoTime: the same text as Date.prototype.toISOString across days, years and edge values.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isoTime } from '../../server/core/iso-time.ts';

test('matches toISOString on times spread over four centuries, in and out of order', () => {
  let seed = 12345;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const times = [0, 1, 999, 1000, 86_399_999, 86_400_000, Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(2026, 0, 1), 253_402_300_799_999];
  for (let i = 0; i < 5_000; i++) times.push(Math.floor(next() * 253_402_300_799_999));
  for (let i = 0; i < 1_000; i++) times.push(Date.UTC(2026, 0, 1) + i * 997); // same day, in order (the cached prefix)
  for (const ms of times) assert.is(isoTime(ms), new Date(ms).toISOString(), String(ms));
});

test('years outside 0000-9999, negative and fractional times fall back to toISOString', () => {
  for (const ms of [-1, -86_400_001, 253_402_300_800_000, 8.64e15, 1.5]) assert.is(isoTime(ms), new Date(ms).toISOString(), String(ms));
  assert.throws(() => isoTime(Number.NaN), RangeError);
});

test.run();
