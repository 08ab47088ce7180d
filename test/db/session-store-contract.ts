// The one contract every SessionStore passes (SQL on each database, and the in-memory fake the
// service unit tests use), so the fake behaves like the real thing where services rely on it.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isAppError } from '../../server/errors.ts';
import type { CommitWrite, SessionRow, SessionStore } from '../../server/db/session-store.ts';

export interface SessionStoreTarget {
  store: SessionStore;
  /** Makes the registration row exist where the store keeps registrations elsewhere. */
  addRegistration(id: string): Promise<void>;
  /** Ids of the outbox events written for an ordering key, in order. */
  eventIds(orderingKey: string): Promise<string[]>;
}

/** Opened once per suite (a database, say); gives a store per test. */
export interface SessionStoreBackend {
  target(): SessionStoreTarget;
  close(): Promise<void>;
}

let counter = 0;
export function sessionRow(over: Partial<SessionRow> = {}): SessionRow {
  counter += 1;
  return {
    id: `row-${counter}-${Math.random().toString(36).slice(2, 10)}`,
    registration_id: 'reg-1',
    package_id: 'pkg-1',
    item_identifier: 'item_1',
    attempt: 1,
    version: '2004',
    session_time_seconds: 0,
    entry: 'ab-initio',
    data_json: '{"version":"2004","values":[],"counts":[]}',
    last_end_json: null,
    ended: false,
    is_latest: true,
    archived: false,
    session_count: 1,
    current_session_id: 'session-aaaaaaaa',
    commit_sequence: 0,
    launch_commits: 0,
    launch_bytes: 0,
    row_version: 0,
    created_at: 1000,
    updated_at: 1000,
    lesson_status: null,
    completion_status: 'unknown',
    success_status: 'unknown',
    score_raw: null,
    score_min: null,
    score_max: null,
    score_scaled: null,
    total_time: 'PT0S',
    total_time_seconds: 0,
    location: null,
    suspend_data: null,
    exit_value: '',
    ...over,
  };
}

const insert = (store: SessionStore, row: SessionRow) =>
  store.openAttempt(row.registration_id, row.item_identifier, row.created_at, () => ({ opening: { kind: 'insert', row }, result: row }));

const interaction = (position: number, id: string, result: string) => ({
  position,
  interaction_id: id,
  interaction_key: id,
  type: 'choice',
  learner_response: 'a',
  result,
  weighting: 1,
  latency: null,
  timestamp: null,
  description: null,
  correct_responses_json: null,
});

const objective = (position: number, id: string) => ({
  position,
  objective_id: id,
  success_status: 'passed',
  completion_status: 'completed',
  score_scaled: 0.5,
  score_raw: null,
  score_min: null,
  score_max: null,
  progress_measure: null,
  description: null,
});

