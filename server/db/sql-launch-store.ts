// The launch store in SQL: launches and launch_traces, plus the "trace" columns of registrations
// and packages (migration 017).
import type { Knex } from 'knex';
import type { ExitReason, TracePart } from '../../contract/launches.ts';
import { replaceable } from '../runtime/launch-exit.ts';
import { MAX_LAUNCH_ERRORS, MAX_LAUNCH_TRACE_CALLS, type LaunchEnd, type LaunchRecord, type LaunchStore } from './launch-store.ts';
import type { Db } from './connect.ts';
import type { LaunchOpening } from './session-store.ts';

function toRecord(row: Record<string, unknown>): LaunchRecord {
  const n = (v: unknown) => Number(v);
  return {
    id: String(row.id),
    registrationId: String(row.registration_id),
    packageId: String(row.package_id),
    itemIdentifier: String(row.item_identifier),
    attempt: n(row.attempt),
    mode: String(row.mode),
    userAgent: String(row.user_agent),
    traced: Boolean(row.traced),
    startedAt: n(row.started_at),
    endedAt: row.ended_at == null ? null : n(row.ended_at),
    exitReason: (row.exit_reason ?? null) as ExitReason | null,
    commitCount: n(row.commit_count),
    bytesReceived: n(row.bytes_received),
    errorCount: n(row.error_count),
    errors: row.errors_json ? (JSON.parse(String(row.errors_json)) as Array<[string, number]>) : [],
    sessionTimeSeconds: row.session_time_seconds == null ? null : n(row.session_time_seconds),
    traceCalls: n(row.trace_calls),
    traceTruncated: Boolean(row.trace_truncated),
  };
}

/** The launch row, locked for the rest of the transaction on MySQL (SQLite locks the whole database anyway). */
const lockedLaunch = (trx: Db, id: string, registrationId: string) => {
  const q = trx('launches').where({ id, registration_id: registrationId });
  return trx.client.config.client === 'mysql2' ? q.forUpdate() : q;
};

/**
 * Ends a launch in one UPDATE, so it needs no transaction of its own: the counters are always
 * written; the reason, end time and session time only over a reason `end.reason` may replace.
 */
async function endLaunch(conn: Db, id: string, registrationId: string, end: LaunchEnd): Promise<void> {
  const named = replaceable(end.reason).filter((r): r is ExitReason => r !== null);
  const replaceableNow = named.length > 0 ? conn.raw(`(?? IS NULL OR ?? IN (${named.map(() => '?').join(', ')}))`, ['exit_reason', 'exit_reason', ...named]) : conn.raw('?? IS NULL', ['exit_reason']);
  const ending: Record<string, unknown> = { ...(end.sessionTimeSeconds !== undefined ? { session_time_seconds: end.sessionTimeSeconds } : {}), ended_at: end.at, exit_reason: end.reason };
  const mine = conn('launches').where({ id, registration_id: registrationId });
  if (!end.counters) {
    await mine.where(replaceableNow).update(ending);
    return;
  }
  // MySQL assigns SET columns left to right and later ones see earlier ones' new values, so
  // exit_reason, which the condition reads, is assigned last (SQLite reads old values throughout).
  const set: Record<string, unknown> = { commit_count: end.counters.commitCount, bytes_received: end.counters.bytesReceived };
  for (const [column, value] of Object.entries(ending)) set[column] = conn.raw('CASE WHEN ? THEN ? ELSE ?? END', [replaceableNow, value, column] as never[]);
  await mine.update(set);
}

/**
 * LaunchStore.open's writes on the caller's connection: the session store runs them inside the
 * attempt's opening transaction (one log flush per opening, not two).
 */
export async function writeLaunchOpening(conn: Db, { launch, superseded }: LaunchOpening): Promise<void> {
  if (superseded) await endLaunch(conn, superseded.id, launch.registrationId, superseded.end);
  await conn('launches').insert({
    id: launch.id,
    registration_id: launch.registrationId,
    package_id: launch.packageId,
    item_identifier: launch.itemIdentifier,
    attempt: launch.attempt,
    mode: launch.mode,
    user_agent: launch.userAgent.slice(0, 512),
    traced: launch.traced,
    started_at: launch.startedAt,
  });
}

