// GET /api/v1/packages for the console: ?q= searches titles (case-insensitively, wildcards taken
// literally) and every item carries its number of distinct learners.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { uploadZip } from '../helpers/uploads.ts';
import { buildPackageZip } from './package-zips.ts';

type ListBody = { items: Array<{ id: string; title: string; learners: number }>; total: number };

for (const kind of testDatabaseKinds()) {
  const test = suite<{ t: TestApp; ids: Record<string, string> }>(`packages list: q and learners (${kind})`);
  test.before(async (ctx) => {
    ctx.t = await startTestApp(kind);
    ctx.ids = {};
    for (const title of ['Fire Safety Basics', 'Advanced fire drills', '100% Compliance_2024', 'Ünïcode Ärger']) {
      const answer = await uploadZip(ctx.t, await buildPackageZip({ title }));
      assert.is(answer.status, 201, JSON.stringify(answer.body));
      ctx.ids[title] = answer.body.id;
    }
    const register = (id: string, learner: string) =>
      ctx.t.admin('/api/v1/registrations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id, package_id: ctx.ids['Fire Safety Basics'], learner: { id: learner, name: learner } }),
      });
    assert.is((await register('r1', 'ada')).status, 201);
    assert.is((await register('r2', 'bob')).status, 201);
    assert.is((await register('r3', 'ada')).status, 201); // the same learner twice counts once
  });
  test.after(async (ctx) => ctx.t?.stop());

  const list = async (t: TestApp, query: string) => (await (await t.admin(`/api/v1/packages${query}`)).json()) as ListBody;

  test('every item has a learners count of distinct learners', async ({ t, ids }) => {
    const all = await list(t, '');
    assert.is(all.total, 4);
    const byId = new Map(all.items.map((p) => [p.id, p]));
    assert.is(byId.get(ids['Fire Safety Basics']!)!.learners, 2);
    assert.is(byId.get(ids['Advanced fire drills']!)!.learners, 0);
  });

  test('q matches a substring of the title, ignoring letter case', async ({ t }) => {
    const fire = await list(t, '?q=FIRE');
    assert.equal(fire.items.map((p) => p.title).sort(), ['Advanced fire drills', 'Fire Safety Basics']);
    assert.is(fire.total, 2);
    assert.is((await list(t, '?q=safety%20bas')).total, 1);
    assert.is((await list(t, '?q=nothing-like-this')).total, 0);
  });

  test('q takes % and _ literally, and pages within the matches', async ({ t }) => {
    assert.equal((await list(t, `?q=${encodeURIComponent('100%')}`)).items.map((p) => p.title), ['100% Compliance_2024']);
    assert.is((await list(t, `?q=${encodeURIComponent('%')}`)).total, 1);
    assert.is((await list(t, `?q=${encodeURIComponent('e_2')}`)).total, 1);
    assert.is((await list(t, `?q=${encodeURIComponent('_')}`)).total, 1);
    assert.is((await list(t, `?q=${encodeURIComponent('!')}`)).total, 0);
    const page = await list(t, '?q=fire&limit=1&offset=1');
    assert.is(page.items.length, 1);
    assert.is(page.total, 2);
  });

  test('an empty q lists everything', async ({ t }) => {
    assert.is((await list(t, '?q=')).total, 4);
    assert.is((await list(t, '?q=%20%20')).total, 4);
  });

  // SQLite's LOWER folds ASCII only, so non-ASCII letters match in their own case there.
  test('q finds non-ASCII titles', async ({ t }) => {
    assert.is((await list(t, `?q=${encodeURIComponent('Ärger')}`)).total, 1);
    assert.is((await list(t, `?q=${encodeURIComponent('ÜNÏCODE ä')}`)).total, kind === 'mysql' ? 1 : 0);
  });

  test.run();
}
