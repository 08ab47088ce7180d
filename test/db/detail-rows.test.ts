// The SQL session store writes only the interaction and objective rows a commit changed
// (decision 0043), alone and in a group, on each database: unchanged rows are left in place
// (triggers count what is written), changed, new and vanished rows are written, and the
// interaction counts equal a recount from the rows after every step.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Knex } from 'knex';
import { diffRows, INTERACTION_COLUMNS } from '../../server/db/detail-rows-diff.ts';
import { createInteractionStatsStore } from '../../server/db/interaction-stats-store.ts';
import type { CommitWrite, SessionRow, SessionStore } from '../../server/db/session-store.ts';
import { createSqlSessionStore } from '../../server/db/sql-session-store.ts';
import type { InteractionRow, ObjectiveRow } from '../../server/runtime/session-columns.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/databases.ts';
import { sessionRow } from './session-store-contract.ts';

const interaction = (position: number, id: string, result: string, response = 'a'): InteractionRow => ({
  position, interaction_id: id, interaction_key: id, type: 'choice', learner_response: response, result,
  weighting: 0.5, latency: 'PT1S', timestamp: null, description: null, correct_responses_json: '["a"]',
});
const objective = (position: number, id: string, scaled: number | null): ObjectiveRow => ({
  position, objective_id: id, success_status: 'passed', completion_status: null, score_scaled: scaled,
  score_raw: null, score_min: null, score_max: null, progress_measure: 0.25, description: 'd',
});

const unit = suite('diffRows');
unit('keeps equal rows, writes changed and new ones, deletes changed and vanished positions', () => {
  const stored = [interaction(0, 'q1', 'correct'), interaction(1, 'q2', 'correct'), interaction(2, 'q3', 'wrong')].map((r) => ({ ...r, session_row_id: 's' }));
  const next = [interaction(0, 'q1', 'correct'), interaction(1, 'q2', 'wrong')].map((r) => ({ ...r, session_row_id: 's' }));
  const diff = diffRows(stored, [...next, { ...interaction(3, 'q4', 'correct'), session_row_id: 's' }], INTERACTION_COLUMNS);
  assert.equal(diff.deleted.sort(), [1, 2]);
  assert.equal(diff.inserted.map((r) => r.position), [1, 3]);
  // A value read back as another type counts as changed: the row is rewritten, never wrongly kept.
  assert.equal(diffRows([{ ...stored[0]!, weighting: '0.5' }], [stored[0]!], INTERACTION_COLUMNS).inserted.length, 1);
  assert.equal(diffRows([{ ...stored[0]!, position: '0' }], [stored[0]!], INTERACTION_COLUMNS), { deleted: [], inserted: [] });
});
unit.run();

async function countWrites(db: Knex, kind: 'sqlite' | 'mysql'): Promise<void> {
  await db.schema.createTable('detail_writes_seen', (t) => {
    t.increments('n');
    t.string('what', 40);
    t.string('session_row_id', 36);
    t.integer('position');
  });
  for (const table of ['scorm_interactions', 'scorm_objectives']) {
    for (const [event, row] of [['INSERT', 'NEW'], ['DELETE', 'OLD']] as const) {
      const body = `INSERT INTO detail_writes_seen (what, session_row_id, position) VALUES ('${table} ${event.toLowerCase()}', ${row}.session_row_id, ${row}.position)`;
      const name = `${table}_${event.toLowerCase()}_seen`;
      await db.raw(kind === 'mysql' ? `CREATE TRIGGER ${name} AFTER ${event} ON ${table} FOR EACH ROW ${body}` : `CREATE TRIGGER ${name} AFTER ${event} ON ${table} BEGIN ${body}; END`);
    }
  }
}

