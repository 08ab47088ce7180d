// The player's content-token renewal with fake timers: at half the token's life, the new base
// taken, again at half of the next; a network failure retried, a revoked launch (401) the end.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startContentRenewal } from '../../../player/transport/content-renewal.ts';

function harness(answers: (() => Promise<{ content_base: string; content_expires_in: number }>)[]) {
  const timers: { fn: () => void; ms: number }[] = [];
  const bases: string[] = [];
  let calls = 0;
  startContentRenewal(
    {
      renew: () => answers[calls++]!(),
      onBase: (base) => bases.push(base),
      setTimer: (fn, ms) => timers.push({ fn, ms }),
    },
    900,
  );
  const fire = async () => {
    timers.shift()!.fn();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { timers, bases, fire, calls: () => calls };
}

const test = suite('content token renewal');

test('renews at half the life of each token and hands the new base to the player', async () => {
  const h = harness([async () => ({ content_base: '/content/b2/p/', content_expires_in: 600 }), async () => ({ content_base: '/content/b3/p/', content_expires_in: 900 })]);
  assert.equal(h.timers.map((t) => t.ms), [450_000]);
  await h.fire();
  assert.equal(h.bases, ['/content/b2/p/']);
  assert.equal(h.timers.map((t) => t.ms), [300_000]);
  await h.fire();
  assert.equal(h.bases, ['/content/b2/p/', '/content/b3/p/']);
  assert.equal(h.timers.map((t) => t.ms), [450_000]);
});

test('a network failure is retried; a revoked or expired launch stops renewing', async () => {
  const h = harness([
    () => Promise.reject(Object.assign(new Error('fetch failed'), { status: 0 })),
    () => Promise.reject(Object.assign(new Error('revoked'), { status: 401 })),
  ]);
  await h.fire();
  assert.equal(h.timers.map((t) => t.ms), [30_000]);
  await h.fire();
  assert.equal(h.timers, []);
  assert.equal(h.bases, []);
  assert.is(h.calls(), 2);
});

test('no expiry from the server (an older one): nothing scheduled', () => {
  const timers: unknown[] = [];
  startContentRenewal({ renew: () => Promise.reject(new Error('x')), onBase: () => undefined, setTimer: (fn) => timers.push(fn) }, undefined);
  assert.equal(timers, []);
});

test.run();
