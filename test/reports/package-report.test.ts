// GET /api/v1/packages/:id/report and /report.csv on seeded session rows with known answers:
// rates, histogram buckets, per-SCO figures and interaction statistics, on both databases; the
// CSV agrees with each registration's own progress (GET /registrations/:id).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { uploadZip } from '../helpers/uploads.ts';
import { buildPackageZip } from '../console/package-zips.ts';
import { parseCsv } from './parse-csv.ts';
import { seedRegistrations, type SeedAttempt, type SeedRegistration } from './seed-sessions.ts';

const learner = (n: number | string) => ({ id: `l${n}`, name: `Learner ${n}` });
const q1 = (response: string, correct: boolean) => ({ id: 'q1', response, result: correct ? 'correct' : 'incorrect', description: 'Pick the safe exit' });
const q2 = (response: string, result: string) => ({ id: 'q2', response, result, type: 'true-false' });
const done = (scaled: number | null, success: string, seconds: number, interactions: SeedAttempt['interactions'] = []): SeedAttempt => ({
  item: 'item-1', completion: 'completed', success, scaled, seconds, interactions,
});

// Single-SCO package: 10 registrations, 9 learners (l0 twice), one never started.
const SINGLE: SeedRegistration[] = [
  { id: 'r0', learner: learner(0), attempts: [done(0.05, 'failed', 60, [q1('a', false), q2('true', 'correct')])] },
  { id: 'r1', learner: learner(1), attempts: [done(0.15, 'failed', 120, [q1('b', false), q2('true', 'correct')])] },
  { id: 'r2', learner: learner(2), attempts: [done(0.15, 'failed', 180, [q1('b', false), q2('true', 'correct')])] },
  { id: 'r3', learner: learner(3), attempts: [done(0.55, 'failed', 240, [q1('c', false), q2('false', 'wrong')])] },
  { id: 'r4', learner: learner(4), attempts: [done(0.8, 'passed', 300, [q1('d', true), q2('maybe', 'neutral')])] },
  { id: 'r5', learner: learner(5), attempts: [done(0.9, 'passed', 360, [q1('d', true)])] },
  { id: 'r6', learner: learner(6), attempts: [done(1, 'passed', 420, [q1('d', true)])] },
  { id: 'r7', learner: learner(7), attempts: [{ item: 'item-1', completion: 'incomplete', success: 'unknown', scaled: null, seconds: 30, interactions: [q1('b', false)] }] },
  {
    id: 'r8',
    learner: learner(0),
    attempts: [
      { item: 'item-1', attempt: 1, completion: 'completed', success: 'failed', scaled: 0.2, seconds: 100, interactions: [q1('c', false)] },
      { item: 'item-1', attempt: 2, completion: 'completed', success: 'passed', scaled: 0.95, seconds: 200, interactions: [q1('d', true)] },
    ],
  },
  { id: 'r9', learner: learner(9), attempts: [] },
];

// Two-SCO package: a registration is completed when both are, failed when one failed.
const two = (a: [string, string, number], b?: [string, string, number]): SeedAttempt[] => [
  { item: 'item-1', completion: a[0], success: a[1], scaled: a[2], seconds: 50 },
  ...(b ? [{ item: 'item-2', completion: b[0], success: b[1], scaled: b[2], seconds: 70 }] : []),
];
const MULTI: SeedRegistration[] = [
  { id: 'm1', learner: learner('a'), attempts: two(['completed', 'passed', 0.8], ['completed', 'passed', 0.6]) },
  { id: 'm2', learner: learner('b'), attempts: two(['completed', 'passed', 0.9], ['incomplete', 'unknown', 0.1]) },
  { id: 'm3', learner: learner('c'), attempts: two(['completed', 'failed', 0.3], ['completed', 'passed', 0.7]) },
  { id: 'm4', learner: learner('d'), attempts: two(['completed', 'passed', 1]) },
];