export function sessionStoreContract(name: string, open: () => Promise<SessionStoreBackend>): void {
  const test = suite<{ backend: SessionStoreBackend; target: SessionStoreTarget; reg: string }>(`session store contract (${name})`);
  let n = 0;
  test.before(async (ctx) => {
    ctx.backend = await open();
  });
  test.after(async (ctx) => ctx.backend?.close());
  test.before.each(async (ctx) => {
    ctx.target = ctx.backend.target();
    ctx.reg = `reg-${++n}`;
    await ctx.target.addRegistration(ctx.reg);
  });

  test('an inserted attempt is found, is the latest, and a newer one takes the latest flag', async ({ target: { store }, reg }) => {
    assert.is(await store.latest(reg, 'item_1'), undefined);
    const first = sessionRow({ registration_id: reg });
    await insert(store, first);
    assert.equal(await store.find(reg, 'item_1', 1), first);
    const second = sessionRow({ registration_id: reg, attempt: 2 });
    let seen: SessionRow | undefined;
    await store.openAttempt(reg, 'item_1', 2000, (latest) => {
      seen = latest;
      return { opening: { kind: 'insert', row: second }, result: null };
    });
    assert.is(seen?.id, first.id);
    assert.is((await store.latest(reg, 'item_1'))?.id, second.id);
    const all = await store.forRegistration(reg);
    assert.equal(all.map((r) => [r.attempt, r.is_latest]), [[1, false], [2, true]]);
  });

  test('forRegistration orders by item, then attempt, and keeps registrations apart', async ({ target, reg }) => {
    const { store } = target;
    await target.addRegistration(`${reg}-other`);
    await insert(store, sessionRow({ registration_id: reg, item_identifier: 'b' }));
    await insert(store, sessionRow({ registration_id: reg, item_identifier: 'a', attempt: 2 }));
    await insert(store, sessionRow({ registration_id: reg, item_identifier: 'a', attempt: 1, is_latest: false }));
    await insert(store, sessionRow({ registration_id: `${reg}-other`, item_identifier: 'a' }));
    assert.equal((await store.forRegistration(reg)).map((r) => `${r.item_identifier}${r.attempt}`), ['a1', 'a2', 'b1']);
    // The progress read of a turn: the same rows per registration, in the order asked, with the
    // progress columns as the full read has them.
    const [mine, none, other] = await store.progressRowsMany([reg, `${reg}-none`, `${reg}-other`]);
    assert.equal(mine!.map((r) => `${r.item_identifier}${r.attempt}`), ['a1', 'a2', 'b1']);
    assert.equal(none, []);
    assert.equal(other!.map((r) => r.item_identifier), ['a']);
    const full = await store.forRegistration(reg);
    const columns = ['id', 'attempt', 'version', 'archived', 'session_count', 'updated_at', 'completion_status', 'success_status', 'score_scaled', 'total_time_seconds'] as const;
    assert.equal(mine!.map((r) => columns.map((c) => r[c] ?? null)), full.map((r) => columns.map((c) => r[c] ?? null)));
  });

  test('resuming is guarded by row_version: a stale row is CONCURRENT_UPDATE and changes nothing', async ({ target: { store }, reg }) => {
    const row = sessionRow({ registration_id: reg });
    await insert(store, row);
    const resumed = await store.openAttempt(reg, 'item_1', 3000, (latest) => ({
      opening: { kind: 'update', row: latest!, fields: { current_session_id: 'session-bbbbbbbb', session_count: 2 } },
      result: 'ok',
    }));
    assert.is(resumed, 'ok');
    const after = (await store.find(reg, 'item_1', 1))!;
    assert.is(after.row_version, 1);
    assert.is(after.session_count, 2);
    try {
      await store.openAttempt(reg, 'item_1', 4000, () => ({ opening: { kind: 'update', row, fields: { current_session_id: 'session-cccccccc' } }, result: 'no' }));
      assert.unreachable('a stale row was written');
    } catch (error) {
      assert.ok(isAppError(error) && error.code === 'CONCURRENT_UPDATE', String(error));
    }
    assert.is((await store.find(reg, 'item_1', 1))!.current_session_id, 'session-bbbbbbbb');
  });

  test('a commit write is guarded by row_version', async ({ target: { store }, reg }) => {
    const row = sessionRow({ registration_id: reg });
    await insert(store, row);
    const write: CommitWrite = { row, fields: { commit_sequence: 1, location: 'page 2', updated_at: 5000 }, shared: [] };
    assert.is(await store.writeCommit(write), true);
    assert.is(await store.writeCommit({ ...write, fields: { commit_sequence: 2 } }), false);
    const stored = (await store.find(reg, 'item_1', 1))!;
    assert.is(stored.commit_sequence, 1);
    assert.is(stored.location, 'page 2');
    assert.is(stored.row_version, 1);
  });

  test('findMany answers one attempt or undefined per key, in the order asked', async ({ target, reg }) => {
    const { store } = target;
    await target.addRegistration(`${reg}-b`);
    const a1 = sessionRow({ registration_id: reg });
    const a2 = sessionRow({ registration_id: reg, attempt: 2, created_at: 2000 });
    const b1 = sessionRow({ registration_id: `${reg}-b`, item_identifier: 'item_2' });
    for (const row of [a1, a2, b1]) await insert(store, row);
    const found = await store.findMany([
      { registrationId: `${reg}-b`, item: 'item_2', attempt: 1 },
      { registrationId: reg, item: 'item_1', attempt: 3 },
      { registrationId: reg, item: 'item_1', attempt: 1 },
      { registrationId: reg, item: 'item_2', attempt: 1 },
      { registrationId: reg, item: 'item_1', attempt: 2 },
    ]);
    assert.equal(found.map((r) => r?.id), [b1.id, undefined, a1.id, undefined, a2.id]);
    assert.equal(found[0], await store.find(`${reg}-b`, 'item_2', 1));
    assert.equal(await store.findMany([]), []);
  });

  test('writeCommits: a group of rows with details, navigation state and shared data, each answered', async ({ target, reg }) => {
    const { store } = target;
    await target.addRegistration(`${reg}-b`);
    const a = sessionRow({ registration_id: reg });
    const b = sessionRow({ registration_id: `${reg}-b` });
    await insert(store, a);
    await insert(store, b);
    const answers = await store.writeCommits([
      { row: a, fields: { commit_sequence: 1, location: 'a-1', ended: true, updated_at: 5000 }, details: { interactions: [interaction(0, 'q1', 'correct')], objectives: [objective(0, 'o1')] }, registration: { lastAccessedAt: 5000, sequencingState: { at: 'a' } }, shared: [] },
      { row: b, fields: { commit_sequence: 1, score_scaled: 0.5, updated_at: 5000 }, shared: [['t1', 'from b']] },
    ]);
    assert.equal(answers, [{ status: 'fulfilled', value: true }, { status: 'fulfilled', value: true }]);
    const [storedA, storedB] = await store.findMany([{ registrationId: reg, item: 'item_1', attempt: 1 }, { registrationId: `${reg}-b`, item: 'item_1', attempt: 1 }]);
    assert.equal([storedA!.location, storedA!.ended, storedA!.commit_sequence, storedA!.row_version, storedA!.score_scaled], ['a-1', true, 1, 1, null]);
    assert.equal([storedB!.location, storedB!.ended, storedB!.commit_sequence, storedB!.row_version, storedB!.score_scaled], [null, false, 1, 1, 0.5]);
    assert.equal((await store.interactionsOf(a.id)).map((r) => r.interaction_id), ['q1']);
    assert.equal((await store.objectivesOf(a.id)).map((r) => r.objective_id), ['o1']);
    assert.equal(await store.interactionsOf(b.id), []);
    assert.equal(await store.sequencingState(reg), { at: 'a' });
    assert.equal(await store.sharedValues(`registration:${reg}-b`, ['t1']), new Map([['t1', 'from b']]));
    assert.equal(await store.writeCommits([]), []);
  });

  test('writeCommits: two commits of one registration in a group leave its navigation state as written in order', async ({ target: { store }, reg }) => {
    const a = sessionRow({ registration_id: reg });
    const b = sessionRow({ registration_id: reg, item_identifier: 'item_2' });
    await insert(store, a);
    await insert(store, b);
    await store.writeCommits([
      { row: a, fields: { commit_sequence: 1 }, registration: { lastAccessedAt: 10, sequencingState: { s: 1 } }, shared: [] },
      { row: b, fields: { commit_sequence: 1 }, registration: { lastAccessedAt: 20 }, shared: [] },
    ]);
    assert.equal(await store.sequencingState(reg), { s: 1 });
    const [a1, b1] = await store.findMany([{ registrationId: reg, item: 'item_1', attempt: 1 }, { registrationId: reg, item: 'item_2', attempt: 1 }]);
    await store.writeCommits([
      { row: a1!, fields: { commit_sequence: 2 }, registration: { lastAccessedAt: 30, sequencingState: { s: 2 } }, shared: [] },
      { row: b1!, fields: { commit_sequence: 2 }, registration: { lastAccessedAt: 40, sequencingState: { s: 3 } }, shared: [] },
    ]);
    assert.equal(await store.sequencingState(reg), { s: 3 });
  });

  test('writeCommits: a row written since it was read answers false, the others of the group are written', async ({ target, reg }) => {
    const { store } = target;
    await target.addRegistration(`${reg}-b`);
    const a = sessionRow({ registration_id: reg });
    const b = sessionRow({ registration_id: `${reg}-b` });
    await insert(store, a);
    await insert(store, b);
    assert.is(await store.writeCommit({ row: b, fields: { commit_sequence: 1, location: 'other tab' }, shared: [] }), true);
    const answers = await store.writeCommits([
      { row: a, fields: { commit_sequence: 1, location: 'a-1' }, details: { interactions: [interaction(0, 'q1', 'correct')], objectives: [] }, shared: [] },
      { row: b, fields: { commit_sequence: 1, location: 'stale' }, details: { interactions: [interaction(0, 'q9', 'wrong')], objectives: [] }, shared: [] },
    ]);
    assert.equal(answers, [{ status: 'fulfilled', value: true }, { status: 'fulfilled', value: false }]);
    assert.is((await store.find(reg, 'item_1', 1))!.location, 'a-1');
    assert.is((await store.find(`${reg}-b`, 'item_1', 1))!.location, 'other tab');
    assert.equal((await store.interactionsOf(a.id)).map((r) => r.interaction_id), ['q1']);
    assert.equal(await store.interactionsOf(b.id), [], 'the stale write left no detail rows');
  });

  test('details are replaced as a whole, and go with a stale write', async ({ target: { store }, reg }) => {
    const row = sessionRow({ registration_id: reg });
    await insert(store, row);
    await store.writeCommit({ row, fields: { commit_sequence: 1 }, details: { interactions: [interaction(0, 'q1', 'correct'), interaction(1, 'q2', 'wrong')], objectives: [objective(0, 'o1')] }, shared: [] });
    const v1 = (await store.find(reg, 'item_1', 1))!;
    await store.writeCommit({ row: v1, fields: { commit_sequence: 2 }, details: { interactions: [interaction(0, 'q3', 'neutral')], objectives: [] }, shared: [] });
    assert.is(await store.writeCommit({ row: v1, fields: { commit_sequence: 3 }, details: { interactions: [], objectives: [] }, shared: [] }), false);
    const rows = await store.interactionsOf(row.id);
    assert.equal(rows.map((r) => [r.position, r.interaction_id, r.result, r.registration_id]), [[0, 'q3', 'neutral', reg]]);
    assert.equal(await store.objectivesOf(row.id), []);
  });

  test('shared data: the last write of a bucket wins, per scope; "" removes it', async ({ target, reg }) => {
    const { store } = target;
    const row = sessionRow({ registration_id: reg });
    const own = `registration:${reg}`;
    await insert(store, row);
    assert.equal(await store.sharedValues(own, ['t1']), new Map());
    await store.writeCommit({ row, fields: { commit_sequence: 1 }, shared: [['t1', 'one'], ['t2', 'two']] });
    const v1 = (await store.find(reg, 'item_1', 1))!;
    await store.writeCommit({ row: v1, fields: { commit_sequence: 2 }, shared: [['t1', 'uno']] });
    assert.equal(await store.sharedValues(own, ['t1', 't2', 't3']), new Map([['t1', 'uno'], ['t2', 'two']]));
    assert.equal(await store.sharedValues(own, []), new Map());
    await target.addRegistration(`${reg}-x`);
    assert.equal(await store.sharedValues(`registration:${reg}-x`, ['t1']), new Map());
    // A learner-wide scope (sharedDataGlobalToSystem): another key, kept apart from the registration's.
    const v2 = (await store.find(reg, 'item_1', 1))!;
    const learner = { key: `learner:L-${reg}`, registrationId: null };
    await store.writeCommit({ row: v2, fields: { commit_sequence: 3 }, shared: [['t1', 'global'], ['t2', '']], sharedScope: learner });
    assert.equal(await store.sharedValues(learner.key, ['t1', 't2']), new Map([['t1', 'global']]));
    const v3 = (await store.find(reg, 'item_1', 1))!;
    await store.writeCommit({ row: v3, fields: { commit_sequence: 4 }, shared: [['t2', '']] });
    assert.equal(await store.sharedValues(own, ['t1', 't2']), new Map([['t1', 'uno']]));
    // A new attempt on the activity tree empties a registration-scoped scope, and only that one.
    await store.deleteShared(own);
    assert.equal(await store.sharedValues(own, ['t1']), new Map());
    assert.equal(await store.sharedValues(learner.key, ['t1']), new Map([['t1', 'global']]));
  });

  test('navigation state: saved directly or with a commit, null before', async ({ target: { store }, reg }) => {
    assert.is(await store.sequencingState(reg), null);
    await store.saveSequencingState(reg, { current: 'a', n: [1, 2] }, 6000);
    assert.equal(await store.sequencingState(reg), { current: 'a', n: [1, 2] });
    const row = sessionRow({ registration_id: reg });
    await insert(store, row);
    await store.writeCommit({ row, fields: { commit_sequence: 1 }, registration: { lastAccessedAt: 7000, sequencingState: { current: 'b' } }, shared: [] });
    assert.equal(await store.sequencingState(reg), { current: 'b' });
    const v1 = (await store.find(reg, 'item_1', 1))!;
    await store.writeCommit({ row: v1, fields: { commit_sequence: 2 }, registration: { lastAccessedAt: 8000 }, shared: [] });
    assert.equal(await store.sequencingState(reg), { current: 'b' }, 'a commit without state keeps it');
  });

  test('a commit writes its outbox events with it; a commit that lost the row_version race writes none', async ({ target, reg }) => {
    const { store } = target;
    const row = sessionRow({ registration_id: reg });
    await insert(store, row);
    const event = (id: string) => ({ id, type: 'registration.completed', orderingKey: reg, payload: { registration: { id: reg } }, createdAt: 9000 });
    // The fast path (nothing but the row) too: events need the transaction.
    assert.is(await store.writeCommit({ row, fields: { commit_sequence: 1, completion_status: 'completed' }, shared: [], events: [event(`${reg}-e1`)] }), true);
    assert.is(await store.writeCommit({ row, fields: { commit_sequence: 2 }, shared: [], events: [event(`${reg}-e2`)] }), false);
    assert.equal(await target.eventIds(reg), [`${reg}-e1`]);
  });

  test('an opening writes its outbox events with it; an opening that fails writes none', async ({ target, reg }) => {
    const { store } = target;
    const row = sessionRow({ registration_id: reg });
    const event = (id: string) => ({ id, type: 'xapi.statements', orderingKey: reg, payload: { statements: [] }, createdAt: 9000 });
    await store.openAttempt(reg, 'item_1', 2000, () => ({ opening: { kind: 'insert', row }, result: row, events: [event(`${reg}-o1`)] }));
    const stale = { ...row, row_version: 41 };
    try {
      await store.openAttempt(reg, 'item_1', 3000, () => ({ opening: { kind: 'update', row: stale, fields: { session_count: 2 } }, result: 'no', events: [event(`${reg}-o2`)] }));
      assert.unreachable('a stale row_version is refused');
    } catch (error) {
      assert.ok(isAppError(error) && error.code === 'CONCURRENT_UPDATE', String(error));
    }
    assert.equal(await target.eventIds(reg), [`${reg}-o1`]);
  });

  test('deleteForRegistration removes attempts, details and shared data of that registration only', async ({ target, reg }) => {
    const { store } = target;
    await target.addRegistration(`${reg}-keep`);
    const row = sessionRow({ registration_id: reg });
    const kept = sessionRow({ registration_id: `${reg}-keep` });
    await insert(store, row);
    await insert(store, kept);
    await store.writeCommit({ row, fields: { commit_sequence: 1 }, details: { interactions: [interaction(0, 'q1', 'correct')], objectives: [] }, shared: [['t', 'v']] });
    await store.deleteForRegistration(reg);
    assert.equal(await store.forRegistration(reg), []);
    assert.equal(await store.interactionsOf(row.id), []);
    assert.equal(await store.sharedValues(`registration:${reg}`, ['t']), new Map());
    assert.is((await store.forRegistration(`${reg}-keep`)).length, 1);
  });

  test.run();
}
