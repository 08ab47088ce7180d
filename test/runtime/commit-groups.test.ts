// Commits grouped per turn (docs/decisions/0027-commits-grouped-per-turn.md) on each database:
// commits of several learners arriving together go in one transaction; a refusal in one of them
// or a write the database refuses costs the others nothing and is never acknowledged; the
// interaction counts a group moves are those a recount from the rows gives.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { CommitBody } from '../../contract/runtime.ts';
import { parseManifest } from '../../scorm/manifest/parse-manifest.ts';
import { createInteractionStatsStore } from '../../server/db/interaction-stats-store.ts';
import { createMemoryPackageStore } from '../../server/db/memory-package-store.ts';
import type { RegistrationRecord } from '../../server/db/registration-store.ts';
import type { CommitWrite, SessionStore } from '../../server/db/session-store.ts';
import { createSqlSessionStore } from '../../server/db/sql-session-store.ts';
import { isAppError } from '../../server/errors.ts';
import { createRuntimeService } from '../../server/runtime/runtime-service.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/databases.ts';
import { manifest2004, org, sco } from '../scorm/manifest/build.ts';

const packages = createMemoryPackageStore();
const parsed = parseManifest({ xml: manifest2004(org('<item identifier="i1" identifierref="r1"><title>One</title></item>'), sco('r1', 'a.html')), entries: ['a.html'] }).package!;
packages.add({ id: 'pg', importJobId: 'job-pg', parsed, diagnostics: [], files: [], storage: 'local' });

const normal = { mode: 'normal', credit: 'credit' } as const;
let n = 0;

