// The SCORM-to-xAPI mapping (server/xapi): runs of both versions played through the runtime's
// own pure pieces (attempt opening over the in-memory store, commit checks), mapped to
// statements, each validated against the xAPI 1.0.3 statement schema kept in this folder.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CommitBody } from '../../contract/runtime.ts';
import { createMemorySessionStore } from '../../server/db/memory-session-store.ts';
import { createMemoryPackageStore } from '../../server/db/memory-package-store.ts';
import type { SessionRow } from '../../server/db/session-store.ts';
import { checkCommit } from '../../server/runtime/commit-checks.ts';
import { createRuntimeService } from '../../server/runtime/runtime-service.ts';
import { commitFacts, openingFacts, type RunSubject } from '../../server/xapi/run-facts.ts';
import { statementsFor, xapiScore, type XapiStatement } from '../../server/xapi/statements.ts';
import { registrationUuid } from '../../server/xapi/xapi-ids.ts';
import { parseManifest } from '../../scorm/manifest/parse-manifest.ts';
import { manifest12, manifest2004, org, sco } from '../scorm/manifest/build.ts';
import { assertValidStatements, statementProblems } from './statement-schema.ts';

const settings = { activityIriBase: 'https://lms.example.com/xapi/activities/', homePage: 'https://lms.example.com' };
const items = '<item identifier="intro 1" identifierref="r1"><title>One</title></item>';

async function openRun(version: '1.2' | '2004', registrationId = 'reg-1') {
  const packages = createMemoryPackageStore();
  const xml = version === '1.2' ? manifest12(org(items), sco('r1', 'a.html')) : manifest2004(org(items), sco('r1', 'a.html'));
  packages.add({ id: 'pkg/α', importJobId: 'job', parsed: parseManifest({ xml, entries: ['a.html'] }).package!, diagnostics: [], files: [], storage: 'local' });
  const sessions = createMemorySessionStore(() => 1_000);
  const runtime = createRuntimeService({ sessions, packages, now: () => 1_000 });
  const registration = { id: registrationId, packageId: 'pkg/α', contentId: 'pkg/α', learner: { id: 'u-42', name: 'Ada Lovelace' }, launchNonce: 'n', commentsFromLms: [], attempt: 1, createdAt: 0, lastAccessedAt: null, versionNumber: 1, onNewVersion: null, versionChange: null };
  const opened = await runtime.openAttempt(registration, { mode: 'normal', credit: 'credit' }, 'intro 1');
  let row = (await sessions.find(registrationId, 'intro 1', opened.attempt))!;
  const subject: RunSubject = {
    registrationId, learner: registration.learner, packageId: 'pkg/α', itemIdentifier: 'intro 1', version,
    attempt: row.attempt, attemptRowId: row.id, titles: { course: 'Course', sco: 'One' },
  };
  let sequence = 0;
  /** Applies one commit as the server would and returns its statements. */
  const commit = (changes: CommitBody['changes'], reason: CommitBody['reason'] = 'commit'): XapiStatement[] => {
    sequence += 1;
    const body: CommitBody = { session_id: opened.session_id, sequence, item: 'intro 1', attempt: opened.attempt, changes, reason, ...(reason === 'terminate' ? { end: {} } : {}) };
    const verdict = checkCommit(row, body, 2_000 + sequence);
    if (verdict.kind !== 'write') throw new Error(`commit refused: ${JSON.stringify(verdict)}`);
    row = { ...verdict.write.row, ...verdict.write.fields, row_version: row.row_version + 1 } as SessionRow;
    return statementsFor(subject, commitFacts(verdict.write, changes), `${opened.session_id}:${sequence}`, 2_000 + sequence, settings);
  };
  const opening = statementsFor(subject, openingFacts(opened.context.entry), opened.session_id, 1_000, settings);
  return { opening, commit, subject };
}

const verbs = (statements: XapiStatement[]) => statements.map((s) => (s.verb as { display: { 'en-US': string } }).display['en-US']);
type Shape = { object: { id: string; definition: Record<string, unknown> }; result?: Record<string, unknown>; context: { registration: string; contextActivities: Record<string, Array<{ id: string }>> } };
const shape = (s: XapiStatement) => s as unknown as Shape;

