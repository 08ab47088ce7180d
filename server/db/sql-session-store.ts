// The session store in SQL (scorm_user_sessions with scorm_interactions, scorm_objectives,
// shared_buckets, interaction_stats and the registration's navigation state).
import type { Knex } from 'knex';
import { conflict } from '../errors.ts';
import type { Db } from './connect.ts';
import { withDeadlockRetry } from './deadlock-retry.ts';
import { createInteractionStatsStore, type CountedInteraction } from './interaction-stats-store.ts';
import type { OutboxStore } from './outbox-store.ts';
import { PROGRESS_COLUMNS, type CommitWrite, type LaunchOpening, type SessionRow, type SessionStore } from './session-store.ts';
import { multiStatementConnection } from './multi-statement.ts';
import { changedFields, replaceDetailsMany, updateGuardedMany, updateRegistrationsMany, writeGroupAlone, writeGroupTogether } from './sql-commit-group.ts';
import { createSharedDataStore } from './shared-data-store.ts';
import { fullDataJson, storedDataJson } from './stored-data-json.ts';

const NUMERIC = ['attempt', 'score_raw', 'score_min', 'score_max', 'score_scaled', 'total_time_seconds', 'session_time_seconds', 'session_count', 'commit_sequence', 'launch_commits', 'launch_bytes', 'row_version', 'created_at', 'updated_at'] as const;

function toRow(raw: Record<string, unknown>): SessionRow {
  const row = { ...raw } as Record<string, unknown>;
  for (const key of NUMERIC) row[key] = row[key] == null ? null : Number(row[key]);
  row.ended = Boolean(row.ended);
  row.is_latest = Boolean(row.is_latest);
  row.archived = Boolean(row.archived);
  if (typeof row.data_json === 'string') row.data_json = fullDataJson(row.data_json, row.suspend_data as string | null);
  return row as unknown as SessionRow;
}

/**
 * `outbox` takes the events of a commit (CommitWrite.events) or an opening inside its transaction;
 * `launchRows` (sql-launch-store.ts writeLaunchOpening) the launch row of an opening.
 */