for (const kind of testDatabaseKinds()) {
  const test = suite<{ database: TestDatabase }>(`commits grouped per turn (${kind})`);
  test.before(async (ctx) => {
    ctx.database = await createTestDatabase(kind);
  });
  test.after(async (ctx) => ctx.database?.drop());

  /** A runtime service whose store records the size of every group it is asked to write. */
  async function setup(database: TestDatabase, learners: number, sabotage?: (write: CommitWrite, index: number) => CommitWrite) {
    const store = createSqlSessionStore(database.db);
    const groups: number[] = [];
    const sessions: SessionStore = {
      ...store,
      writeCommits: (writes) => {
        groups.push(writes.length);
        return store.writeCommits(sabotage ? writes.map(sabotage) : writes);
      },
    };
    const runtime = createRuntimeService({ sessions, packages });
    const opened: Array<{ id: string; session_id: string; attempt: number }> = [];
    for (let i = 0; i < learners; i++) {
      const id = `grp-${++n}`;
      await database.db('registrations').insert({ id, package_id: 'pg', learner_id: `l-${id}`, learner_name: 'L', comments_from_lms_json: '[]', attempt: 1, created_at: 1 });
      const registration: RegistrationRecord = { id, packageId: 'pg', learner: { id: `l-${id}`, name: 'L' }, launchNonce: null, commentsFromLms: [], attempt: 1, createdAt: 1, lastAccessedAt: null, contentId: 'pg', versionNumber: 1, onNewVersion: null, versionChange: null };
      opened.push({ id, ...(await runtime.openAttempt(registration, normal, 'i1')) });
    }
    const commit = (i: number, sequence: number, changes: CommitBody['changes']) =>
      runtime.commit(opened[i]!.id, { session_id: opened[i]!.session_id, sequence, item: 'i1', attempt: opened[i]!.attempt, changes, reason: 'commit' });
    return { store, groups, opened, commit };
  }

  test('commits arriving together are one group; a refused value fails only its own commit', async ({ database }) => {
    const { store, groups, opened, commit } = await setup(database, 4);
    const answers = await Promise.allSettled([
      commit(0, 1, [['cmi.location', 'p-0'], ['cmi.interactions.0.id', 'q1'], ['cmi.interactions.0.type', 'choice'], ['cmi.interactions.0.result', 'correct']]),
      commit(1, 1, [['cmi.location', 'p-1'], ['cmi.score.scaled', '7']]),
      commit(2, 1, [['cmi.location', 'p-2']]),
      commit(3, 1, [['cmi.location', 'p-3'], ['cmi.exit', 'suspend']]),
    ]);
    assert.equal(answers.map((a) => (a.status === 'fulfilled' ? a.value.applied : isAppError(a.reason) && a.reason.code)), [true, 'INVALID_VALUE', true, true]);
    assert.equal(groups, [3], 'the three accepted commits went in one transaction');
    const rows = await store.findMany(opened.map((o) => ({ registrationId: o.id, item: 'i1', attempt: o.attempt })));
    assert.equal(rows.map((r) => [r!.location, r!.commit_sequence]), [['p-0', 1], [null, 0], ['p-2', 1], ['p-3', 1]]);
    assert.equal((await store.interactionsOf(rows[0]!.id)).map((r) => r.interaction_id), ['q1']);
    // The refused learner goes on from the same sequence.
    assert.is((await commit(1, 1, [['cmi.location', 'p-1']])).applied, true);
  });

  test('a write the database refuses fails its own commit, never answered; the rest of the group is written', async ({ database }) => {
    const { store, groups, opened, commit } = await setup(database, 3, (write, i) => (i === 1 ? { ...write, fields: { ...write.fields, no_such_column: 1 } as CommitWrite['fields'] } : write));
    const answers = await Promise.allSettled([0, 1, 2].map((i) => commit(i, 1, [['cmi.location', `p-${i}`]])));
    assert.equal(answers.map((a) => a.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.equal(groups, [3]);
    const rows = await store.findMany(opened.map((o) => ({ registrationId: o.id, item: 'i1', attempt: o.attempt })));
    assert.equal(rows.map((r) => [r!.location, r!.commit_sequence, r!.row_version]), [['p-0', 1, 1], [null, 0, 0], ['p-2', 1, 1]]);
  });

  test('the same row twice in one group: the first write wins, the second lost its race', async ({ database }) => {
    const { store, opened } = await setup(database, 2);
    const [a, b] = await store.findMany(opened.map((o) => ({ registrationId: o.id, item: 'i1', attempt: o.attempt })));
    const answers = await store.writeCommits([
      { row: a!, fields: { location: 'first', commit_sequence: 1 }, shared: [] },
      { row: b!, fields: { location: 'b', commit_sequence: 1 }, shared: [] },
      { row: a!, fields: { location: 'second', commit_sequence: 1 }, shared: [] },
    ]);
    assert.equal(answers.map((x) => x.status === 'fulfilled' && x.value), [true, true, false]);
    assert.is((await store.find(opened[0]!.id, 'i1', 1))!.location, 'first');
  });

  test('interaction counts moved by groups equal a recount from the rows', async ({ database }) => {
    const { store, opened } = await setup(database, 3);
    const interaction = (position: number, id: string, result: string, response: string) => ({
      position, interaction_id: id, interaction_key: id, type: 'choice', learner_response: response, result,
      weighting: null, latency: null, timestamp: null, description: null, correct_responses_json: null,
    });
    const rows = async () => store.findMany(opened.map((o) => ({ registrationId: o.id, item: 'i1', attempt: o.attempt })));
    let current = await rows();
    await store.writeCommits(current.map((row, i) => ({ row: row!, fields: { commit_sequence: 1 }, details: { interactions: [interaction(0, 'q1', 'correct', 'a'), interaction(1, `q${i + 2}`, 'incorrect', 'b')], objectives: [] }, shared: [] })));
    current = await rows();
    await store.writeCommits([
      { row: current[0]!, fields: { commit_sequence: 2 }, details: { interactions: [interaction(0, 'q1', 'incorrect', 'c')], objectives: [] }, shared: [] },
      { row: current[2]!, fields: { commit_sequence: 2 }, details: { interactions: [], objectives: [] }, shared: [] },
    ]);
    const counts = async () =>
      (await database.db('interaction_stats').where({ package_id: 'pg' }).where('n', '<>', 0).orderBy(['interaction_key', 'result', 'response_key']).select('interaction_key', 'result', 'response_key', 'n'))
        .map((r: Record<string, unknown>) => `${r.interaction_key} ${r.result} ${r.response_key} ${Number(r.n)}`);
    // The package's counts also hold the first test's answer (q1 correct, no response).
    const moved = await counts();
    assert.equal(moved, ['q1 correct  1', 'q1 correct a 1', 'q1 incorrect c 1', 'q3 incorrect b 1']);
    await createInteractionStatsStore(database.db).rebuild(database.db, 'pg');
    assert.equal(await counts(), moved);
  });

  test('a group with a row written since it was read keeps none of its statements; each commit then goes alone', async ({ database }) => {
    const { store, opened } = await setup(database, 2);
    const [a, b] = await store.findMany(opened.map((o) => ({ registrationId: o.id, item: 'i1', attempt: o.attempt })));
    const answered = (position: number, id: string) => ({
      position, interaction_id: id, interaction_key: id, type: 'choice', learner_response: 'x', result: 'correct',
      weighting: null, latency: null, timestamp: null, description: null, correct_responses_json: null,
    });
    // Someone else writes a's row first: the reads below are stale for it.
    assert.equal((await store.writeCommits([{ row: a!, fields: { location: 'elsewhere' }, shared: [] }])).map((x) => x.status === 'fulfilled' && x.value), [true]);
    const answers = await store.writeCommits([
      { row: a!, fields: { location: 'stale' }, details: { interactions: [answered(0, 'q-stale')], objectives: [] }, shared: [] },
      { row: b!, fields: { location: 'fresh' }, details: { interactions: [answered(0, 'q-fresh')], objectives: [] }, shared: [] },
    ]);
    assert.equal(answers.map((x) => x.status === 'fulfilled' && x.value), [false, true]);
    // The same lost race alone (a group of one).
    assert.equal((await store.writeCommits([{ row: a!, fields: { location: 'stale' }, details: { interactions: [answered(0, 'q-stale')], objectives: [] }, shared: [] }])).map((x) => x.status === 'fulfilled' && x.value), [false]);
    assert.equal([(await store.find(opened[0]!.id, 'i1', 1))!.location, (await store.find(opened[1]!.id, 'i1', 1))!.location], ['elsewhere', 'fresh']);
    assert.equal((await store.interactionsOf(a!.id)).map((r) => r.interaction_id), []);
    assert.equal((await store.interactionsOf(b!.id)).map((r) => r.interaction_id), ['q-fresh']);
    const counted = (await database.db('interaction_stats').where({ package_id: 'pg' }).whereIn('interaction_key', ['q-stale', 'q-fresh']).where('n', '<>', 0).select('interaction_key', 'n'))
      .map((r: Record<string, unknown>) => `${r.interaction_key} ${Number(r.n)}`);
    assert.equal(counted, ['q-fresh 1']);
  });

  test('a commit writes only the columns it changed, alone and in a group', async ({ database }) => {
    const { store, groups, opened, commit } = await setup(database, 3);
    await Promise.all([0, 1, 2].map((i) => commit(i, 1, [['cmi.location', `p-${i}`]])));
    // Planted behind the row_version guard's back: a column a commit leaves as it was keeps it,
    // which tells that the commit did not send it.
    await database.db('scorm_user_sessions').whereIn('registration_id', opened.map((o) => o.id)).update({ suspend_data: 'planted', score_raw: 42 });
    await Promise.all([0, 1].map((i) => commit(i, 2, [['cmi.location', `q-${i}`]])));
    await commit(2, 2, [['cmi.location', 'q-2'], ['cmi.score.raw', '7']]);
    assert.equal(groups, [3, 2, 1]);
    const rows = await store.findMany(opened.map((o) => ({ registrationId: o.id, item: 'i1', attempt: o.attempt })));
    assert.equal(rows.map((r) => [r!.location, r!.suspend_data, r!.score_raw, r!.commit_sequence]), [['q-0', 'planted', 42, 2], ['q-1', 'planted', 42, 2], ['q-2', 'planted', 7, 2]]);
  });

  test.run();
}