test('2004: a SCO run becomes launched, initialized, answered per interaction, scored, completed, passed, suspended', async () => {
  const run = await openRun('2004');
  assert.equal(verbs(run.opening), ['launched', 'initialized']);
  const answers = run.commit([
    ['cmi.interactions.0.id', 'q1'],
    ['cmi.interactions.0.type', 'choice'],
    ['cmi.interactions.0.description', 'Pick the primes'],
    ['cmi.interactions.0.correct_responses.0.pattern', 'two[,]three'],
    ['cmi.interactions.0.learner_response', 'two[,]three'],
    ['cmi.interactions.0.result', 'correct'],
    ['cmi.interactions.0.latency', 'PT12S'],
    ['cmi.interactions.1.id', 'q2'],
    ['cmi.interactions.1.type', 'numeric'],
    ['cmi.interactions.1.correct_responses.0.pattern', '3[:]4'],
    ['cmi.interactions.1.learner_response', '7'],
    ['cmi.interactions.1.result', 'incorrect'],
    ['cmi.interactions.2.id', 'q3'],
    ['cmi.interactions.2.type', 'fill-in'],
  ]);
  // q3 has neither a response nor a result yet: nothing was answered.
  assert.equal(verbs(answers), ['answered', 'answered']);
  const [q1, q2] = answers.map(shape);
  assert.is(q1!.object.id, 'https://lms.example.com/xapi/activities/pkg%2F%CE%B1/intro%201/interactions/q1');
  assert.equal(q1!.object.definition, {
    type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
    interactionType: 'choice',
    description: { und: 'Pick the primes' },
    correctResponsesPattern: ['two[,]three'],
  });
  assert.equal(q1!.result, { response: 'two[,]three', success: true, duration: 'PT12S' });
  assert.equal(q2!.result, { response: '7', success: false });
  assert.equal(q1!.context.contextActivities.parent!.map((a) => a.id), ['https://lms.example.com/xapi/activities/pkg%2F%CE%B1/intro%201']);
  assert.equal(q1!.context.contextActivities.category!.map((a) => a.id), ['http://adlnet.gov/xapi/profile/scorm']);

  const results = run.commit([['cmi.score.raw', '80'], ['cmi.score.min', '0'], ['cmi.score.max', '100'], ['cmi.score.scaled', '0.8'], ['cmi.completion_status', 'completed'], ['cmi.success_status', 'passed']]);
  assert.equal(verbs(results), ['scored', 'completed', 'passed']);
  assert.equal(shape(results[0]!).result, { score: { scaled: 0.8, raw: 80, min: 0, max: 100 } });
  assert.equal(shape(results[2]!).result, { score: { scaled: 0.8, raw: 80, min: 0, max: 100 }, success: true, completion: true });
  // Nothing that moved no result: no statement.
  assert.equal(run.commit([['cmi.location', 'page 4'], ['cmi.suspend_data', 'x']]), []);
  const end = run.commit([['cmi.exit', 'suspend'], ['cmi.session_time', 'PT1M30S']], 'terminate');
  assert.equal(verbs(end), ['suspended']);
  assert.is(shape(end[0]!).result!.duration, 'PT1M30S');
  const all = [...run.opening, ...answers, ...results, ...end];
  assertValidStatements(all);
  assert.is(new Set(all.map((s) => s.id)).size, all.length, 'every statement has its own id');
  for (const s of all) assert.is(shape(s).context.registration, registrationUuid('reg-1'));
});

test('1.2: lesson_status, score and 1.2 response formats map onto xAPI; a normal finish is terminated', async () => {
  const run = await openRun('1.2');
  const answers = run.commit([
    ['cmi.interactions.0.id', 'tf'],
    ['cmi.interactions.0.type', 'true-false'],
    ['cmi.interactions.0.correct_responses.0.pattern', 't'],
    ['cmi.interactions.0.student_response', 't'],
    ['cmi.interactions.0.result', 'correct'],
    ['cmi.interactions.0.latency', '0000:00:05.50'],
    ['cmi.interactions.1.id', 'm'],
    ['cmi.interactions.1.type', 'matching'],
    ['cmi.interactions.1.correct_responses.0.pattern', '1.a,2.b'],
    ['cmi.interactions.1.student_response', '{1.b,2.a}'],
    ['cmi.interactions.1.result', 'wrong'],
    ['cmi.interactions.2.id', 'n'],
    ['cmi.interactions.2.type', 'numeric'],
    ['cmi.interactions.2.correct_responses.0.pattern', '42'],
    ['cmi.interactions.2.student_response', '42'],
    ['cmi.interactions.2.result', 'neutral'],
  ]);
  const defs = answers.map((s) => shape(s).object.definition.correctResponsesPattern);
  assert.equal(defs, [['true'], ['1[.]a[,]2[.]b'], ['42[:]42']]);
  assert.equal(answers.map((s) => shape(s).result), [
    { response: 'true', success: true, duration: 'PT5.5S' },
    { response: '1[.]b[,]2[.]a', success: false },
    { response: '42' },
  ]);
  const end = run.commit([['cmi.core.score.raw', '90'], ['cmi.core.lesson_status', 'passed'], ['cmi.core.session_time', '0000:02:00']], 'terminate');
  assert.equal(verbs(end), ['scored', 'completed', 'passed', 'terminated']);
  assert.equal(shape(end[3]!).result, { score: { scaled: 0.9, raw: 90 }, success: true, completion: true, duration: 'PT2M' });
  assertValidStatements([...run.opening, ...answers, ...end]);
});