export function createSqlLaunchStore(db: Knex): LaunchStore {
  return {
    async open(launch, superseded) {
      await db.transaction((trx) => writeLaunchOpening(trx, { launch, ...(superseded ? { superseded } : {}) }));
    },

    end: (id, registrationId, end) => endLaunch(db, id, registrationId, end),

    async addErrors(id, registrationId, errors, more) {
      await db.transaction(async (trx) => {
        const row = await lockedLaunch(trx, id, registrationId).first('errors_json');
        if (!row) return;
        const named = row.errors_json ? (JSON.parse(String(row.errors_json)) as Array<[string, number]>) : [];
        const kept = [...named, ...errors].slice(0, MAX_LAUNCH_ERRORS);
        await trx('launches')
          .where({ id })
          .update({ errors_json: JSON.stringify(kept), error_count: trx.raw('error_count + ?', [errors.length + more]) });
      });
    },

    async addTracePart(id, registrationId, part, at) {
      await db.transaction(async (trx) => {
        const row = await lockedLaunch(trx, id, registrationId).first('traced', 'trace_calls');
        if (!row || !row.traced) return;
        if (await trx('launch_traces').where({ launch_id: id, part: part.n }).first('part')) return;
        const calls = Number(row.trace_calls);
        if (calls + part.c.length > MAX_LAUNCH_TRACE_CALLS) {
          await trx('launches').where({ id }).update({ trace_truncated: true });
          return;
        }
        await trx('launch_traces').insert({ launch_id: id, part: part.n, registration_id: registrationId, part_json: JSON.stringify(part), call_count: part.c.length, created_at: at });
        await trx('launches')
          .where({ id })
          .update({ trace_calls: calls + part.c.length, ...(part.dropped ? { trace_truncated: true } : {}) });
      });
    },

    async countCommit(id, registrationId, bytes) {
      await db('launches')
        .where({ id, registration_id: registrationId })
        .update({ commit_count: db.raw('commit_count + 1'), bytes_received: db.raw('bytes_received + ?', [bytes]) });
    },

    async get(id) {
      const row = await db('launches').where({ id }).first();
      return row ? toRecord(row) : undefined;
    },

    async list(registrationId, limit, offset) {
      const [rows, [{ n }]] = await Promise.all([
        db('launches').where({ registration_id: registrationId }).orderBy([{ column: 'started_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(limit).offset(offset),
        db('launches').where({ registration_id: registrationId }).count({ n: '*' }) as unknown as Promise<Array<{ n: number | string }>>,
      ]);
      return { items: rows.map(toRecord), total: Number(n) };
    },

    async traceParts(id) {
      const rows = await db('launch_traces').where({ launch_id: id }).orderBy('part').select('part_json');
      return rows.map((r) => JSON.parse(String(r.part_json)) as TracePart);
    },

    async deleteTracesBefore(at) {
      return db('launch_traces').where('created_at', '<', at).delete();
    },

    async deleteForRegistration(registrationId) {
      await db('launch_traces').where({ registration_id: registrationId }).delete();
      await db('launches').where({ registration_id: registrationId }).delete();
    },

    async traceSwitches(registrationId) {
      const row = await db('registrations')
        .leftJoin('packages', 'packages.id', 'registrations.package_id')
        .where('registrations.id', registrationId)
        .first({ registration: 'registrations.trace', package: 'packages.trace' });
      return row ? { registration: Boolean(row.registration), package: Boolean(row.package) } : undefined;
    },

    async packageTrace(packageId) {
      const row = await db('packages').where({ id: packageId }).first('trace');
      return row ? Boolean(row.trace) : undefined;
    },

    async setTrace(target, on) {
      const [table, id] = 'registrationId' in target ? ['registrations', target.registrationId] : ['packages', target.packageId];
      const exists = await db(table).where({ id }).first('id');
      if (!exists) return false;
      await db(table).where({ id }).update({ trace: on });
      return true;
    },
  };
}
