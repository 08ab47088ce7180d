// The turn batcher: calls of one event-loop turn go in one batch, each caller gets its own
// answer, and with maxInFlight 1 what arrives during a batch waits and goes in the next one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTurnBatcher, fulfilledAll } from '../../server/core/turn-batcher.ts';

const settle = <T>(p: Promise<T>) => p.then((value) => ({ ok: true as const, value }), (error: Error) => ({ ok: false as const, error: error.message }));

test('calls of one turn go in one batch, in call order, and each gets its own answer', async () => {
  const batches: number[][] = [];
  const double = createTurnBatcher(async (inputs: number[]) => {
    batches.push(inputs);
    return fulfilledAll(inputs.map((n) => n * 2));
  });
  const answers = await Promise.all([double(1), double(2), double(3)]);
  assert.equal(answers, [2, 4, 6]);
  assert.equal(batches, [[1, 2, 3]]);
  assert.equal(await double(5), 10);
  assert.equal(batches, [[1, 2, 3], [5]]);
});

test('a refused input fails its own caller only; a batch that throws fails all its callers', async () => {
  const checked = createTurnBatcher(async (inputs: number[]) =>
    inputs.map((n): PromiseSettledResult<number> => (n < 0 ? { status: 'rejected', reason: new Error(`negative ${n}`) } : { status: 'fulfilled', value: n })),
  );
  assert.equal(await Promise.all([settle(checked(1)), settle(checked(-2)), settle(checked(3))]), [
    { ok: true, value: 1 },
    { ok: false, error: 'negative -2' },
    { ok: true, value: 3 },
  ]);
  const broken = createTurnBatcher(async (_inputs: number[]): Promise<Array<PromiseSettledResult<number>>> => {
    throw new Error('the transaction failed');
  });
  assert.equal(await Promise.all([settle(broken(1)), settle(broken(2))]), [
    { ok: false, error: 'the transaction failed' },
    { ok: false, error: 'the transaction failed' },
  ]);
  const short = createTurnBatcher(async (_inputs: number[]) => fulfilledAll([1]));
  assert.equal((await Promise.all([settle(short(1)), settle(short(2))]))[1], { ok: false, error: 'The batch answered fewer results than it was given.' });
});

test('maxBatch cuts a large turn into batches of that size', async () => {
  const sizes: number[] = [];
  const echo = createTurnBatcher(async (inputs: number[]) => (sizes.push(inputs.length), fulfilledAll(inputs)), { maxBatch: 4 });
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => echo(i)));
  assert.equal(answers, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(sizes, [4, 4, 2]);
});

test('maxInFlight 1: one batch at a time; what arrives meanwhile goes together in the next', async () => {
  const batches: number[][] = [];
  let running = 0;
  let most = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const write = createTurnBatcher(
    async (inputs: number[]) => {
      batches.push(inputs);
      most = Math.max(most, ++running);
      if (batches.length === 1) await gate;
      running--;
      return fulfilledAll(inputs);
    },
    { maxInFlight: 1 },
  );
  const first = write(1);
  await new Promise((r) => setImmediate(r));
  assert.equal(batches, [[1]]);
  // Arrive over several turns while the first batch runs.
  const later = [write(2)];
  await new Promise((r) => setImmediate(r));
  later.push(write(3), write(4));
  await new Promise((r) => setImmediate(r));
  assert.equal(batches, [[1]]);
  release();
  assert.equal(await Promise.all([first, ...later]), [1, 2, 3, 4]);
  assert.equal(batches, [[1], [2, 3, 4]]);
  assert.is(most, 1);
});

test.run();