// Rates and scores are rounded to 4 decimals, times to 2.
const close = (actual: number | null, expected: number, what: string, within = 6e-5) => assert.ok(actual !== null && Math.abs(actual - expected) < within, `${what}: ${actual} ≠ ${expected}`);

for (const kind of testDatabaseKinds()) {
  const test = suite<{ t: TestApp; single: string; multi: string; empty: string }>(`package report (${kind})`);
  test.before(async (ctx) => {
    ctx.t = await startTestApp(kind);
    const upload = async (title: string, items: string[]) => {
      const answer = await uploadZip(ctx.t, await buildPackageZip({ title, items, version: '2004' }));
      assert.is(answer.status, 201, JSON.stringify(answer.body));
      return String(answer.body.id);
    };
    ctx.single = await upload('Single SCO', ['Only lesson']);
    ctx.multi = await upload('Two SCOs', ['First', 'Second']);
    ctx.empty = await upload('Nobody yet', ['Lonely']);
    await seedRegistrations(ctx.t.database.db, ctx.single, '2004', SINGLE);
    await seedRegistrations(ctx.t.database.db, ctx.multi, '2004', MULTI);
  });
  test.after(async (ctx) => ctx.t?.stop());

  const report = async (t: TestApp, id: string) => {
    const res = await t.admin(`/api/v1/packages/${id}/report`);
    assert.is(res.status, 200);
    return (await res.json()) as Record<string, any>;
  };

  test('counts, completion and pass rates (single SCO; latest attempt counts)', async ({ t, single }) => {
    const r = await report(t, single);
    assert.is(r.registrations, 10);
    assert.is(r.learners, 9);
    assert.is(r.started, 9);
    assert.is(r.attempts, 10); // r8 is on its second attempt
    assert.is(r.completed, 8);
    close(r.completion_rate, 0.8, 'completion rate');
    assert.is(r.passed, 4);
    assert.is(r.failed, 4);
    close(r.pass_rate, 0.5, 'pass rate');
    close(r.average_time_seconds, (60 + 120 + 180 + 240 + 300 + 360 + 420 + 30 + 300) / 9, 'average time', 0.006);
  });

  test('score histogram buckets and average', async ({ t, single }) => {
    const { score } = await report(t, single);
    assert.is(score.count, 8);
    close(score.average, 4.55 / 8, 'average score');
    assert.equal(score.histogram.map((b: { count: number }) => b.count), [1, 2, 0, 0, 0, 1, 0, 0, 1, 3]);
    assert.is(score.histogram[0].from, 0);
    assert.is(score.histogram[9].to, 1);
  });

  test('per interaction: answered, percent correct, most common wrong answers', async ({ t, single }) => {
    const { interactions } = await report(t, single);
    assert.equal(interactions.map((q: { interaction_id: string }) => q.interaction_id), ['q1', 'q2']);
    const [first, second] = interactions;
    assert.is(first.answered, 10);
    assert.is(first.correct, 4);
    assert.is(first.wrong, 6);
    close(first.correct_rate, 0.4, 'q1 correct rate');
    assert.is(first.description, 'Pick the safe exit');
    assert.equal(first.common_wrong_responses, [{ response: 'b', count: 3 }, { response: 'c', count: 2 }, { response: 'a', count: 1 }]);
    assert.is(second.answered, 5);
    assert.is(second.correct, 3);
    assert.is(second.wrong, 1); // "neutral" is neither
    assert.is(second.type, 'true-false');
    close(second.correct_rate, 0.6, 'q2 correct rate');
    assert.equal(second.common_wrong_responses, [{ response: 'false', count: 1 }]);
  });

  test('two SCOs: registration roll-up, per-SCO table in tree order', async ({ t, multi }) => {
    const r = await report(t, multi);
    assert.is(r.registrations, 4);
    assert.is(r.completed, 2); // m1, m3
    assert.is(r.passed, 1); // m1
    assert.is(r.failed, 1); // m3
    close(r.completion_rate, 0.5, 'completion rate');
    // m1 .7, m2 .5, m3 .5, m4 1.0 (only its attempted SCO)
    assert.equal(r.score.histogram.map((b: { count: number }) => b.count), [0, 0, 0, 0, 0, 2, 0, 1, 0, 1]);
    assert.equal(r.scos.map((s: { item_identifier: string }) => s.item_identifier), ['item-1', 'item-2']);
    const [a, b] = r.scos;
    assert.equal([a.title, a.learners, a.completed, a.passed, a.failed, a.attempts], ['First', 4, 4, 3, 1, 4]);
    close(a.average_score, 0.75, 'item-1 average');
    close(a.average_time_seconds, 50, 'item-1 time');
    close(a.pass_rate, 0.75, 'item-1 pass rate');
    assert.equal([b.title, b.learners, b.completed, b.passed], ['Second', 3, 2, 2]);
    close(b.completion_rate, 2 / 3, 'item-2 completion');
  });

  test('a package without registrations reports zeros and unknown rates', async ({ t, empty }) => {
    const r = await report(t, empty);
    assert.equal([r.registrations, r.learners, r.started, r.completed, r.passed], [0, 0, 0, 0, 0]);
    assert.is(r.completion_rate, null);
    assert.is(r.pass_rate, null);
    assert.is(r.score.average, null);
    assert.is(r.average_time_seconds, null);
    assert.equal(r.interactions, []);
    assert.is(r.scos[0].learners, 0);
  });

  test('CSV: hostile learner names come back as text, quoted and formula-guarded', async ({ t, empty }) => {
    const names = ['=HYPERLINK("http://evil.example","click")', '<script>alert(1)</script>, "Ada"\nLovelace', '+1-1', '@SUM(A1)'];
    await seedRegistrations(t.database.db, empty, '2004', names.map((name, i) => ({ id: `h${i}`, learner: { id: `-h${i}`, name }, attempts: [] })));
    try {
      const [header, ...rows] = parseCsv(await (await t.admin(`/api/v1/packages/${empty}/report.csv`)).text());
      const name = header!.indexOf('learner_name');
      assert.equal(rows.map((r) => r[name]), ["'" + names[0], names[1], "'+1-1", "'@SUM(A1)"]);
      assert.equal(rows.map((r) => r[header!.indexOf('learner_id')]), ["'-h0", "'-h1", "'-h2", "'-h3"]);
    } finally {
      await t.database.db('registrations').where({ package_id: empty }).delete();
    }
  });

  test('unknown package: 404 for both', async ({ t }) => {
    for (const path of ['/api/v1/packages/nope/report', '/api/v1/packages/nope/report.csv']) {
      const res = await t.admin(path);
      assert.is(res.status, 404);
      assert.is(((await res.json()) as any).error.code, 'PACKAGE_NOT_FOUND');
    }
  });

  test('CSV: one row per registration, agreeing with each registration\'s progress', async ({ t, single, multi }) => {
    for (const id of [single, multi]) {
      const res = await t.admin(`/api/v1/packages/${id}/report.csv`);
      assert.is(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^text\/csv/);
      assert.match(res.headers.get('content-disposition')!, /^attachment; filename="report-/);
      const [header, ...rows] = parseCsv(await res.text());
      assert.is(header![0], 'registration_id');
      assert.is(rows.length, id === single ? 10 : 4);
      const col = (name: string) => header!.indexOf(name);
      for (const row of rows) {
        const reg = (await (await t.admin(`/api/v1/registrations/${row[col('registration_id')]}`)).json()) as Record<string, any>;
        assert.is(row[col('completion_status')], reg.completion_status, `${reg.id} completion`);
        assert.is(row[col('success_status')], reg.success_status, `${reg.id} success`);
        assert.is(row[col('learner_name')], reg.learner.name);
        const scaled = row[col('score_scaled')];
        if (reg.score.scaled === null) assert.is(scaled, '');
        else close(Number(scaled), reg.score.scaled, `${reg.id} score`);
        close(Number(row[col('total_time_seconds')]), reg.total_time_seconds, `${reg.id} time`, 0.006);
      }
    }
  });

  test.run();
}
