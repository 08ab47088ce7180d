// Launch history and API trace over HTTP on each database (decision 0023): a launch per opened
// SCO with its user agent and mode, counters from its commits, the errors the SCO was given, its
// exit reason (suspend, terminate, window closed, stale), the trace read back as lines, the
// switches per registration and per package, and every refusal with its code.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { uploadZip } from '../helpers/uploads.ts';

type Json = Record<string, any>;
const json = { 'content-type': 'application/json' };

async function register(t: TestApp, packageId: string, id: string, extra: Json = {}): Promise<string> {
  const res = await t.admin('/api/v1/registrations', { method: 'POST', headers: json, body: JSON.stringify({ id, package_id: packageId, learner: { id: `l-${id}`, name: 'L' }, ...extra }) });
  assert.ok(res.status === 201, `registration ${id}: ${res.status}`);
  return new URL(((await res.json()) as Json).launch_url).searchParams.get('token')!;
}

function runtime(t: TestApp, regId: string, token: string) {
  const url = (path: string) => `${t.deliveryUrl}/runtime/${regId}${path}?token=${encodeURIComponent(token)}`;
  const post = async (path: string, body: unknown, headers: Record<string, string> = json) => {
    const res = await fetch(url(path), { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Json };
  };
  return {
    launch: async () => (await (await fetch(url(''))).json()) as Json,
    open: async (item: string) => (await post('/attempts', { item }, { ...json, 'user-agent': 'LaunchTest/1.0 (Chromium)' })).body,
    commit: (body: Json) => post('/commit', body),
    batch: (body: Json) => post('/commits', body, { 'content-type': 'text/plain' }),
  };
}

const get = async (t: TestApp, path: string) => {
  const res = await t.admin(path);
  return { status: res.status, body: (await res.json()) as Json };
};
const launchesOf = async (t: TestApp, regId: string) => (await get(t, `/api/v1/registrations/${regId}/launches`)).body;

const trace = {
  n: 0,
  s: ['LMSInitialize', 'true', '', 'LMSSetValue', 'false', 'cmi.core.lesson_status', 'complete'],
  c: [[0, 0, 1, 0, 2], [120, 3, 4, 405, 5, 6]],
};

for (const kind of testDatabaseKinds()) {
  const test = suite<{ t: TestApp; p12: Json; item: string }>(`launch history and trace API (${kind})`);
  test.before(async (ctx) => {
    ctx.t = await startTestApp(kind);
    ctx.p12 = (await uploadZip(ctx.t, fixturePath('golf-runtime-basic-12'))).body;
    ctx.item = ctx.p12.organizations[0].items[0].identifier;
  });
  test.after(async (ctx) => ctx.t?.stop());

  test('a traced launch: opened, committed with an error and its trace, suspended; history and trace agree', async ({ t, p12, item }) => {
    const token = await register(t, p12.id, 'lt-traced', { trace: true });
    const rt = runtime(t, 'lt-traced', token);
    assert.is((await rt.launch()).trace, true, 'the player learns it from the launch data');
    assert.is((await get(t, '/api/v1/registrations/lt-traced')).body.trace, true);
    const opened = await rt.open(item);
    const open = (await launchesOf(t, 'lt-traced')).items;
    assert.is(open.length, 1);
    assert.equal([open[0].id, open[0].exit_reason, open[0].mode, open[0].user_agent, open[0].traced, open[0].commit_count], [opened.session_id, null, 'normal', 'LaunchTest/1.0 (Chromium)', true, 0]);
    const base = { session_id: opened.session_id, item, attempt: opened.attempt };
    const first = await rt.commit({ ...base, sequence: 1, changes: [['cmi.core.lesson_location', 'p1']], reason: 'commit', launch: { errors: [['cmi.core.lesson_status', 405]], trace } });
    assert.is(first.status, 200);
    const running = (await launchesOf(t, 'lt-traced')).items[0];
    assert.is(running.commit_count, 1);
    assert.ok(running.bytes_received > 100, `${running.bytes_received} bytes`);
    assert.equal(running.errors, [{ element: 'cmi.core.lesson_status', code: 405, name: 'Incorrect data type' }]);
    assert.is(running.error_count, 1);
    const end = await rt.commit({ ...base, sequence: 2, changes: [['cmi.core.exit', 'suspend'], ['cmi.core.session_time', '00:01:30']], reason: 'terminate', end: { sessionTime: '00:01:30', sessionTimeReported: true } });
    assert.is(end.status, 200);
    const ended = (await launchesOf(t, 'lt-traced')).items[0];
    assert.equal([ended.exit_reason, ended.commit_count, ended.session_time_seconds, ended.trace_calls], ['suspend', 2, 90, 2]);
    assert.ok(ended.ended_at);
    const read = await get(t, `/api/v1/launches/${opened.session_id}/trace`);
    assert.is(read.status, 200);
    assert.equal(read.body.calls.map((c: Json) => [c.fn, c.args, c.result, c.error]), [
      ['LMSInitialize', [''], 'true', 0],
      ['LMSSetValue', ['cmi.core.lesson_status', 'complete'], 'false', 405],
    ]);
    assert.match(read.body.calls[1].line, /^\d\d:\d\d:\d\d\.\d{3} LMSSetValue\("cmi.core.lesson_status", "complete"\) → "false"  error 405 Incorrect data type$/);
    assert.is(read.body.truncated, false);
  });

  test('the same commit sent again adds nothing; a malformed report is INVALID_COMMIT', async ({ t, p12, item }) => {
    const token = await register(t, p12.id, 'lt-replay', { trace: true });
    const rt = runtime(t, 'lt-replay', token);
    const opened = await rt.open(item);
    const body = { session_id: opened.session_id, item, attempt: opened.attempt, sequence: 1, changes: [], reason: 'commit', launch: { errors: [['cmi.x', 401]], trace } };
    await rt.commit(body);
    assert.is((await rt.commit(body)).body.applied, false);
    const l = (await launchesOf(t, 'lt-replay')).items[0];
    assert.equal([l.commit_count, l.error_count, l.trace_calls], [1, 1, 2]);
    const bad = await rt.commit({ ...body, sequence: 2, launch: { trace: { n: 1, s: ['a'], c: [[0, 0, 9, 0]] } } });
    assert.equal([bad.status, bad.body.error.code], [400, 'INVALID_COMMIT']);
  });

  test('a closing beacon ends the launch as window closed, which the SCO’s Terminate from its unload handler still overrides', async ({ t, p12, item }) => {
    const token = await register(t, p12.id, 'lt-close');
    const rt = runtime(t, 'lt-close', token);
    const a = await rt.open(item);
    const closed = await rt.batch({ commits: [{ session_id: a.session_id, item, attempt: a.attempt, sequence: 1, changes: [['cmi.core.lesson_location', 'x']], reason: 'autosave' }], closed: [{ session_id: a.session_id, launch: { errors: [['LMSGetValue', 301]] } }] });
    assert.is(closed.status, 200);
    let l = (await launchesOf(t, 'lt-close')).items[0];
    assert.equal([l.exit_reason, l.commit_count, l.error_count, l.traced, l.trace_calls], ['window_closed', 1, 1, false, 0]);
    await rt.batch({ commits: [{ session_id: a.session_id, item, attempt: a.attempt, sequence: 2, changes: [], reason: 'terminate', end: { sessionTime: '00:00:05', sessionTimeReported: false } }] });
    l = (await launchesOf(t, 'lt-close')).items[0];
    assert.equal([l.exit_reason, l.commit_count], ['terminate', 2]);
    const none = await get(t, `/api/v1/launches/${a.session_id}/trace`);
    assert.equal([none.status, none.body.error.code], [404, 'TRACE_NOT_FOUND'], 'an untraced launch has no trace');
  });

  test('a newer launch of the same attempt leaves the older one stale', async ({ t, p12, item }) => {
    const token = await register(t, p12.id, 'lt-stale');
    const rt = runtime(t, 'lt-stale', token);
    const a = await rt.open(item);
    await rt.commit({ session_id: a.session_id, item, attempt: a.attempt, sequence: 1, changes: [['cmi.core.lesson_location', 'x']], reason: 'commit' });
    const b = await rt.open(item);
    const items = (await launchesOf(t, 'lt-stale')).items;
    assert.equal(items.map((l: Json) => [l.id, l.exit_reason, l.commit_count]), [[b.session_id, null, 0], [a.session_id, 'stale', 1]]);
  });

  test('a review launch is history too: its mode, its commits counted, nothing else recorded', async ({ t, p12, item }) => {
    await register(t, p12.id, 'lt-review');
    const res = await t.admin('/api/v1/registrations/lt-review/launch', { method: 'POST', headers: json, body: JSON.stringify({ mode: 'review' }) });
    const token = new URL(((await res.json()) as Json).launch_url).searchParams.get('token')!;
    const rt = runtime(t, 'lt-review', token);
    const a = await rt.open(item);
    await rt.commit({ session_id: a.session_id, item, attempt: a.attempt, sequence: 1, changes: [], reason: 'terminate', end: { sessionTime: '00:00:05' } });
    const l = (await launchesOf(t, 'lt-review')).items[0];
    assert.equal([l.mode, l.commit_count, l.exit_reason], ['review', 1, 'terminate']);
  });

  test('switches: PATCH a registration or a package; bad bodies and unknown ids refused with their codes', async ({ t, p12 }) => {
    await register(t, p12.id, 'lt-switch');
    const patch = (path: string, body: unknown) => t.admin(path, { method: 'PATCH', headers: json, body: JSON.stringify(body) });
    const on = await patch('/api/v1/registrations/lt-switch', { trace: true });
    assert.equal([on.status, ((await on.json()) as Json).trace], [200, true], 'answered with the registration');
    const bad = await patch('/api/v1/registrations/lt-switch', { trace: 'yes' });
    assert.equal([bad.status, ((await bad.json()) as Json).error.code], [422, 'INVALID_REQUEST']);
    const missing = await patch('/api/v1/registrations/nobody', { trace: true });
    assert.equal([missing.status, ((await missing.json()) as Json).error.code], [404, 'REGISTRATION_NOT_FOUND']);
    const noPackage = await patch('/api/v1/packages/nothing', { trace: true });
    assert.equal([noPackage.status, ((await noPackage.json()) as Json).error.code], [404, 'PACKAGE_NOT_FOUND']);
    const token = await register(t, p12.id, 'lt-by-package');
    assert.is((await runtime(t, 'lt-by-package', token).launch()).trace, false);
    const pkgOn = await patch(`/api/v1/packages/${p12.id}`, { trace: true });
    assert.equal([pkgOn.status, ((await pkgOn.json()) as Json).trace], [200, true]);
    assert.is((await runtime(t, 'lt-by-package', token).launch()).trace, true, 'the package switch reaches every registration of it');
    await patch(`/api/v1/packages/${p12.id}`, { trace: false });
    const badPost = await t.admin('/api/v1/registrations', { method: 'POST', headers: json, body: JSON.stringify({ package_id: p12.id, learner: { id: 'x' }, trace: 1 }) });
    assert.equal([badPost.status, ((await badPost.json()) as Json).error.code], [422, 'INVALID_REQUEST']);
  });

  test('reads: paging refused as INVALID_PAGING, unknown registration and launch with their codes; history goes with its registration', async ({ t, p12, item }) => {
    const token = await register(t, p12.id, 'lt-reads');
    await runtime(t, 'lt-reads', token).open(item);
    const paged = await get(t, '/api/v1/registrations/lt-reads/launches?limit=x');
    assert.equal([paged.status, paged.body.error.code], [400, 'INVALID_PAGING']);
    const none = await get(t, '/api/v1/registrations/nobody/launches');
    assert.equal([none.status, none.body.error.code], [404, 'REGISTRATION_NOT_FOUND']);
    const noLaunch = await get(t, '/api/v1/launches/nothing-here/trace');
    assert.equal([noLaunch.status, noLaunch.body.error.code], [404, 'LAUNCH_NOT_FOUND']);
    assert.is((await launchesOf(t, 'lt-reads')).total, 1);
    assert.is((await t.admin('/api/v1/registrations/lt-reads', { method: 'DELETE' })).status, 204);
    assert.is(await t.database.db('launches').where({ registration_id: 'lt-reads' }).count({ n: '*' }).then((r) => Number(r[0]!.n)), 0);
  });

  test('a plain commit costs no statement for the launch: its counters ride on the attempt row’s own update', async ({ t, p12, item }) => {
    const token = await register(t, p12.id, 'lt-statements');
    const rt = runtime(t, 'lt-statements', token);
    const a = await rt.open(item);
    const base = { session_id: a.session_id, item, attempt: a.attempt, reason: 'commit' };
    await rt.commit({ ...base, sequence: 1, changes: [['cmi.core.lesson_location', '1']] });
    const statements: string[] = [];
    const listen = (q: { sql: string }) => statements.push(q.sql);
    t.database.db.on('query', listen);
    try {
      await rt.commit({ ...base, sequence: 2, changes: [['cmi.core.lesson_location', '2']] });
    } finally {
      t.database.db.off('query', listen);
    }
    assert.not.ok(statements.some((sql) => /launch/i.test(sql.replace(/launch_(commits|bytes)|launch_nonce/g, ''))), statements.join('\n'));
    const writes = statements.filter((sql) => /^\s*(update|insert|delete)/i.test(sql));
    assert.is(writes.length, 1, writes.join('\n'));
    assert.match(writes[0]!, /launch_commits/);
    assert.is((await launchesOf(t, 'lt-statements')).items[0].commit_count, 2);
  });

  test.run();
}