for (const kind of testDatabaseKinds()) {
  const test = suite<{ database: TestDatabase; store: SessionStore }>(`detail rows written when changed (${kind})`);
  let n = 0;
  test.before(async (ctx) => {
    ctx.database = await createTestDatabase(kind);
    await countWrites(ctx.database.db, kind);
    ctx.store = createSqlSessionStore(ctx.database.db);
  });
  test.after(async (ctx) => ctx.database?.drop());

  async function attempt(database: TestDatabase, store: SessionStore): Promise<SessionRow> {
    const id = `detail-${++n}`;
    await database.db('registrations').insert({ id, package_id: 'pkg-d', learner_id: `l-${id}`, learner_name: 'L', comments_from_lms_json: '[]', attempt: 1, created_at: 1 });
    const row = sessionRow({ registration_id: id, package_id: 'pkg-d' });
    await store.openAttempt(id, row.item_identifier, 1, () => ({ opening: { kind: 'insert', row }, result: row }));
    return row;
  }
  const seen = async (db: Knex, ids: string[]) =>
    (await db('detail_writes_seen').whereIn('session_row_id', ids).orderBy('n').select('what', 'session_row_id', 'position')).map(
      (r: { what: string; session_row_id: string; position: number }) => `${r.what} ${ids.indexOf(r.session_row_id)}:${Number(r.position)}`,
    ).sort();
  const counts = async (db: Knex) =>
    (await db('interaction_stats').where({ package_id: 'pkg-d' }).where('n', '<>', 0).orderBy(['interaction_key', 'result', 'response_key']).select('interaction_key', 'result', 'response_key', 'n'))
      .map((r: Record<string, unknown>) => `${r.interaction_key} ${r.result} ${r.response_key} ${Number(r.n)}`);
  const stripped = (rows: Array<Record<string, unknown>>) => rows.map(({ position, interaction_id, objective_id, result, learner_response, weighting, score_scaled, progress_measure, correct_responses_json, description }) => ({ position, interaction_id, objective_id, result, learner_response, weighting, score_scaled, progress_measure, correct_responses_json, description }));

  /** Writes each step's details for both attempts, alone (two writeCommit) or as one group. */
  async function steps(database: TestDatabase, store: SessionStore, grouped: boolean) {
    const rows = [await attempt(database, store), await attempt(database, store)];
    const ids = rows.map((r) => r.id);
    let sequence = 0;
    const write = async (details: Array<CommitWrite['details']>) => {
      sequence++;
      const current = await store.findMany(rows.map((r) => ({ registrationId: r.registration_id, item: r.item_identifier, attempt: 1 })));
      const writes = current.map((row, i): CommitWrite => ({ row: row!, fields: { commit_sequence: sequence }, ...(details[i] ? { details: details[i] } : {}), shared: [] }));
      await database.db('detail_writes_seen').delete();
      if (grouped) assert.ok((await store.writeCommits(writes)).every((a) => a.status === 'fulfilled' && a.value));
      else for (const w of writes) assert.ok(await store.writeCommit(w));
      assert.equal(await counts(database.db), await recounted(database), 'the counts equal a recount');
      for (const [i, d] of details.entries()) {
        if (!d) continue;
        assert.equal(stripped(await store.interactionsOf(ids[i]!)), stripped(d.interactions as never), 'the interaction rows are the model\'s');
        assert.equal(stripped(await store.objectivesOf(ids[i]!)), stripped(d.objectives as never), 'the objective rows are the model\'s');
      }
      return seen(database.db, ids);
    };
    return { write };
  }

  async function recounted(database: TestDatabase): Promise<string[]> {
    // A recount from the rows into a scratch copy of the counts, compared with the moved ones.
    const moved = await database.db('interaction_stats').where({ package_id: 'pkg-d' }).select('*');
    await createInteractionStatsStore(database.db).rebuild(database.db, 'pkg-d');
    const rebuilt = await counts(database.db);
    await database.db('interaction_stats').where({ package_id: 'pkg-d' }).delete();
    if (moved.length > 0) await database.db('interaction_stats').insert(moved);
    return rebuilt;
  }

  for (const grouped of [false, true]) {
    test(`unchanged rows stay, changed, new and vanished ones are written (${grouped ? 'in a group' : 'alone'})`, async ({ database, store }) => {
      const { write } = await steps(database, store, grouped);
      const first = [interaction(0, 'q1', 'correct'), interaction(1, 'q2', 'wrong', 'b')];
      assert.equal(await write([{ interactions: first, objectives: [objective(0, 'o1', 0.5)] }, { interactions: [interaction(0, 'q1', 'wrong', 'c')], objectives: [] }]), [
        'scorm_interactions insert 0:0', 'scorm_interactions insert 0:1', 'scorm_interactions insert 1:0', 'scorm_objectives insert 0:0',
      ]);
      // A typical auto-commit: the same rows again, one more answered; the other attempt resends its own unchanged.
      const second = [...first, interaction(2, 'q3', 'correct')];
      assert.equal(await write([{ interactions: second, objectives: [objective(0, 'o1', 0.5)] }, { interactions: [interaction(0, 'q1', 'wrong', 'c')], objectives: [] }]), ['scorm_interactions insert 0:2']);
      // A commit without details leaves the rows alone.
      assert.equal(await write([undefined, undefined]), []);
      // A changed answer and objective score: those rows only.
      const third = [first[0]!, interaction(1, 'q2', 'correct', 'a'), second[2]!];
      assert.equal(await write([{ interactions: third, objectives: [objective(0, 'o1', 0.75)] }, { interactions: [interaction(0, 'q1', 'wrong', 'c')], objectives: [] }]), [
        'scorm_interactions delete 0:1', 'scorm_interactions insert 0:1', 'scorm_objectives delete 0:0', 'scorm_objectives insert 0:0',
      ]);
      // Rows the model no longer has go (a store-level case: SCORM never removes an interaction).
      assert.equal(await write([{ interactions: [third[0]!], objectives: [] }, { interactions: [], objectives: [] }]), [
        'scorm_interactions delete 0:1', 'scorm_interactions delete 0:2', 'scorm_interactions delete 1:0', 'scorm_objectives delete 0:0',
      ]);
    });
  }

  test('rows stored differently from the model (an older writer, a hand edit) are rewritten', async ({ database, store }) => {
    const { write } = await steps(database, store, true);
    await write([{ interactions: [interaction(0, 'q1', 'correct')], objectives: [] }, undefined]);
    await database.db('scorm_interactions').where({ package_id: 'pkg-d', interaction_id: 'q1' }).update({ latency: 'PT9S' });
    const after = await write([{ interactions: [interaction(0, 'q1', 'correct')], objectives: [] }, undefined]);
    assert.equal(after, ['scorm_interactions delete 0:0', 'scorm_interactions insert 0:0']);
  });

  test.run();
}