test('statement ids are the same every time the same event is mapped, and differ between events', async () => {
  const a = await openRun('2004');
  const b = await openRun('2004');
  const changes: CommitBody['changes'] = [['cmi.completion_status', 'completed']];
  const first = a.commit(changes);
  assert.equal(statementsFor(a.subject, [{ verb: 'launched' }], 'open-1', 0, settings)[0]!.id, statementsFor(a.subject, [{ verb: 'launched' }], 'open-1', 5, settings)[0]!.id);
  assert.is.not(statementsFor(a.subject, [{ verb: 'launched' }], 'open-2', 0, settings)[0]!.id, statementsFor(a.subject, [{ verb: 'launched' }], 'open-1', 0, settings)[0]!.id);
  // Another attempt row (another learner's run) never shares ids.
  assert.is.not(first[0]!.id, b.commit(changes)[0]!.id);
});

test('the registration is a UUID: kept when it is one, derived stably when it is not', () => {
  assert.is(registrationUuid('6F1F2B9A-3C8E-4D5F-A0B1-C2D3E4F50617'), '6f1f2b9a-3c8e-4d5f-a0b1-c2d3e4f50617');
  const derived = registrationUuid('preview-pkg-1');
  assert.match(derived, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.is(registrationUuid('preview-pkg-1'), derived);
  assert.is.not(registrationUuid('preview-pkg-2'), derived);
});

test('a resumed attempt opens with resumed; scores xAPI cannot hold are left out', async () => {
  const run = await openRun('2004');
  assert.equal(verbs(statementsFor(run.subject, openingFacts('resume'), 's2', 0, settings)), ['launched', 'resumed']);
  assert.is(xapiScore({ scaled: null, raw: 120, min: 0, max: 100 }), undefined);
  assert.equal(xapiScore({ scaled: 0.5, raw: 120, min: 0, max: 100 }), { scaled: 0.5 });
  assert.equal(xapiScore({ scaled: null, raw: 5, min: null, max: null }), { raw: 5 });
  assert.equal(statementsFor(run.subject, [{ verb: 'scored', score: { scaled: null, raw: 120, min: 0, max: 100 } }], 'c', 0, settings), []);
});

test('the schema refuses what xAPI 1.0.3 refuses', async () => {
  const run = await openRun('2004');
  const good = run.opening[0]!;
  assert.equal(statementProblems(good), []);
  const broken: Array<[string, (s: Record<string, any>) => void]> = [
    ['an agent with two identifiers', (s) => (s.actor.mbox = 'mailto:a@example.com')],
    ['an agent with none', (s) => delete s.actor.account],
    ['a verb id that is not an IRI', (s) => (s.verb.id = 'launched')],
    ['a registration that is not a UUID', (s) => (s.context = { registration: 'reg-1' })],
    ['a scaled score past 1', (s) => (s.result = { score: { scaled: 1.5 } })],
    ['a raw score past max', (s) => (s.result = { score: { raw: 5, max: 4 } })],
    ['an ISO duration with a time part but no time', (s) => (s.result = { duration: 'PT' })],
    ['a timestamp without a zone', (s) => (s.timestamp = '2026-01-01T10:00:00')],
    ['an extension key that is not an IRI', (s) => (s.result = { extensions: { attempt: 1 } })],
    ['choices on a numeric interaction', (s) => (s.object.definition = { type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType: 'numeric', choices: [{ id: 'a' }] })],
    ['an unknown property', (s) => (s.verdict = 'x')],
  ];
  for (const [what, breakIt] of broken) {
    const statement = structuredClone(good) as Record<string, any>;
    breakIt(statement);
    assert.ok(statementProblems(statement).length > 0, `${what} should be refused`);
  }
});

test.run();
