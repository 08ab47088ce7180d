// The run-time protocol over HTTP (docs/runtime-protocol.md) on each database: launch data,
// attempts opened and resumed per version, commits applied in order and at most once,
// re-validated (422, nothing applied), stale tabs refused, and the launch token's rules.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createTokenSigner } from '../../server/core/signed-token.ts';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/test-app.ts';
import { uploadZip } from '../helpers/uploads.ts';

type Json = Record<string, any>;

async function register(t: TestApp, packageId: string, id: string): Promise<{ token: string; reg: Json }> {
  const res = await t.admin('/api/v1/registrations', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, package_id: packageId, learner: { id: `learner-${id}`, name: 'Learner, Test' }, comments_from_lms: [{ comment: 'Hello' }] }),
  });
  const reg = (await res.json()) as Json;
  return { reg, token: new URL(reg.launch_url, t.url).searchParams.get('token')! };
}

function runtime(t: TestApp, regId: string, token: string) {
  const url = (path: string) => `${t.deliveryUrl}/runtime/${regId}${path}?token=${token}`;
  return {
    launch: async () => {
      const res = await fetch(url(''));
      return { status: res.status, body: (await res.json()) as Json };
    },
    open: async (item: string) => {
      const res = await fetch(url('/attempts'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ item }) });
      return { status: res.status, body: (await res.json()) as Json };
    },
    commit: async (body: Json, contentType = 'application/json') => {
      const res = await fetch(url('/commit'), { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Json };
    },
  };
}

