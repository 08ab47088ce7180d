// The commit limits over HTTP: too many changes (413 TOO_MANY_CHANGES), too large a sequencing
// state in a commit or a PUT (413 SEQUENCING_STATE_TOO_LARGE), an attempt past the interactions
// limit (422 TOO_MANY_INTERACTIONS, nothing saved), the per-registration rate (429 RATE_LIMITED
// with Retry-After, other registrations unaffected), and the concurrent upload cap (429).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { COMMIT_LIMITS } from '../../server/runtime/commit-limits.ts';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { uploadZip } from '../helpers/uploads.ts';

type Json = Record<string, any>;

async function launch(t: TestApp, packageId: string, id: string) {
  const reg = (await (await t.admin('/api/v1/registrations', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, package_id: packageId, learner: { id: `l-${id}`, name: 'L' } }),
  })).json()) as Json;
  const token = new URL(reg.launch_url).searchParams.get('token')!;
  const url = (path: string) => `${t.deliveryUrl}/runtime/${id}${path}?token=${token}`;
  const send = async (path: string, method: string, body: unknown) => {
    const res = await fetch(url(path), { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (res.status === 204 ? {} : await res.json()) as Json };
  };
  const opened = await send('/attempts', 'POST', { item: 'item_1' });
  const base = { session_id: opened.body.session_id as string, item: 'item_1', attempt: 1 };
  return { send, base };
}

for (const kind of testDatabaseKinds()) {
  const test = suite<{ t: TestApp; pkg: string }>(`commit limits (${kind})`);
  test.before(async (ctx) => {
    ctx.t = await startTestApp(kind, { env: { SCORM_COMMIT_RATE: '1', SCORM_COMMIT_BURST: '4', SCORM_MAX_CONCURRENT_UPLOADS: '1' } });
    ctx.pkg = (await uploadZip(ctx.t, fixturePath('golf-runtime-basic-2004-3rd'))).body.id as string;
  });
  test.after(async (ctx) => ctx.t?.stop());

  test('413 TOO_MANY_CHANGES past the changes limit; nothing applied', async ({ t, pkg }) => {
    const { send, base } = await launch(t, pkg, 'r-changes');
    const changes = Array.from({ length: COMMIT_LIMITS.changes + 1 }, () => ['cmi.location', 'x']);
    const res = await send('/commit', 'POST', { ...base, sequence: 1, changes });
    assert.is(res.status, 413);
    assert.is(res.body.error.code, 'TOO_MANY_CHANGES');
    const ok = await send('/commit', 'POST', { ...base, sequence: 1, changes: changes.slice(0, COMMIT_LIMITS.changes) });
    assert.is(ok.status, 200, JSON.stringify(ok.body));
  });

  test('413 SEQUENCING_STATE_TOO_LARGE in a commit and a PUT', async ({ t, pkg }) => {
    const { send, base } = await launch(t, pkg, 'r-state');
    const state = { blob: 'x'.repeat(COMMIT_LIMITS.sequencingStateBytes) };
    const res = await send('/commit', 'POST', { ...base, sequence: 1, changes: [], sequencing_state: state });
    assert.is(res.status, 413);
    assert.is(res.body.error.code, 'SEQUENCING_STATE_TOO_LARGE');
    const put = await send('/sequencing-state', 'PUT', { state: { blob: 'x'.repeat(COMMIT_LIMITS.sequencingStateBytes) } });
    assert.is(put.status, 413);
    assert.ok(['SEQUENCING_STATE_TOO_LARGE', 'BODY_TOO_LARGE'].includes(put.body.error.code), put.body.error.code);
  });

  test('422 TOO_MANY_INTERACTIONS when an attempt would pass the limit; nothing of the commit saved', async ({ t, pkg }) => {
    const { send, base } = await launch(t, pkg, 'r-interactions');
    const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => [`cmi.interactions.${from + i}.id`, `q${from + i}`]);
    const first = await send('/commit', 'POST', { ...base, sequence: 1, changes: ids(0, COMMIT_LIMITS.interactionsPerAttempt) });
    assert.is(first.status, 200, JSON.stringify(first.body));
    const over = await send('/commit', 'POST', { ...base, sequence: 2, changes: [['cmi.location', 'p2'], ...ids(COMMIT_LIMITS.interactionsPerAttempt, COMMIT_LIMITS.interactionsPerAttempt + 1)] });
    assert.is(over.status, 422);
    assert.is(over.body.error.code, 'TOO_MANY_INTERACTIONS');
    const data = (await (await t.admin('/api/v1/registrations/r-interactions/cmi')).json()) as Json;
    const attempt = data.scos[0].attempts[0];
    assert.is(attempt.interactions.length, COMMIT_LIMITS.interactionsPerAttempt);
    assert.is(attempt.data.values['cmi.location'], undefined);
  });

  test('429 RATE_LIMITED with Retry-After past the burst; another registration is unaffected; later accepted', async ({ t, pkg }) => {
    const a = await launch(t, pkg, 'r-rate-a');
    const b = await launch(t, pkg, 'r-rate-b');
    const answers = [];
    for (let sequence = 1; sequence <= 6; sequence++) answers.push(await a.send('/commit', 'POST', { ...a.base, sequence, changes: [['cmi.location', `p${sequence}`]] }));
    const limited = answers.find((r) => r.status === 429);
    assert.ok(limited, `statuses ${answers.map((r) => r.status)}`);
    assert.is(limited!.body.error.code, 'RATE_LIMITED');
    assert.ok(Number(limited!.retryAfter) >= 1);
    assert.is(limited!.body.error.retry_after, Number(limited!.retryAfter));
    const state = await a.send('/sequencing-state', 'PUT', { state: {} });
    assert.is(state.status, 429, 'sequencing-state saves share the bucket');
    const other = await b.send('/commit', 'POST', { ...b.base, sequence: 1, changes: [['cmi.location', 'b1']] });
    assert.is(other.status, 200);
    // After the wait the refused commit goes through.
    const next = answers.findIndex((r) => r.status === 429) + 1;
    await new Promise((r) => setTimeout(r, Number(limited!.retryAfter) * 1000 + 100));
    const again = await a.send('/commit', 'POST', { ...a.base, sequence: next, changes: [['cmi.location', `p${next}`]] });
    assert.is(again.status, 200, JSON.stringify(again.body));
  });

  test('429 TOO_MANY_UPLOADS past the concurrent upload cap, with Retry-After', async ({ t }) => {
    // An upload that stays open (its body never ends) holds the only slot.
    const controller = new AbortController();
    let feed!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => { feed = c; c.enqueue(new Uint8Array([0x50, 0x4b, 0x03, 0x04])); } });
    const slow = t.admin('/api/v1/packages', { method: 'POST', body, headers: { 'content-type': 'application/zip' }, signal: controller.signal, duplex: 'half' } as RequestInit).catch(() => undefined);
    const deadline = Date.now() + 10_000;
    let res: Response;
    do {
      res = await t.admin('/api/v1/packages', { method: 'POST', body: new Uint8Array([0x50, 0x4b, 0x03, 0x04]), headers: { 'content-type': 'application/zip' } });
      if (res.status === 429) break;
      await res.arrayBuffer();
    } while (Date.now() < deadline);
    assert.is(res.status, 429);
    assert.is(((await res.json()) as Json).error.code, 'TOO_MANY_UPLOADS');
    assert.ok(Number(res.headers.get('retry-after')) >= 1);
    feed.close();
    controller.abort();
    await slow;
  });

  test.run();
}
