// The concurrency gate the runtime routes put launches behind: at most `limit` at work, the rest
// in arrival order, a failure frees its place like a success.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createConcurrencyGate } from '../../server/core/concurrency-gate.ts';
import { launchGateFor } from '../../server/delivery-app.ts';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
const turn = () => new Promise((r) => setImmediate(r));

test('at most `limit` callers at work; the others start in arrival order as places free up', async () => {
  const gate = createConcurrencyGate(2);
  const started: number[] = [];
  const works = [0, 1, 2, 3].map(() => deferred());
  const runs = works.map((w, i) =>
    gate.run(async () => {
      started.push(i);
      await w.promise;
      return i * 10;
    }),
  );
  await turn();
  assert.equal(started, [0, 1]);
  assert.is(gate.inside, 2);
  assert.is(gate.waiting, 2);
  works[1]!.resolve();
  await turn();
  assert.equal(started, [0, 1, 2]);
  assert.is(gate.inside, 2);
  works[0]!.resolve();
  works[2]!.resolve();
  works[3]!.resolve();
  assert.equal(await Promise.all(runs), [0, 10, 20, 30]);
  assert.is(gate.inside, 0);
  assert.is(gate.waiting, 0);
});

test('a failed work frees its place and its error reaches its caller alone', async () => {
  const gate = createConcurrencyGate(1);
  const failing = deferred();
  const first = gate.run(() => failing.promise);
  const second = gate.run(async () => 'second');
  failing.reject(new Error('database gone'));
  assert.equal(await first.then(() => 'ok', (error: Error) => error.message), 'database gone');
  assert.is(await second, 'second');
  assert.is(gate.inside, 0);
});

test('a limit under 1 is refused', () => {
  assert.throws(() => createConcurrencyGate(0), /limit of 1 or more/);
});

test('a MySQL process lets launches hold half its pool; SQLite has no gate', async () => {
  const gate = launchGateFor({ client: 'mysql', url: 'mysql://root@127.0.0.1:3306/db', database: 'db', poolMax: 20 })!;
  const held = deferred();
  const runs = Array.from({ length: 11 }, () => gate.run(() => held.promise));
  await turn();
  assert.is(gate.inside, 10);
  assert.is(gate.waiting, 1);
  held.resolve();
  await Promise.all(runs);
  assert.is(launchGateFor({ client: 'mysql', url: 'mysql://root@127.0.0.1:3306/db', database: 'db', poolMax: 3 })!.inside, 0);
  assert.is(launchGateFor({ client: 'sqlite', filename: ':memory:' }), undefined);
});

test.run();