for (const kind of testDatabaseKinds()) {
  const test = suite<{ t: TestApp; p12: Json; p2004: Json }>(`runtime protocol (${kind})`);
  test.before(async (ctx) => {
    ctx.t = await startTestApp(kind);
    ctx.p12 = (await uploadZip(ctx.t, fixturePath('golf-runtime-basic-12'))).body;
    ctx.p2004 = (await uploadZip(ctx.t, fixturePath('golf-runtime-basic-2004-3rd'))).body;
  });
  test.after(async (ctx) => ctx.t?.stop());

  test('launch data: package organization, content base, no progress yet', async ({ t, p12 }) => {
    const { token } = await register(t, p12.id, 'r-launch');
    const { status, body } = await runtime(t, 'r-launch', token).launch();
    assert.is(status, 200);
    assert.is(body.registration.id, 'r-launch');
    assert.is(body.registration.mode, 'normal');
    assert.is(body.package.version, '1.2');
    assert.ok(body.package.organization.items.length > 0);
    assert.match(body.content_base, new RegExp(`^/content/[\\w-]+\\.[\\w-]+/${p12.id}/$`));
    assert.is(body.auto_commit_seconds, 30);
    assert.equal(body.scos, {});
    assert.is(body.sequencing_state, null);
    const file = await fetch(`${t.deliveryUrl}${body.content_base}${body.package.organization.items[0].launch_url.split('?')[0]}`);
    assert.is(file.status, 200);
  });

  test('the launch token: missing, forged, expired and another registration refused', async ({ t, p12 }) => {
    const a = await register(t, p12.id, 'r-a');
    await register(t, p12.id, 'r-b');
    const plain = await fetch(`${t.deliveryUrl}/runtime/r-a`);
    assert.is(plain.status, 401);
    const cross = await fetch(`${t.deliveryUrl}/runtime/r-b?token=${a.token}`);
    assert.is(cross.status, 403);
    const crossCommit = await runtime(t, 'r-b', a.token).commit({ session_id: 'x'.repeat(36), sequence: 1, item: 'item_1', attempt: 1, changes: [] });
    assert.is(crossCommit.status, 403);
    const expired = createTokenSigner(TEST_SECRET, () => Date.now() - 86_400_000).sign({ purpose: 'launch', subject: 'r-a', extra: { p: p12.id, m: 'normal', c: 'credit' } }, 60);
    const old = await fetch(`${t.deliveryUrl}/runtime/r-a?token=${expired}`);
    assert.is(old.status, 401);
    assert.is(((await old.json()) as Json).error.code, 'TOKEN_EXPIRED');
    const forged = createTokenSigner('z'.repeat(40)).sign({ purpose: 'launch', subject: 'r-a' }, 600);
    assert.is((await fetch(`${t.deliveryUrl}/runtime/r-a?token=${forged}`)).status, 401);
    const contentToken = createTokenSigner(TEST_SECRET).sign({ purpose: 'content', subject: 'r-a' }, 600);
    assert.is((await fetch(`${t.deliveryUrl}/runtime/r-a?token=${contentToken}`)).status, 401);
  });

  test('1.2: commits in order, at most once; suspend and resume; time counted once', async ({ t, p12 }) => {
    const { token } = await register(t, p12.id, 'r-12');
    const rt = runtime(t, 'r-12', token);
    const opened = await rt.open('item_1');
    assert.is(opened.status, 201);
    assert.is(opened.body.attempt, 1);
    assert.is(opened.body.context.entry, 'ab-initio');
    assert.is(opened.body.context.learnerId, 'learner-r-12');
    assert.is(opened.body.context.version, '1.2');
    const base = { session_id: opened.body.session_id, item: 'item_1', attempt: 1 };

    const first = await rt.commit({ ...base, sequence: 1, changes: [['cmi.core.lesson_location', 'page-3'], ['cmi.core.lesson_status', 'incomplete']] });
    assert.equal(first.body, { ok: true, applied: true, sequence: 1 });
    const replay = await rt.commit({ ...base, sequence: 1, changes: [['cmi.core.lesson_location', 'page-1']] });
    assert.equal(replay.body, { ok: true, applied: false, sequence: 1 });
    const gap = await rt.commit({ ...base, sequence: 3, changes: [] });
    assert.is(gap.status, 409);
    assert.is(gap.body.error.code, 'OUT_OF_ORDER');
    assert.is(gap.body.error.expected, 2);

    const bad = await rt.commit({ ...base, sequence: 2, changes: [['cmi.core.score.raw', '55'], ['cmi.core.score.raw', 'lots']] });
    assert.is(bad.status, 422);
    assert.is(bad.body.error.code, 'INVALID_VALUE');
    assert.is(bad.body.error.element, 'cmi.core.score.raw');
    assert.is(bad.body.error.scorm_error, 405);
    const readOnly = await rt.commit({ ...base, sequence: 2, changes: [['cmi.core.student_id', 'someone-else']] });
    assert.is(readOnly.status, 422);
    assert.is(readOnly.body.error.scorm_error, 403);

    const end = { exit: 'suspend', sessionTime: '0000:05:00.00', sessionTimeReported: true };
    const finish = [['cmi.suspend_data', 'A'.repeat(4000)], ['cmi.core.exit', 'suspend'], ['cmi.core.session_time', '00:05:00']];
    const terminate = await rt.commit({ ...base, sequence: 2, changes: finish, reason: 'terminate', end }, 'text/plain;charset=UTF-8');
    assert.equal(terminate.body, { ok: true, applied: true, sequence: 2 });
    const again = await rt.commit({ ...base, sequence: 2, changes: finish, reason: 'terminate', end });
    assert.is(again.body.applied, false);

    const reg = (await (await t.admin('/api/v1/registrations/r-12')).json()) as Json;
    assert.is(reg.completion_status, 'incomplete');
    assert.is(reg.total_time_seconds, 300, 'the replayed terminate did not add its time twice');
    assert.is(reg.scos[0].score.raw, null, 'nothing of the refused commit was applied');

    const resumed = await rt.open('item_1');
    assert.is(resumed.body.attempt, 1);
    assert.is(resumed.body.context.entry, 'resume');
    assert.is(resumed.body.context.priorState.values['cmi.core.lesson_location'], 'page-3');
    assert.is(resumed.body.context.priorState.values['cmi.suspend_data'], 'A'.repeat(4000));
    assert.is(resumed.body.context.priorState.values['cmi.core.total_time'], '0000:05:00.00');
  });

  test('two tabs: the older session can no longer save', async ({ t, p12 }) => {
    const { token } = await register(t, p12.id, 'r-tabs');
    const rt = runtime(t, 'r-tabs', token);
    const tabA = await rt.open('item_1');
    const tabB = await rt.open('item_1');
    const fromB = await rt.commit({ session_id: tabB.body.session_id, item: 'item_1', attempt: 1, sequence: 1, changes: [['cmi.core.lesson_location', 'newer']] });
    assert.is(fromB.status, 200);
    const fromA = await rt.commit({ session_id: tabA.body.session_id, item: 'item_1', attempt: 1, sequence: 1, changes: [['cmi.core.lesson_location', 'older']] });
    assert.is(fromA.status, 409);
    assert.is(fromA.body.error.code, 'STALE_SESSION');
    const cmi = (await (await t.admin('/api/v1/registrations/r-tabs/cmi')).json()) as Json;
    assert.is(cmi.scos[0].attempts[0].data.values['cmi.core.lesson_location'], 'newer');
  });

  test('2004: a normal exit ends the attempt; the next launch starts attempt 2 fresh; rows for reports', async ({ t, p2004 }) => {
    const { token } = await register(t, p2004.id, 'r-2004');
    const rt = runtime(t, 'r-2004', token);
    const opened = await rt.open('item_1');
    assert.is(opened.body.context.version, '2004');
    assert.is(opened.body.context.entry, 'ab-initio');
    const base = { session_id: opened.body.session_id, item: 'item_1', attempt: 1 };
    const changes = [
      ['cmi.completion_status', 'completed'],
      ['cmi.success_status', 'passed'],
      ['cmi.score.scaled', '0.85'],
      ['cmi.score.raw', '85'],
      ['cmi.interactions.0.id', 'q1'],
      ['cmi.interactions.0.type', 'choice'],
      ['cmi.interactions.0.learner_response', 'b'],
      ['cmi.interactions.0.result', 'correct'],
      ['cmi.objectives.0.id', 'obj-1'],
      ['cmi.objectives.0.success_status', 'passed'],
      ['cmi.exit', 'normal'],
      ['cmi.session_time', 'PT2M30S'],
    ];
    const done = await rt.commit({ ...base, sequence: 1, changes, reason: 'terminate', end: { exit: 'normal', sessionTime: 'PT2M30S', sessionTimeReported: true } });
    assert.is(done.status, 200);
    const late = await rt.commit({ ...base, sequence: 2, changes: [['cmi.location', 'x']] });
    assert.is(late.status, 409);
    assert.is(late.body.error.code, 'ATTEMPT_ENDED');

    const reg = (await (await t.admin('/api/v1/registrations/r-2004')).json()) as Json;
    assert.is(reg.completion_status, 'completed');
    assert.is(reg.success_status, 'passed');
    assert.equal(reg.score, { scaled: 0.85, raw: 85, min: null, max: null });
    assert.is(reg.total_time_seconds, 150);
    assert.is(reg.scos[0].attempts, 1);
    const interactions = await t.database.db('scorm_interactions').where({ registration_id: 'r-2004' });
    assert.equal(interactions.map((r) => [r.interaction_id, r.type, r.learner_response, r.result]), [['q1', 'choice', 'b', 'correct']]);
    const objectives = await t.database.db('scorm_objectives').where({ registration_id: 'r-2004' });
    assert.equal(objectives.map((r) => [r.objective_id, r.success_status]), [['obj-1', 'passed']]);

    const next = await rt.open('item_1');
    assert.is(next.body.attempt, 2);
    assert.is(next.body.context.entry, 'ab-initio');
    assert.is(next.body.context.priorState, undefined);
    const after = (await (await t.admin('/api/v1/registrations/r-2004')).json()) as Json;
    assert.is(after.scos[0].attempts, 2);
    assert.is(after.total_time_seconds, 150);
  });

  test('the same terminate sent five times at once is applied once', async ({ t, p12 }) => {
    const { token } = await register(t, p12.id, 'r-race');
    const rt = runtime(t, 'r-race', token);
    const opened = await rt.open('item_1');
    const body = {
      session_id: opened.body.session_id, item: 'item_1', attempt: 1, sequence: 1, reason: 'terminate',
      changes: [['cmi.core.session_time', '00:10:00'], ['cmi.core.lesson_status', 'completed']],
      end: { exit: '', sessionTime: '0000:10:00.00', sessionTimeReported: true },
    };
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => rt.commit(body)));
    assert.equal(answers.map((a) => a.status), [200, 200, 200, 200, 200]);
    assert.is(answers.filter((a) => a.body.applied).length, 1);
    const reg = (await (await t.admin('/api/v1/registrations/r-race')).json()) as Json;
    assert.is(reg.total_time_seconds, 600);
    assert.is(reg.completion_status, 'completed');
  });

  test('2004 shared data (adl.data): one SCO writes a bucket, another reads it', async ({ t }) => {
    const pkg = (await uploadZip(t, fixturePath('golf-seq-posttestrollup-4thed-2004-4th'))).body;
    const { token } = await register(t, pkg.id, 'r-shared');
    const rt = runtime(t, 'r-shared', token);
    const first = await rt.open('playing_item');
    const target = 'com.scorm.golfsamples.sequencing.forcedsequential.notesStorage';
    assert.equal(first.body.context.sharedData, [{ id: target, readSharedData: true, writeSharedData: true }]);
    const wrote = await rt.commit({ session_id: first.body.session_id, item: 'playing_item', attempt: 1, sequence: 1, changes: [['adl.data.0.store', 'my notes']] });
    assert.is(wrote.status, 200);
    const second = await rt.open('etuqiette_item');
    assert.equal(second.body.context.sharedData, [{ id: target, readSharedData: true, writeSharedData: true, value: 'my notes' }]);
    const other = await register(t, pkg.id, 'r-shared-2');
    const elsewhere = await runtime(t, 'r-shared-2', other.token).open('etuqiette_item');
    assert.equal(elsewhere.body.context.sharedData[0].value, undefined, "another learner's buckets are their own");
  });

  test('2004 shared data across packages of one learner (CAM 3.4.1.5 sharedDataGlobalToSystem; CTS DDM)', async ({ t }) => {
    const ddma = (await uploadZip(t, fixturePath('adl-cts4-ddma'))).body;
    const ddmb = (await uploadZip(t, fixturePath('adl-cts4-ddmb'))).body;
    const learner = { id: 'learner-ddm', name: 'Learner, DDM' };
    const enrol = async (id: string, packageId: string) => {
      const res = await t.admin('/api/v1/registrations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, package_id: packageId, learner }) });
      const reg = (await res.json()) as Json;
      return runtime(t, id, new URL(reg.launch_url, t.url).searchParams.get('token')!);
    };
    const a1 = await enrol('r-ddma-1', ddma.id);
    const first = await a1.open('activity_1');
    assert.is((await a1.commit({ session_id: first.body.session_id, item: 'activity_1', attempt: 1, sequence: 1, changes: [['adl.data.0.store', 'from DDMa'], ['adl.data.1.store', 'second']] })).status, 200);
    // The same learner in another registration of a global package reads the learner's buckets.
    const a2 = await enrol('r-ddma-2', ddma.id);
    const seen = (await a2.open('activity_2')).body.context.sharedData as Array<{ id: string; value?: string }>;
    assert.equal(seen.slice(0, 2).map((m) => m.value), ['from DDMa', 'second']);
    // DDMb keeps its buckets to itself (sharedDataGlobalToSystem="false").
    const b = await enrol('r-ddmb', ddmb.id);
    const own = (await b.open('activity_1')).body.context.sharedData as Array<{ id: string; value?: string }>;
    assert.equal(own.map((m) => m.value), [undefined, undefined, undefined]);
    // Setting "" makes a bucket "not initialized" again for everyone (RTE 4.3 adl.data).
    const again = await a1.open('activity_1');
    assert.is((await a1.commit({ session_id: again.body.session_id, item: 'activity_1', attempt: again.body.attempt, sequence: 1, changes: [['adl.data.1.store', '']] })).status, 200);
    const after = (await a2.open('activity_2')).body.context.sharedData as Array<{ id: string; value?: string }>;
    assert.equal(after.slice(0, 2).map((m) => m.value), ['from DDMa', undefined]);
  });

  test('2004: a full 64,000-character suspend_data that escapes past 64 KiB is stored', async ({ t, p2004 }) => {
    const { token } = await register(t, p2004.id, 'r-big');
    const rt = runtime(t, 'r-big', token);
    const opened = await rt.open('item_1');
    const value = '"é\\'.repeat(21_333) + 'x';
    assert.is(value.length, 64_000);
    const res = await rt.commit({ session_id: opened.body.session_id, item: 'item_1', attempt: 1, sequence: 1, changes: [['cmi.suspend_data', value]] });
    assert.is(res.status, 200);
    const cmi = (await (await t.admin('/api/v1/registrations/r-big/cmi')).json()) as Json;
    assert.is(cmi.scos[0].attempts[0].data.values['cmi.suspend_data'], value);
  });

  test('two server processes on one database: tabs on either never overwrite the newer one', async ({ t, p12 }) => {
    const second = await startTestApp(kind, { database: t.database, dataDir: t.dataDir, worker: false });
    try {
      const { token } = await register(t, p12.id, 'r-procs');
      const onFirst = runtime(t, 'r-procs', token);
      const onSecond = runtime(second, 'r-procs', token);
      const tabA = await onFirst.open('item_1');
      const base = { item: 'item_1', attempt: 1 };
      assert.is((await onFirst.commit({ ...base, session_id: tabA.body.session_id, sequence: 1, changes: [['cmi.core.lesson_location', 'a1']] })).status, 200);
      const tabB = await onSecond.open('item_1');
      // The first process remembers tab A as current; the table says B.
      const lateA = await onFirst.commit({ ...base, session_id: tabA.body.session_id, sequence: 2, changes: [['cmi.core.lesson_location', 'a2']] });
      assert.is(lateA.status, 409);
      assert.is(lateA.body.error.code, 'STALE_SESSION');
      const fromB = await onFirst.commit({ ...base, session_id: tabB.body.session_id, sequence: 1, changes: [['cmi.core.lesson_location', 'b1']] });
      assert.is(fromB.status, 200, 'B is accepted by a process that had cached A');
      const fromB2 = await onSecond.commit({ ...base, session_id: tabB.body.session_id, sequence: 2, changes: [['cmi.core.lesson_location', 'b2']] });
      assert.is(fromB2.status, 200);
      const replay = await onFirst.commit({ ...base, session_id: tabB.body.session_id, sequence: 2, changes: [['cmi.core.lesson_location', 'old']] });
      assert.is(replay.body.applied, false);
      const cmi = (await (await t.admin('/api/v1/registrations/r-procs/cmi')).json()) as Json;
      assert.is(cmi.scos[0].attempts[0].data.values['cmi.core.lesson_location'], 'b2');
    } finally {
      await second.stop();
    }
  });

  test('per-question counts follow commits that change answers, and registration deletes', async ({ t }) => {
    const pkg = (await uploadZip(t, fixturePath('golf-runtime-basic-2004-3rd'))).body;
    const report = async () => ((await (await t.admin(`/api/v1/packages/${pkg.id}/report`)).json()) as Json).interactions as Json[];
    const learners = [];
    for (const id of ['r-stats-1', 'r-stats-2']) {
      const { token } = await register(t, pkg.id, id);
      const rt = runtime(t, id, token);
      const opened = await rt.open('item_1');
      learners.push({ id, rt, base: { session_id: opened.body.session_id, item: 'item_1', attempt: 1 } });
    }
    const [one, two] = learners as [(typeof learners)[0], (typeof learners)[0]];
    const answer = (response: string, result: string) => [
      ['cmi.interactions.0.id', 'q1'], ['cmi.interactions.0.type', 'choice'],
      ['cmi.interactions.0.learner_response', response], ['cmi.interactions.0.result', result],
    ];
    await one.rt.commit({ ...one.base, sequence: 1, changes: answer('b', 'incorrect') });
    await two.rt.commit({ ...two.base, sequence: 1, changes: answer('b', 'incorrect') });
    let q1 = (await report()).find((q) => q.interaction_id === 'q1')!;
    assert.equal([q1.answered, q1.correct, q1.wrong, q1.common_wrong_responses], [2, 0, 2, [{ response: 'b', count: 2 }]]);
    // The first learner changes the answer: the counts move, nothing is counted twice.
    await one.rt.commit({ ...one.base, sequence: 2, changes: [['cmi.interactions.0.learner_response', 'a'], ['cmi.interactions.0.result', 'correct']] });
    q1 = (await report()).find((q) => q.interaction_id === 'q1')!;
    assert.equal([q1.answered, q1.correct, q1.wrong], [2, 1, 1]);
    assert.is((await t.admin('/api/v1/registrations/r-stats-2', { method: 'DELETE' })).status, 204);
    q1 = (await report()).find((q) => q.interaction_id === 'q1')!;
    assert.equal([q1.answered, q1.correct, q1.wrong, q1.common_wrong_responses], [1, 1, 0, []]);
  });

  test('review: the latest attempt is revisited as stored, and nothing is recorded', async ({ t, p2004 }) => {
    const { token } = await register(t, p2004.id, 'r-review');
    const rt = runtime(t, 'r-review', token);
    const opened = await rt.open('item_1');
    const done = [['cmi.completion_status', 'completed'], ['cmi.location', 'end'], ['cmi.exit', 'normal']];
    await rt.commit({ session_id: opened.body.session_id, item: 'item_1', attempt: 1, sequence: 1, changes: done, reason: 'terminate', end: { exit: 'normal', sessionTime: 'PT1M', sessionTimeReported: false } });
    const launch = (await (await t.admin('/api/v1/registrations/r-review/launch', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'review' }) })).json()) as Json;
    const reviewToken = new URL(launch.launch_url, t.url).searchParams.get('token')!;
    const review = runtime(t, 'r-review', reviewToken);
    const reopened = await review.open('item_1');
    assert.is(reopened.body.attempt, 1, 'no new attempt');
    assert.is(reopened.body.context.entry, '');
    assert.is(reopened.body.context.mode, 'review');
    assert.is(reopened.body.context.priorState.values['cmi.location'], 'end');
    const ignored = await review.commit({ session_id: reopened.body.session_id, item: 'item_1', attempt: 1, sequence: 1, changes: [['cmi.location', 'changed in review']] });
    assert.equal(ignored.body, { ok: true, applied: false, sequence: 1 });
    const reg = (await (await t.admin('/api/v1/registrations/r-review')).json()) as Json;
    assert.is(reg.scos[0].attempts, 1);
    assert.is(reg.completion_status, 'completed');
    const data = (await (await t.admin('/api/v1/registrations/r-review/cmi')).json()) as Json;
    assert.is(data.scos[0].attempts[0].data.values['cmi.location'], 'end');
    // A normal launch afterwards starts attempt 2, as before.
    assert.is((await rt.open('item_1')).body.attempt, 2);
  });

  test('malformed and oversized commits are refused', async ({ t, p12 }) => {
    const { token } = await register(t, p12.id, 'r-bad');
    const rt = runtime(t, 'r-bad', token);
    const opened = await rt.open('item_1');
    const base = { session_id: opened.body.session_id, item: 'item_1', attempt: 1, sequence: 1 };
    for (const body of [{ ...base, sequence: 0, changes: [] }, { ...base, changes: [['a']] }, { ...base, changes: 'x' }, { ...base, session_id: '' }, { ...base, reason: 'finish', changes: [] }, { ...base, reason: 'terminate', changes: [] }]) {
      const res = await rt.commit(body);
      assert.is(res.status, 400, JSON.stringify(body));
      assert.is(res.body.error.code, 'INVALID_COMMIT');
    }
    // Over 64 KiB: refused as a beacon; as a fetch it is read, and 1.2's 4,096-character limit refuses the value.
    const beacon = await rt.commit({ ...base, changes: [['cmi.suspend_data', 'x'.repeat(70_000)]] }, 'text/plain');
    assert.is(beacon.status, 413);
    const large = await rt.commit({ ...base, changes: [['cmi.suspend_data', 'x'.repeat(70_000)]] });
    assert.is(large.status, 422);
    assert.is(large.body.error.scorm_error, 405);
    const huge = await rt.commit({ ...base, changes: [['cmi.suspend_data', 'x'.repeat(1_100_000)]] });
    assert.is(huge.status, 413);
    assert.is((await rt.open('no-such-item')).status, 404);
    const wrongAttempt = await rt.commit({ ...base, attempt: 7, changes: [] });
    assert.is(wrongAttempt.status, 404);
  });

  test.run();
}
