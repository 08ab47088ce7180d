// POST /runtime/:id/commits on each database: a closing page's beacon carries every commit it has
// not seen acknowledged; overlapping batches racing each other apply each commit once, in order.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { uploadZip } from '../helpers/uploads.ts';

type Json = Record<string, any>;

async function launch(t: TestApp, packageId: string, id: string) {
  const res = await t.admin('/api/v1/registrations', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, package_id: packageId, learner: { id: `learner-${id}`, name: 'Learner' } }),
  });
  const reg = (await res.json()) as Json;
  const token = new URL(reg.launch_url, t.url).searchParams.get('token')!;
  const url = (path: string) => `${t.deliveryUrl}/runtime/${id}${path}?token=${token}`;
  const open = async (item: string) =>
    (await (await fetch(url('/attempts'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ item }) })).json()) as Json;
  const batch = async (body: unknown, contentType = 'text/plain;charset=UTF-8') => {
    const r = await fetch(url('/commits'), { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as Json };
  };
  const progress = async () => (await (await t.admin(`/api/v1/registrations/${id}`)).json()) as Json;
  const cmi = async () => JSON.stringify(await (await t.admin(`/api/v1/registrations/${id}/cmi`)).json());
  return { open, batch, progress, cmi, launchData: async () => (await (await fetch(url(''))).json()) as Json };
}

for (const kind of testDatabaseKinds()) {
  const test = suite<{ t: TestApp; p12: Json }>(`runtime commit batches (${kind})`);
  test.before(async (ctx) => {
    ctx.t = await startTestApp(kind);
    ctx.p12 = (await uploadZip(ctx.t, fixturePath('golf-runtime-basic-12'))).body;
  });
  test.after(async (ctx) => ctx.t?.stop());

  const commits = (session: string) => {
    const base = { session_id: session, item: 'item_1', attempt: 1 };
    return [
      { ...base, sequence: 1, reason: 'autosave', changes: [['cmi.core.lesson_location', 'p4'], ['cmi.core.lesson_status', 'incomplete']] },
      {
        ...base, sequence: 2, reason: 'terminate',
        changes: [['cmi.core.session_time', '00:01:30'], ['cmi.core.exit', 'suspend']],
        end: { exit: 'suspend', sessionTime: '0000:01:30.00', sessionTimeReported: true },
      },
    ];
  };

  test('one batch applies its commits in order and keeps the navigation state sent with it', async ({ t, p12 }) => {
    const rt = await launch(t, p12.id, `b-one-${kind}`);
    const opened = await rt.open('item_1');
    const state = { currentActivity: 'item_1', suspendedActivity: null, activities: {}, globalObjectives: {} };
    const answer = await rt.batch({ commits: commits(opened.session_id), sequencing_state: state });
    assert.is(answer.status, 200);
    assert.equal(answer.body.results.map((r: Json) => [r.sequence, r.applied]), [[1, true], [2, true]]);
    const view = await rt.progress();
    assert.is(view.total_time_seconds, 90);
    assert.ok((await rt.cmi()).includes('"cmi.core.exit":"suspend"'));
    assert.equal((await rt.launchData()).sequencing_state, state);
  });

  test('overlapping batches sent at once (the hide flush and the unload one): each commit applied once, whichever arrives first', async ({ t, p12 }) => {
    for (let round = 0; round < 5; round++) {
      const rt = await launch(t, p12.id, `b-race-${kind}-${round}`);
      const opened = await rt.open('item_1');
      const [first, second] = commits(opened.session_id);
      // The later, cumulative batch may well be applied before the earlier one.
      const answers = await Promise.all([rt.batch({ commits: [first] }), rt.batch({ commits: [first, second] })]);
      assert.equal(answers.map((a) => a.status), [200, 200]);
      const applied = answers.flatMap((a) => a.body.results).filter((r: Json) => r.applied).map((r: Json) => r.sequence).sort();
      assert.equal(applied, [1, 2], JSON.stringify(answers.map((a) => a.body)));
      const view = await rt.progress();
      assert.is(view.total_time_seconds, 90, 'the terminate counted once');
      assert.ok((await rt.cmi()).includes('"cmi.core.lesson_location":"p4"'));
    }
  });

  test('a refused commit stops the rest of its session only; malformed batches are refused whole', async ({ t, p12 }) => {
    const rt = await launch(t, p12.id, `b-refused-${kind}`);
    const stale = await rt.open('item_1');
    const fresh = await rt.open('item_1');
    const answer = await rt.batch({ commits: [...commits(stale.session_id), commits(fresh.session_id)[0]] });
    assert.is(answer.status, 200);
    assert.equal(answer.body.results.map((r: Json) => r.ok === false ? r.error.code : r.applied), ['STALE_SESSION', 'SKIPPED', true]);
    // Nobody reads a beacon's answer: its refusals are in the server's log.
    const logged = t.logger.lines.filter((l) => l.message === 'batch commit refused' && l.session === stale.session_id);
    assert.equal(logged.map((l) => [l.sequence, l.code]), [[1, 'STALE_SESSION'], [2, 'SKIPPED']]);
    assert.is((await rt.batch({ commits: 'all' })).status, 400);
    assert.is((await rt.batch({ commits: [{ sequence: 1 }] })).body.error.code, 'INVALID_COMMIT');
    const big = { commits: [{ ...commits(fresh.session_id)[0], sequence: 2, changes: [['cmi.suspend_data', 'x'.repeat(70_000)]] }] };
    assert.is((await rt.batch(big)).status, 413);
  });

  test.run();
}
