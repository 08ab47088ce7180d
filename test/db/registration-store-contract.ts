// The one contract every RegistrationStore passes (SQL on each database, and the in-memory fake).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { NewRegistration, RegistrationStore } from '../../server/db/registration-store.ts';

export interface RegistrationStoreBackend {
  /** A store over empty data, its clock set by `clock`. */
  store(clock: () => number): Promise<RegistrationStore>;
  close(): Promise<void>;
}

const input = (id: string, packageId = 'pkg-a', learner = 'u1'): NewRegistration => ({
  id,
  packageId,
  learner: { id: learner, name: `Learner ${learner}` },
  commentsFromLms: [{ comment: 'Welcome', location: 'intro' }],
  contentId: packageId,
  versionNumber: 1,
  onNewVersion: null,
});

export function registrationStoreContract(name: string, open: () => Promise<RegistrationStoreBackend>): void {
  const test = suite<{ backend: RegistrationStoreBackend; store: RegistrationStore; time: { now: number } }>(`registration store contract (${name})`);
  test.before(async (ctx) => {
    ctx.backend = await open();
  });
  test.after(async (ctx) => ctx.backend?.close());
  test.before.each(async (ctx) => {
    ctx.time = { now: 1_000 };
    ctx.store = await ctx.backend.store(() => ctx.time.now);
  });

  test('its own on_new_version is set, cleared, and refused for a missing registration', async ({ store }) => {
    await store.createOrFind({ ...input('p1'), onNewVersion: 'restart' });
    assert.is((await store.get('p1'))!.onNewVersion, 'restart');
    assert.is(await store.setVersionPolicy('p1', 'migrate'), true);
    assert.is((await store.get('p1'))!.onNewVersion, 'migrate');
    assert.is(await store.setVersionPolicy('p1', null), true);
    assert.is((await store.get('p1'))!.onNewVersion, null);
    assert.is(await store.setVersionPolicy('nope', 'keep'), false);
  });

  test('create, then the same id again finds the first record', async ({ store }) => {
    const made = await store.createOrFind(input('r1'));
    assert.is(made.created, true);
    assert.match(made.record.launchNonce ?? '', /^[\w-]{22}$/);
    assert.equal(made.record, { ...input('r1'), attempt: 1, createdAt: 1_000, lastAccessedAt: null, launchNonce: made.record.launchNonce, versionChange: null, trace: false });
    const again = await store.createOrFind(input('r1', 'pkg-b', 'u2'));
    assert.is(again.created, false);
    assert.equal(again.record, made.record);
    assert.equal(await store.get('r1'), made.record);
    assert.is(await store.get('nope'), undefined);
  });

  test('getMany answers one record or undefined per id, in the order asked, repeats included', async ({ store }) => {
    const a = (await store.createOrFind(input('m1'))).record;
    const b = (await store.createOrFind(input('m2', 'pkg-b', 'u2'))).record;
    assert.equal(await store.getMany(['m2', 'nope', 'm1', 'm2']), [b, undefined, a, b]);
    assert.equal(await store.getMany([]), []);
  });

  test('list: newest first then by id, filtered, paged, with the total', async ({ store, time }) => {
    for (const [id, pkg, learner] of [['a', 'p1', 'u1'], ['c', 'p1', 'u2'], ['b', 'p2', 'u1']] as const) {
      await store.createOrFind(input(id, pkg, learner));
    }
    time.now = 2_000;
    await store.createOrFind(input('d', 'p1', 'u1'));
    assert.equal((await store.list({}, 10, 0)).items.map((r) => r.id), ['d', 'a', 'b', 'c']);
    const p1 = await store.list({ packageId: 'p1' }, 2, 1);
    assert.equal([p1.items.map((r) => r.id), p1.total], [['a', 'c'], 3]);
    const u1 = await store.list({ packageId: 'p1', learnerId: 'u1' }, 10, 0);
    assert.equal([u1.items.map((r) => r.id), u1.total], [['d', 'a'], 2]);
    assert.is(await store.countForPackage('p1'), 3);
    assert.is(await store.countForPackage('p9'), 0);
  });

  test('launch nonces: fresh per created registration (a re-created id too), rotated on revoke', async ({ store }) => {
    const first = (await store.createOrFind(input('n1'))).record.launchNonce;
    const other = (await store.createOrFind(input('n2'))).record.launchNonce;
    assert.ok(first && other && first !== other);
    const rotated = await store.rotateLaunchNonce('n1');
    assert.ok(rotated && rotated !== first);
    assert.is((await store.get('n1'))!.launchNonce, rotated);
    assert.is(await store.rotateLaunchNonce('nope'), undefined);
    await store.delete('n1');
    const recreated = (await store.createOrFind(input('n1'))).record.launchNonce;
    assert.ok(recreated && recreated !== first && recreated !== rotated);
  });

  test('touch marks the registration accessed now', async ({ store, time }) => {
    await store.createOrFind(input('t1'));
    time.now = 5_000;
    await store.touch('t1');
    assert.is((await store.get('t1'))!.lastAccessedAt, 5_000);
    await store.touch('nope');
  });

  test('delete one, or all of a package', async ({ store }) => {
    await store.createOrFind(input('x1', 'p1'));
    await store.createOrFind(input('x2', 'p1'));
    await store.createOrFind(input('y1', 'p2'));
    assert.is(await store.delete('x1'), true);
    assert.is(await store.delete('x1'), false);
    await store.deleteForPackage('p1');
    assert.equal((await store.list({}, 10, 0)).items.map((r) => r.id), ['y1']);
  });

  test.run();
}