export function createSqlSessionStore(
  db: Knex,
  now: () => number = Date.now,
  outbox?: Pick<OutboxStore, 'enqueue'> & Partial<Pick<OutboxStore, 'enqueueStatements'>>,
  launchRows?: (conn: Db, opening: LaunchOpening) => Promise<void>,
  options: { suspendDataOnce?: boolean } = {},
): SessionStore {
  /**
   * A write as stored: with `suspendDataOnce` (SCORM_SUSPEND_DATA_ONCE, decision 0043) its
   * data_json without the suspend_data its column holds after the write; a data_json equal to
   * the row's as read (which the store handed out whole) is left out, as changedFields would.
   * Rows of both shapes read back the same whatever the setting.
   */
  const stored = <W extends { row: SessionRow; fields: Partial<SessionRow> }>(write: W): W => {
    const dataJson = write.fields.data_json;
    if (!options.suspendDataOnce || dataJson === undefined) return write;
    const { data_json: _whole, ...rest } = write.fields;
    if (dataJson === write.row.data_json) return { ...write, fields: rest };
    const suspendData = write.fields.suspend_data !== undefined ? write.fields.suspend_data : write.row.suspend_data;
    return { ...write, fields: { ...rest, data_json: storedDataJson(dataJson, suspendData) } };
  };
  const stats = createInteractionStatsStore(db);
  const sharedData = createSharedDataStore(db, now);

  async function latest(conn: Db, registrationId: string, item: string): Promise<SessionRow | undefined> {
    const row = await conn('scorm_user_sessions').where({ registration_id: registrationId, item_identifier: item }).orderBy('attempt', 'desc').first();
    return row ? toRow(row) : undefined;
  }

  /** Optimistic write: false when someone else changed the row since it was read. */
  async function update(conn: Db, row: SessionRow, fields: Partial<SessionRow>): Promise<boolean> {
    const changed = await conn('scorm_user_sessions')
      .where({ id: row.id, row_version: row.row_version })
      .update({ ...changedFields({ row, fields }), row_version: row.row_version + 1 });
    return changed === 1;
  }

  /**
   * Whether writeAlongside has nothing to write for these commits but their registrations'
   * update and their outbox events: such a group runs its own transaction without knex
   * (writeGroupAlone, two round trips), which sends those itself (the events as
   * OutboxStore.enqueueStatements writes them). Whatever writeAlongside learns to write must be
   * seen here too.
   */
  const nothingAlongside = (writes: readonly CommitWrite[]) =>
    writes.every((w) => w.shared.length === 0 && (!w.events?.length || outbox?.enqueueStatements !== undefined));

  /**
   * What commits write besides their attempt rows and details, inside the transaction of the one
   * commit or of its group: the registrations' access time and navigation state (one statement
   * for the group), shared data. Whatever else a commit brings to its transaction goes here (and
   * in nothingAlongside).
   */
  async function writeAlongside(trx: Knex.Transaction, writes: readonly CommitWrite[]): Promise<void> {
    // The attempt row's updated_at is the fine-grained access time; the registration's
    // own moves when something ends or navigation state changes, not per auto-commit.
    await updateRegistrationsMany(trx, writes);
    for (const write of writes) {
      if (write.shared.length === 0) continue;
      const scope = write.sharedScope ?? { key: `registration:${write.row.registration_id}`, registrationId: write.row.registration_id };
      await sharedData.write(trx, write.row.package_id, { scope, entries: write.shared });
    }
    // Webhook and xAPI events (the transactional outbox, decision 0021): written with the change
    // that caused them, or not at all.
    const events = writes.flatMap((write) => write.events ?? []);
    if (events.length > 0) {
      if (!outbox) throw new Error('This session store has no outbox for the commit\'s events.');
      await outbox.enqueue(trx, events);
    }
  }

  // On MySQL, a connection of its own that takes a group's statements in one packet (decision
  // 0031); a group that finds it taken (another store on the same database) uses the pool.
  const together = multiStatementConnection(db);

  /**
   * The commits' transaction: on the multi-statement connection when it is free (`batched`
   * true; without knex at all when nothing rides along, `alone` then turning the rows changed
   * into the answer), else on the pool.
   */
  async function transaction<T>(work: (trx: Knex.Transaction, batched: boolean) => Promise<T>, writes: readonly CommitWrite[], alone: (changed: number) => T): Promise<T> {
    const lease = await together?.take();
    if (!lease) return db.transaction((trx) => work(trx, false));
    try {
      if (nothingAlongside(writes)) {
        const events = writes.flatMap((w) => w.events ?? []);
        const outboxWrites = events.length > 0 ? await outbox!.enqueueStatements!(events) : undefined;
        const changed = await writeGroupAlone(db, lease, stats, writes, outboxWrites?.statements);
        if (changed === writes.length) outboxWrites?.committed();
        return alone(changed);
      }
      return await db.transaction((trx) => work(trx, true), { connection: lease.connection });
    } finally {
      lease.release();
    }
  }

  /** Thrown inside a transaction to roll back a commit whose row changed since it was read. */
  const RACED = new Error('A row of the group changed since it was read.');

  /**
   * Only commits that also rewrite interaction/objective rows, touch the registration or write
   * shared data take a transaction: an explicit transaction per auto-commit costs a third of
   * the throughput on MariaDB (bench/runtime-commits.ts). Outbox events always do.
   */
  async function writeCommit(asGiven: CommitWrite): Promise<boolean> {
    const write = stored(asGiven);
    const { row, fields, details, registration, shared } = write;
    if (!details && !registration && shared.length === 0 && !write.events?.length) return update(db, row, fields);
    return withDeadlockRetry(() =>
      transaction(async (trx, batched) => {
        if (batched) {
          // Its statements already ran with the UPDATE: a lost race must roll them back.
          if ((await writeGroupTogether(trx, stats, [write])) !== 1) throw RACED;
        } else {
          if (!(await update(trx, row, fields))) return false;
          await replaceDetailsMany(trx, stats, [write]);
        }
        await writeAlongside(trx, [write]);
        return true;
      }, [write], (changed) => changed === 1),
    ).catch((error: unknown) => {
      if (error === RACED) return false;
      throw error;
    });
  }

  /** The whole group in one transaction; throws (all rolled back) when a row raced or a write failed. */
  async function writeGroup(asGiven: readonly CommitWrite[]): Promise<void> {
    const writes = asGiven.map(stored);
    await withDeadlockRetry(() =>
      transaction(async (trx, batched) => {
        const changed = batched ? await writeGroupTogether(trx, stats, writes) : await updateGuardedMany(trx, writes);
        if (changed !== writes.length) throw RACED;
        if (!batched) await replaceDetailsMany(trx, stats, writes);
        await writeAlongside(trx, writes);
      }, writes, (changed) => {
        if (changed !== writes.length) throw RACED;
      }),
    );
  }

  return {
    latest: (registrationId, item) => latest(db, registrationId, item),

    async findMany(keys) {
      if (keys.length === 0) return [];
      const rows = await db('scorm_user_sessions')
        .whereIn('registration_id', [...new Set(keys.map((k) => k.registrationId))])
        .whereIn(['registration_id', 'item_identifier', 'attempt'], keys.map((k) => [k.registrationId, k.item, k.attempt]));
      const byKey = new Map(rows.map((raw: Record<string, unknown>) => {
        const row = toRow(raw);
        return [`${row.registration_id}\u0000${row.item_identifier}\u0000${row.attempt}`, row];
      }));
      return keys.map((k) => {
        const row = byKey.get(`${k.registrationId}\u0000${k.item}\u0000${k.attempt}`);
        return row && { ...row };
      });
    },

    async find(registrationId, item, attempt) {
      const row = await db('scorm_user_sessions').where({ registration_id: registrationId, item_identifier: item, attempt }).first();
      return row ? toRow(row) : undefined;
    },

    async forRegistration(registrationId) {
      const rows = await db('scorm_user_sessions').where({ registration_id: registrationId }).orderBy([{ column: 'item_identifier' }, { column: 'attempt' }]);
      return rows.map(toRow);
    },

    async progressRowsMany(registrationIds) {
      const rows = (await db('scorm_user_sessions')
        .whereIn('registration_id', [...new Set(registrationIds)])
        .orderBy([{ column: 'item_identifier' }, { column: 'attempt' }])
        .select('registration_id', ...PROGRESS_COLUMNS)) as Array<Record<string, unknown>>;
      const byRegistration = new Map<string, SessionRow[]>();
      for (const raw of rows) {
        const row = toRow(raw);
        byRegistration.set(row.registration_id, [...(byRegistration.get(row.registration_id) ?? []), row]);
      }
      return registrationIds.map((id) => byRegistration.get(id) ?? []);
    },

    async interactionsOf(sessionRowId) {
      return db('scorm_interactions').where({ session_row_id: sessionRowId }).orderBy('position');
    },

    async objectivesOf(sessionRowId) {
      return db('scorm_objectives').where({ session_row_id: sessionRowId }).orderBy('position');
    },

    sharedValues: (scopeKey, targetIds) => sharedData.values(scopeKey, targetIds),
    deleteShared: (scopeKey) => sharedData.deleteScope(scopeKey),

    async sequencingState(registrationId) {
      const row = await db('registrations').where({ id: registrationId }).first('sequencing_state_json');
      return row?.sequencing_state_json ? (JSON.parse(String(row.sequencing_state_json)) as unknown) : null;
    },

    openAttempt(registrationId, item, at, decide) {
      return withDeadlockRetry(() =>
        db.transaction(async (trx) => {
          const before = await latest(trx, registrationId, item);
          const { opening, result, events = [], launch } = decide(before);
          if (events.length > 0 && !outbox) throw new Error('This session store has no outbox for the opening\'s events.');
          if (opening.kind === 'insert') {
            if (before) await trx('scorm_user_sessions').where({ registration_id: registrationId, item_identifier: item }).update({ is_latest: false });
            await trx('scorm_user_sessions').insert(options.suspendDataOnce ? { ...opening.row, data_json: storedDataJson(opening.row.data_json, opening.row.suspend_data) } : opening.row);
          } else if (!(await update(trx, opening.row, stored(opening).fields))) {
            throw conflict('CONCURRENT_UPDATE', 'The attempt changed while it was opened; try again.');
          }
          await trx('registrations').where({ id: registrationId }).update({ last_accessed_at: at });
          if (events.length > 0) await outbox!.enqueue(trx, events);
          if (launch && launchRows) await launchRows(trx, launch);
          return result;
        }),
      );
    },

    writesLaunches: launchRows !== undefined,

    writeCommit,

    async writeCommits(writes) {
      const settle = (write: CommitWrite) =>
        writeCommit(write).then(
          (value): PromiseSettledResult<boolean> => ({ status: 'fulfilled', value }),
          (reason: unknown): PromiseSettledResult<boolean> => ({ status: 'rejected', reason }),
        );
      if (writes.length === 1) return [await settle(writes[0]!)];
      const distinct = new Set(writes.map((w) => w.row.id)).size === writes.length;
      // A 200 means the group committed; a group that could not (a row written meanwhile, a
      // write the database refused) is rolled back whole and each commit is tried on its own.
      if (distinct && (await writeGroup(writes).then(() => true, () => false))) return writes.map(() => ({ status: 'fulfilled', value: true }));
      // On their own: in parallel, but two writes of one row in the order they came (the first
      // wins, the second finds the row changed, as if they had come one after the other).
      const last = new Map<string, Promise<PromiseSettledResult<boolean>>>();
      return Promise.all(
        writes.map((write) => {
          const next = (last.get(write.row.id) ?? Promise.resolve(undefined)).then(() => settle(write));
          last.set(write.row.id, next);
          return next;
        }),
      );
    },

    async saveSequencingState(registrationId, state, at) {
      await db('registrations').where({ id: registrationId }).update({ sequencing_state_json: JSON.stringify(state), last_accessed_at: at });
    },

    async deleteForRegistration(registrationId) {
      const counted = (await db('scorm_interactions')
        .where({ registration_id: registrationId })
        .select('package_id', 'item_identifier', 'interaction_key', 'result', 'learner_response')) as Array<CountedInteraction & { package_id: string; item_identifier: string }>;
      const byItem = new Map<string, typeof counted>();
      for (const r of counted) byItem.set(`${r.package_id}\u0000${r.item_identifier}`, [...(byItem.get(`${r.package_id}\u0000${r.item_identifier}`) ?? []), r]);
      for (const rows of byItem.values()) await stats.replace(db, rows[0]!.package_id, rows[0]!.item_identifier, rows, []);
      await db('scorm_interactions').where({ registration_id: registrationId }).delete();
      await db('scorm_objectives').where({ registration_id: registrationId }).delete();
      await db('scorm_user_sessions').where({ registration_id: registrationId }).delete();
      await sharedData.deleteForRegistration(db, registrationId);
    },
  };
}
