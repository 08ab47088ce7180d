// The launch store contract (decision 0023), run against the SQL store on each database and
// against the in-memory fake: launches opened, superseded and ended by the exit-reason rules,
// errors capped, trace parts kept once and capped, traces expired, the trace switches.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { TracePart } from '../../contract/launches.ts';
import { MAX_LAUNCH_ERRORS, MAX_LAUNCH_TRACE_CALLS, type LaunchStore, type NewLaunch } from '../../server/db/launch-store.ts';

export interface LaunchStoreTarget {
  store: LaunchStore;
  /** Makes a registration row (and its package) exist for the switches. */
  addRegistration(registrationId: string, packageId: string): Promise<void>;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

function newLaunch(over: Partial<NewLaunch> = {}): NewLaunch {
  return {
    id: unique('launch'), registrationId: unique('reg'), packageId: 'pkg-1', itemIdentifier: 'item_1', attempt: 1,
    mode: 'normal', userAgent: 'Mozilla/5.0 Test', traced: true, startedAt: 1_000, ...over,
  };
}

const part = (n: number, calls: number, dropped?: number): TracePart => ({
  n, s: ['LMSGetValue', 'cmi.core.lesson_status', 'incomplete'],
  c: Array.from({ length: calls }, (_, i) => [i, 0, 2, 0, 1]),
  ...(dropped ? { dropped } : {}),
});

export function launchStoreContract(name: string, open: () => Promise<{ target(): LaunchStoreTarget; close(): Promise<void> }>): void {
  const test = suite(`launch store contract (${name})`);
  let backend: Awaited<ReturnType<typeof open>>;
  let t: LaunchStoreTarget;
  test.before(async () => {
    backend = await open();
  });
  test.after(async () => backend.close());
  test.before.each(() => {
    t = backend.target();
  });

  test('a launch opens open, with what the request said, and ends with the SCO’s own reason', async () => {
    const l = newLaunch({ userAgent: 'x'.repeat(600) });
    await t.store.open(l);
    const opened = (await t.store.get(l.id))!;
    assert.is(opened.exitReason, null);
    assert.is(opened.endedAt, null);
    assert.is(opened.userAgent.length, 512, 'the user agent is cut to its column');
    assert.is(opened.mode, 'normal');
    await t.store.end(l.id, l.registrationId, { reason: 'suspend', at: 5_000, counters: { commitCount: 3, bytesReceived: 900 }, sessionTimeSeconds: 12.5 });
    const ended = (await t.store.get(l.id))!;
    assert.equal([ended.exitReason, ended.endedAt, ended.commitCount, ended.bytesReceived, ended.sessionTimeSeconds], ['suspend', 5_000, 3, 900, 12.5]);
  });

  test('a closed window gives way to a later Terminate; stale and timed out never replace an end', async () => {
    const l = newLaunch();
    await t.store.open(l);
    await t.store.end(l.id, l.registrationId, { reason: 'window_closed', at: 2_000 });
    await t.store.end(l.id, l.registrationId, { reason: 'terminate', at: 2_100, counters: { commitCount: 2, bytesReceived: 300 }, sessionTimeSeconds: 9 });
    const replaced = (await t.store.get(l.id))!;
    assert.equal([replaced.exitReason, replaced.endedAt, replaced.sessionTimeSeconds, replaced.commitCount], ['terminate', 2_100, 9, 2], 'the end time and session time go with the reason they replace');
    const next = newLaunch({ registrationId: l.registrationId });
    await t.store.open(next, { id: l.id, end: { reason: 'stale', at: 3_000, counters: { commitCount: 4, bytesReceived: 1_000 } } });
    const old = (await t.store.get(l.id))!;
    assert.equal([old.exitReason, old.endedAt, old.commitCount], ['terminate', 2_100, 4], 'the reason stays, the counters are final');
  });

  test('a newer launch of the attempt marks the one it supersedes stale', async () => {
    const l = newLaunch();
    await t.store.open(l);
    const next = newLaunch({ registrationId: l.registrationId });
    await t.store.open(next, { id: l.id, end: { reason: 'stale', at: 3_000 } });
    assert.equal([(await t.store.get(l.id))!.exitReason, (await t.store.get(l.id))!.endedAt], ['stale', 3_000]);
    assert.is((await t.store.get(next.id))!.exitReason, null);
  });

  test('writes name the registration: another one’s launch id changes nothing', async () => {
    const l = newLaunch();
    await t.store.open(l);
    await t.store.end(l.id, 'someone-else', { reason: 'terminate', at: 2 });
    await t.store.addErrors(l.id, 'someone-else', [['cmi.x', 401]], 0);
    await t.store.countCommit(l.id, 'someone-else', 100);
    await t.store.addTracePart(l.id, 'someone-else', part(0, 2), 1);
    const r = (await t.store.get(l.id))!;
    assert.equal([r.exitReason, r.errorCount, r.commitCount, r.traceCalls], [null, 0, 0, 0]);
  });

  test('errors: the first ones named, all counted', async () => {
    const l = newLaunch();
    await t.store.open(l);
    await t.store.addErrors(l.id, l.registrationId, [['cmi.core.lesson_status', 405]], 0);
    await t.store.addErrors(l.id, l.registrationId, Array.from({ length: MAX_LAUNCH_ERRORS }, (_, i) => [`cmi.e${i}`, 401] as [string, number]), 7);
    const r = (await t.store.get(l.id))!;
    assert.is(r.errors.length, MAX_LAUNCH_ERRORS);
    assert.equal(r.errors[0], ['cmi.core.lesson_status', 405]);
    assert.is(r.errorCount, 1 + MAX_LAUNCH_ERRORS + 7);
  });

  test('review commits are counted on the launch itself', async () => {
    const l = newLaunch({ mode: 'review' });
    await t.store.open(l);
    await t.store.countCommit(l.id, l.registrationId, 120);
    await t.store.countCommit(l.id, l.registrationId, 80);
    const r = (await t.store.get(l.id))!;
    assert.equal([r.commitCount, r.bytesReceived], [2, 200]);
  });

  test('trace parts: kept once each, in part order, only for a traced launch', async () => {
    const l = newLaunch();
    await t.store.open(l);
    await t.store.addTracePart(l.id, l.registrationId, part(1, 2), 10);
    await t.store.addTracePart(l.id, l.registrationId, part(0, 3), 10);
    await t.store.addTracePart(l.id, l.registrationId, part(0, 3), 10); // a beacon sent twice
    const parts = await t.store.traceParts(l.id);
    assert.equal(parts.map((p) => p.n), [0, 1]);
    assert.equal(parts[0], part(0, 3));
    assert.is((await t.store.get(l.id))!.traceCalls, 5);
    const untraced = newLaunch({ traced: false });
    await t.store.open(untraced);
    await t.store.addTracePart(untraced.id, untraced.registrationId, part(0, 3), 10);
    assert.equal(await t.store.traceParts(untraced.id), []);
  });

  test('trace cap: a part past it is not kept and the trace is marked truncated; so is one with dropped calls', async () => {
    const l = newLaunch();
    await t.store.open(l);
    await t.store.addTracePart(l.id, l.registrationId, part(0, MAX_LAUNCH_TRACE_CALLS - 1), 10);
    assert.is((await t.store.get(l.id))!.traceTruncated, false);
    await t.store.addTracePart(l.id, l.registrationId, part(1, 2), 10);
    const r = (await t.store.get(l.id))!;
    assert.equal([r.traceCalls, r.traceTruncated, (await t.store.traceParts(l.id)).length], [MAX_LAUNCH_TRACE_CALLS - 1, true, 1]);
    const d = newLaunch();
    await t.store.open(d);
    await t.store.addTracePart(d.id, d.registrationId, part(0, 1, 40), 10);
    assert.is((await t.store.get(d.id))!.traceTruncated, true);
  });

  test('traces expire by the time they were stored', async () => {
    const l = newLaunch();
    await t.store.open(l);
    await t.store.addTracePart(l.id, l.registrationId, part(0, 1), 100);
    await t.store.addTracePart(l.id, l.registrationId, part(1, 1), 900);
    assert.ok((await t.store.deleteTracesBefore(500)) >= 1);
    assert.equal((await t.store.traceParts(l.id)).map((p) => p.n), [1]);
  });

  test('a registration’s launches list newest first, paged, and go with it', async () => {
    const registrationId = unique('reg');
    const ids = [];
    for (const startedAt of [3_000, 1_000, 2_000]) {
      const l = newLaunch({ registrationId, startedAt });
      ids.push(l.id);
      await t.store.open(l);
      await t.store.addTracePart(l.id, registrationId, part(0, 1), 1);
    }
    const page = await t.store.list(registrationId, 2, 0);
    assert.is(page.total, 3);
    assert.equal(page.items.map((l) => l.startedAt), [3_000, 2_000]);
    assert.equal((await t.store.list(registrationId, 2, 2)).items.map((l) => l.startedAt), [1_000]);
    await t.store.deleteForRegistration(registrationId);
    assert.is((await t.store.list(registrationId, 10, 0)).total, 0);
    assert.equal(await t.store.traceParts(ids[0]!), []);
  });

  test('trace switches: a registration’s own, or its package’s', async () => {
    const registrationId = unique('reg');
    const packageId = unique('pkg').slice(0, 36);
    await t.addRegistration(registrationId, packageId);
    assert.equal(await t.store.traceSwitches(registrationId), { registration: false, package: false });
    assert.ok(await t.store.setTrace({ packageId }, true));
    assert.equal(await t.store.traceSwitches(registrationId), { registration: false, package: true });
    assert.ok(await t.store.setTrace({ registrationId }, true));
    assert.ok(await t.store.setTrace({ registrationId }, true), 'setting the same value again still finds the row');
    assert.equal(await t.store.traceSwitches(registrationId), { registration: true, package: true });
    assert.is(await t.store.traceSwitches('nobody'), undefined);
    assert.is(await t.store.setTrace({ registrationId: 'nobody' }, true), false);
    assert.is(await t.store.setTrace({ packageId: 'nothing' }, true), false);
  });

  test.run();
}
