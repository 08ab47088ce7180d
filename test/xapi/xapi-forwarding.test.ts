// xAPI forwarding end to end on each database: SCOs played through the real HTTP run-time API,
// the statements enqueued with the openings and commits, delivered by the worker's outbox
// dispatcher to a real HTTP LRS stand-in that enforces the version header and Basic auth; each
// statement valid against the xAPI 1.0.3 schema; an LRS that is down for a while gets them all,
// in order, once it is back.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { registrationUuid } from '../../server/xapi/xapi-ids.ts';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { LRS_TEST_IRI_BASE, startLrsReceiver, type LrsReceiver } from '../helpers/lrs-receiver.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { uploadZip } from '../helpers/uploads.ts';
import { learnerRun } from '../helpers/xapi-learner.ts';
import { assertValidStatements } from './statement-schema.ts';

type Json = Record<string, any>;
const auth = { key: 'lms-client', secret: 'lrs-secret-1' };
const IRI_BASE = LRS_TEST_IRI_BASE;

const verbsOf = (statements: Json[], registration: string) =>
  statements.filter((s) => s.context.registration === registrationUuid(registration)).map((s) => s.verb.display['en-US'] as string);

for (const kind of testDatabaseKinds()) {
  const test = suite<{ t: TestApp; lrs: LrsReceiver; p2004: Json; p12: Json }>(`xAPI forwarding (${kind})`);
  test.before(async (ctx) => {
    ctx.lrs = await startLrsReceiver(auth);
    ctx.t = await startTestApp(kind, {
      env: {
        ...ctx.lrs.env,
        SCORM_XAPI_BATCH_SIZE: '5',
        SCORM_OUTBOX_POLL_MS: '20',
        SCORM_OUTBOX_RETRY_BASE_MS: '20',
        SCORM_OUTBOX_RETRY_MAX_MS: '100',
      },
    });
    ctx.p2004 = (await uploadZip(ctx.t, fixturePath('golf-runtime-basic-2004-3rd'))).body;
    ctx.p12 = (await uploadZip(ctx.t, fixturePath('golf-runtime-basic-12'))).body;
  });
  test.after(async (ctx) => {
    await ctx.t?.stop();
    await ctx.lrs?.stop();
  });

  test('a 2004 SCO run reaches the LRS as initialized, answered, scored, completed, passed, suspended, resumed, terminated', async ({ t, lrs, p2004 }) => {
    const before = lrs.statements.length;
    const run = await learnerRun(t, p2004.id, 'x-2004');
    const first = await run.session();
    await first.commit([
      ['cmi.interactions.0.id', 'q1'],
      ['cmi.interactions.0.type', 'choice'],
      ['cmi.interactions.0.correct_responses.0.pattern', 'b'],
      ['cmi.interactions.0.learner_response', 'b'],
      ['cmi.interactions.0.result', 'correct'],
      ['cmi.interactions.1.id', 'q2'],
      ['cmi.interactions.1.type', 'true-false'],
      ['cmi.interactions.1.learner_response', 'false'],
      ['cmi.interactions.1.result', 'incorrect'],
    ]);
    await first.commit([['cmi.location', 'page 3']]);
    await first.commit([['cmi.score.scaled', '0.9'], ['cmi.score.raw', '9'], ['cmi.score.min', '0'], ['cmi.score.max', '10'], ['cmi.completion_status', 'completed'], ['cmi.success_status', 'passed']]);
    await first.commit([['cmi.exit', 'suspend'], ['cmi.session_time', 'PT2M']], 'terminate');
    const second = await run.session();
    assert.is(second.opened.context.entry, 'resume');
    await second.commit([['cmi.exit', 'normal']], 'terminate');
    const expected = ['launched', 'initialized', 'answered', 'answered', 'scored', 'completed', 'passed', 'suspended', 'launched', 'resumed', 'terminated'];
    await lrs.waitFor(before + expected.length);
    const mine = lrs.statements.slice(before) as Json[];
    assert.equal(verbsOf(mine, 'x-2004'), expected);
    assertValidStatements(mine);
    const sco = `${IRI_BASE}/${encodeURIComponent(p2004.id)}/${encodeURIComponent(run.item)}`;
    assert.equal(mine.map((s) => s.actor.account), Array(expected.length).fill({ homePage: 'https://lms.example.com', name: 'learner-x-2004' }));
    assert.equal(mine[2].object.id, `${sco}/interactions/q1`);
    assert.equal(mine[2].result, { response: 'b', success: true });
    assert.equal(mine[6].result, { score: { scaled: 0.9, raw: 9, min: 0, max: 10 }, success: true, completion: true });
    assert.equal(mine[7].result.duration, 'PT2M');
    assert.ok(mine.filter((s) => s.verb.id !== 'http://adlnet.gov/expapi/verbs/answered').every((s) => s.object.id === sco));
    assert.ok(lrs.batches.every((n) => n <= 5), `batches ${lrs.batches.join(',')}`);
  });

  test('SCORM 1.2: lesson_status and score as xAPI, the 1.2 response formats rewritten', async ({ t, lrs, p12 }) => {
    const before = lrs.statements.length;
    const run = await learnerRun(t, p12.id, 'x-12');
    const session = await run.session();
    await session.commit([
      ['cmi.interactions.0.id', 'q1'],
      ['cmi.interactions.0.type', 'choice'],
      ['cmi.interactions.0.student_response', 'a,c'],
      ['cmi.interactions.0.result', 'wrong'],
    ]);
    await session.commit([['cmi.core.score.raw', '40'], ['cmi.core.lesson_status', 'failed'], ['cmi.core.exit', '']], 'terminate');
    // A 1.2 "failed" is completed and failed (the registration view's mapping, status-12.ts).
    const expected = ['launched', 'initialized', 'answered', 'scored', 'completed', 'failed', 'terminated'];
    await lrs.waitFor(before + expected.length);
    const mine = lrs.statements.slice(before) as Json[];
    assert.equal(verbsOf(mine, 'x-12'), expected);
    assert.equal(mine[2].result, { response: 'a[,]c', success: false });
    assertValidStatements(mine);
  });

  test('an LRS that is down for a while then back gets every statement, in order', async ({ t, lrs, p2004 }) => {
    const before = lrs.statements.length;
    const refusedBefore = lrs.refusals.length;
    lrs.down();
    const runs = await Promise.all(['x-out-1', 'x-out-2'].map((id) => learnerRun(t, p2004.id, id)));
    for (const run of runs) {
      const session = await run.session();
      for (let n = 0; n < 3; n++) {
        await session.commit([
          [`cmi.interactions.${n}.id`, `q${n}`],
          [`cmi.interactions.${n}.type`, 'numeric'],
          [`cmi.interactions.${n}.learner_response`, String(n)],
        ]);
      }
      await session.commit([['cmi.completion_status', 'completed'], ['cmi.exit', 'normal']], 'terminate');
    }
    // The dispatcher has tried and been refused before the LRS comes back.
    for (let i = 0; i < 1500 && lrs.refusals.length === refusedBefore; i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(lrs.refusals.slice(refusedBefore).includes(503), 'the dispatcher met the LRS down');
    assert.is(lrs.statements.length, before);
    lrs.up();
    const expected = ['launched', 'initialized', 'answered', 'answered', 'answered', 'completed', 'terminated'];
    await lrs.waitFor(before + 2 * expected.length);
    const mine = lrs.statements.slice(before) as Json[];
    assert.equal(verbsOf(mine, 'x-out-1'), expected);
    assert.equal(verbsOf(mine, 'x-out-2'), expected);
    assert.equal(mine.filter((s) => s.verb.display['en-US'] === 'answered' && s.context.registration === registrationUuid('x-out-1')).map((s) => s.result.response), ['0', '1', '2']);
    assertValidStatements(mine);
  });

  test('without SCORM_XAPI_ENDPOINT a run enqueues nothing', async ({ t, p2004 }) => {
    const plain = await startTestApp(kind, { database: t.database, worker: false });
    try {
      const run = await learnerRun(plain, p2004.id, 'x-off');
      const session = await run.session();
      await session.commit([['cmi.score.scaled', '0.5'], ['cmi.completion_status', 'completed'], ['cmi.exit', 'normal']], 'terminate');
      // Webhook events (registration.*) are the outbox's own business; no xAPI event exists.
      const xapiEvents = await t.database.db('outbox_events').where({ type: 'xapi.statements' }).whereIn('ordering_key', ['xapi:x-off', 'xapi:x-2004']).select('ordering_key');
      assert.equal(xapiEvents.map((e: Json) => e.ordering_key).filter((k: string) => k === 'xapi:x-off'), []);
      assert.ok(xapiEvents.length > 0, 'the same query finds the events of the run with xAPI on');
    } finally {
      await plain.stop();
    }
  });

  test.run();
}
