// The statements that write a group of commits together (SessionStore.writeCommits): the attempt
// rows in one UPDATE guarded per row by row_version, and the interaction and objective rows that
// changed in a handful of statements for the whole group instead of several per commit; on
// MySQL those statements go in two packets (writeGroupTogether).
import type { Knex } from 'knex';
import type { Db } from './connect.ts';
import type { InteractionRow, ObjectiveRow } from '../runtime/session-columns.ts';
import { diffRows, INTERACTION_COLUMNS, OBJECTIVE_COLUMNS, type OwnedRow } from './detail-rows-diff.ts';
import type { CountedInteraction, InteractionMove, InteractionStatsStore } from './interaction-stats-store.ts';
import { runStatements, type MultiStatementLease } from './multi-statement.ts';
import type { CommitWrite, SessionRow } from './session-store.ts';

/** Values one UPDATE statement carries at most, so a group stays far inside max_allowed_packet. */
const STATEMENT_BYTES = 2 * 1024 * 1024;

/**
 * A commit of the group with the fields it changes and their size, worked out once: the cut into
 * statements and the statement itself both need them (they were computed three times a commit).
 */
interface Changed { write: CommitWrite; fields: Partial<SessionRow>; bytes: number }

function withChanges(writes: readonly CommitWrite[]): Changed[] {
  return writes.map((write) => {
    const fields = changedFields(write);
    let bytes = 64;
    for (const v of Object.values(fields)) bytes += typeof v === 'string' ? v.length * 2 : 16;
    return { write, fields, bytes };
  });
}

/**
 * The fields of a commit whose value differs from the row as read: the row is written under
 * its row_version guard, so what equals the read value equals the stored one, and writing it
 * again would change nothing but the cost (an auto-commit moves a few of the seventeen
 * columns; the statement, its escaping and MariaDB's row update follow the columns sent).
 */
export function changedFields(write: Pick<CommitWrite, 'row' | 'fields'>): Partial<SessionRow> {
  const changed: Record<string, unknown> = {};
  const row = write.row as unknown as Record<string, unknown>;
  for (const [column, value] of Object.entries(write.fields)) if (value !== row[column]) changed[column] = value;
  return changed as Partial<SessionRow>;
}

/**
 * The attempt rows of the group in as few UPDATEs as fit STATEMENT_BYTES (one for a typical
 * group): each column a CASE on the row id, each row guarded by the row_version it was read at.
 * Answers how many rows changed: fewer than the group means someone wrote one of them since, and
 * the caller rolls the group back.
 */
export async function updateGuardedMany(conn: Db, writes: readonly CommitWrite[]): Promise<number> {
  let changed = 0;
  for (const statement of guardedUpdates(conn, writes)) changed += await statement;
  return changed;
}

/** The UPDATE statements of updateGuardedMany, not yet run (each answers its changed rows). */
function guardedUpdates(conn: Db, writes: readonly CommitWrite[]): Array<Knex.QueryBuilder<Record<string, unknown>, number>> {
  return inStatementSizes(writes).map((part) => updateStatement(conn, part));
}

/** The group cut into runs of commits whose values fit one statement of STATEMENT_BYTES. */
function inStatementSizes(writes: readonly CommitWrite[]): Changed[][] {
  const changes = withChanges(writes);
  const parts: Changed[][] = [];
  for (let start = 0; start < changes.length; ) {
    let end = start + 1;
    for (let bytes = changes[start]!.bytes; end < changes.length && bytes + changes[end]!.bytes <= STATEMENT_BYTES; end++) bytes += changes[end]!.bytes;
    parts.push(changes.slice(start, end));
    start = end;
  }
  return parts;
}

/**
 * updateStatement's SQL for the multi-statement connection, written out here instead of by
 * knex's builder (which cost a group more than the rest of building and sending it): the same
 * statement, values as bindings the driver escapes, column names only those of the commits'
 * own fields (a SessionRow's keys), checked before they are quoted.
 */
function updateSql(part: readonly Changed[]): Knex.Sql {
  const writes = part.map((c) => c.write);
  const changed = part.map((c) => c.fields) as Array<Record<string, unknown>>;
  const columns = [...new Set(changed.flatMap((f) => Object.keys(f)))].filter((c) => c !== 'id' && c !== 'row_version');
  const bindings: unknown[] = [];
  const sets = columns.map((column) => {
    const name = quoted(column);
    let set = `${name} = CASE \`id\``;
    writes.forEach((w, i) => {
      if (!(column in changed[i]!)) return;
      set += ' WHEN ? THEN ?';
      bindings.push(w.row.id, changed[i]![column] ?? null);
    });
    return `${set} ELSE ${name} END`;
  });
  sets.push('`row_version` = `row_version` + 1');
  bindings.push(...writes.map((w) => w.row.id));
  for (const w of writes) bindings.push(w.row.id, w.row.row_version);
  const sql =
    `UPDATE \`scorm_user_sessions\` SET ${sets.join(', ')} WHERE \`id\` IN (${writes.map(() => '?').join(', ')})` +
    ` AND \`row_version\` = CASE \`id\`${' WHEN ? THEN ?'.repeat(writes.length)} ELSE \`row_version\` END`;
  return { sql, bindings } as unknown as Knex.Sql;
}

function quoted(column: string): string {
  if (!/^[a-z_]+$/.test(column)) throw new Error(`Not a column of scorm_user_sessions: ${column}`);
  return `\`${column}\``;
}

function updateStatement(conn: Db, part: readonly Changed[]): Knex.QueryBuilder<Record<string, unknown>, number> {
  const writes = part.map((c) => ({ ...c.write, fields: c.fields }));
  const columns = [...new Set(writes.flatMap((w) => Object.keys(w.fields)))].filter((c) => c !== 'id' && c !== 'row_version');
  const caseOf = (pairs: Array<[id: string, value: unknown]>, otherwise: string) => {
    const bindings: unknown[] = ['id'];
    for (const [id, value] of pairs) bindings.push(id, value === undefined ? null : value);
    bindings.push(otherwise);
    return conn.raw(`CASE ?? ${pairs.map(() => 'WHEN ? THEN ?').join(' ')} ELSE ?? END`, bindings as never[]);
  };
  const set: Record<string, unknown> = {};
  for (const column of columns) {
    const pairs = writes.filter((w) => column in w.fields).map((w): [string, unknown] => [w.row.id, w.fields[column as keyof SessionRow]]);
    set[column] = caseOf(pairs, column);
  }
  set.row_version = conn.raw('?? + 1', ['row_version']);
  const guard = writes.map((w): [string, unknown] => [w.row.id, w.row.row_version]);
  return conn('scorm_user_sessions')
    .whereIn('id', writes.map((w) => w.row.id))
    .where('row_version', caseOf(guard, 'row_version'))
    .update(set) as unknown as Knex.QueryBuilder<Record<string, unknown>, number>;
}

/**
 * Writes the interaction and objective rows of every attempt of the group that carries them:
 * only the rows that changed (detailWrites), moving interaction_stats from the rows there were
 * to the new ones.
 */
export async function replaceDetailsMany(conn: Db, stats: InteractionStatsStore, writes: readonly CommitWrite[]): Promise<void> {
  const details = detailReads(conn, writes);
  if (!details) return;
  const interactions = (await details.reads[0]) as StoredRow[];
  const objectives = (await details.reads[1]) as StoredRow[];
  const { statements, moves } = detailWrites(conn, details.withDetails, interactions, objectives);
  await stats.replaceMany(conn, moves);
  for (const statement of statements) await statement;
}

/**
 * The group written with its statements sent together (server/db/multi-statement.ts): the
 * guarded UPDATEs and the stored detail rows read in one packet, then the changed detail rows
 * and the interaction counts in a second. `trx` runs on the multi-statement connection. Answers
 * how many attempt rows changed, as updateGuardedMany; when fewer than the group, nothing else is
 * worth keeping and the caller rolls back.
 */
export async function writeGroupTogether(trx: Knex.Transaction, stats: InteractionStatsStore, writes: readonly CommitWrite[]): Promise<number> {
  const updates = inStatementSizes(writes).map(updateSql);
  const details = detailReads(trx, writes);
  const results = await runStatements(trx, [...updates, ...(details ? details.reads.map((s) => s.toSQL()) : [])]);
  const changed = results.slice(0, updates.length).reduce<number>((n, r) => n + (r as { affectedRows: number }).affectedRows, 0);
  if (changed === writes.length && details) {
    const { statements, moves } = detailWrites(trx, details.withDetails, results[updates.length] as StoredRow[], results[updates.length + 1] as StoredRow[]);
    const rest = [...statements.map((s) => s.toSQL()), ...(stats.statementsFor(trx, moves) ?? [])];
    if (rest.length > 0) await runStatements(trx, rest);
  }
  return changed;
}

/**
 * The group in a transaction of its own on the multi-statement connection, for groups with
 * nothing else to write but their registrations and outbox events (no shared data):
 * START TRANSACTION, the guarded UPDATEs and the stored detail rows read in one packet, then the
 * changed detail rows, the interaction counts, the registrations' update, the events
 * (`outboxWrites`, decision 0029) and COMMIT in a second: two round trips for the whole group.
 * Answers the attempt rows changed; when fewer than the group, or when a statement fails
 * (thrown), everything is rolled back. Only a COMMIT that succeeded returns the whole group, so a
 * 200 still means on disk.
 */
export async function writeGroupAlone(
  db: Knex,
  lease: Pick<MultiStatementLease, 'run'>,
  stats: InteractionStatsStore,
  writes: readonly CommitWrite[],
  outboxWrites: readonly Knex.Sql[] = [],
): Promise<number> {
  const updates = inStatementSizes(writes).map(updateSql);
  const details = detailReads(db, writes);
  const sql = (text: string): Knex.Sql => ({ sql: text, bindings: [] }) as unknown as Knex.Sql;
  try {
    const results = await lease.run([sql('START TRANSACTION'), ...updates, ...(details ? details.reads.map((s) => s.toSQL()) : [])]);
    const changed = results.slice(1, 1 + updates.length).reduce<number>((n, r) => n + (r as { affectedRows: number }).affectedRows, 0);
    if (changed !== writes.length) {
      await lease.run([sql('ROLLBACK')]);
      return changed;
    }
    const written = details ? detailWrites(db, details.withDetails, results[1 + updates.length] as StoredRow[], results[2 + updates.length] as StoredRow[]) : undefined;
    const counts = written ? (stats.statementsFor(db, written.moves) ?? []) : [];
    // The registrations last, as writeAlongside orders them in a knex transaction.
    const registrations = registrationsUpdate(db, writes);
    await lease.run([...(written?.statements.map((s) => s.toSQL()) ?? []), ...counts, ...(registrations ? [registrations.toSQL()] : []), ...outboxWrites, sql('COMMIT')]);
    return changed;
  } catch (error) {
    // A packet stops at its first failing statement, the transaction still open: closed here
    // (a connection too broken for that is dropped by its holder).
    await lease.run([sql('ROLLBACK')]).catch(() => {});
    throw error;
  }
}

/** A detail row as read back (its columns of INTERACTION_COLUMNS or OBJECTIVE_COLUMNS). */
type StoredRow = Record<string, unknown> & { session_row_id: string; position: number };

/** The details' reads, not yet run: the stored interaction rows, then the objective rows, of the attempts whose commit carries details. */
function detailReads(conn: Db, writes: readonly CommitWrite[]) {
  const withDetails = writes.filter((w) => w.details);
  if (withDetails.length === 0) return undefined;
  const ids = withDetails.map((w) => w.row.id);
  const reads = [
    conn('scorm_interactions').whereIn('session_row_id', ids).select(...INTERACTION_COLUMNS),
    conn('scorm_objectives').whereIn('session_row_id', ids).select(...OBJECTIVE_COLUMNS),
  ] as const;
  return { withDetails, reads };
}

/**
 * The statements that bring the stored detail rows to the commits' (the changed and vanished
 * positions deleted, the changed and new rows inserted; none when nothing changed), and the
 * interaction counts' moves: from all the rows there were to all the new ones, as when every
 * row was rewritten (unchanged rows cancel out in the sum).
 */
function detailWrites(conn: Db, withDetails: readonly CommitWrite[], interactions: readonly StoredRow[], objectives: readonly StoredRow[]) {
  const bySession = (rows: readonly StoredRow[]) => {
    const map = new Map<string, StoredRow[]>();
    for (const r of rows) map.set(r.session_row_id, [...(map.get(r.session_row_id) ?? []), r]);
    return map;
  };
  const storedInteractions = bySession(interactions);
  const storedObjectives = bySession(objectives);
  const owned = <T extends InteractionRow | ObjectiveRow>(w: CommitWrite, rows: T[]): Array<OwnedRow<T>> =>
    rows.map((r) => ({ session_row_id: w.row.id, package_id: w.row.package_id, registration_id: w.row.registration_id, item_identifier: w.row.item_identifier, ...r }));
  const statements: Knex.QueryBuilder[] = [];
  const write = <T extends InteractionRow | ObjectiveRow>(table: string, columns: readonly string[], stored: Map<string, StoredRow[]>, rowsOf: (w: CommitWrite) => T[]) => {
    const deleted: Array<[id: string, positions: number[]]> = [];
    const inserted: Array<OwnedRow<T>> = [];
    for (const w of withDetails) {
      const diff = diffRows(stored.get(w.row.id) ?? [], owned(w, rowsOf(w)), columns);
      if (diff.deleted.length > 0) deleted.push([w.row.id, diff.deleted]);
      inserted.push(...diff.inserted);
    }
    // Each attempt's positions on the primary key (session_row_id, position): a range per attempt.
    for (let i = 0; i < deleted.length; i += 200) {
      const part = deleted.slice(i, i + 200);
      statements.push(conn(table).where((q) => { for (const [id, positions] of part) void q.orWhere((p) => p.where('session_row_id', id).whereIn('position', positions)); }).delete());
    }
    for (let i = 0; i < inserted.length; i += 200) statements.push(conn(table).insert(inserted.slice(i, i + 200)));
  };
  write('scorm_interactions', INTERACTION_COLUMNS, storedInteractions, (w) => w.details!.interactions);
  write('scorm_objectives', OBJECTIVE_COLUMNS, storedObjectives, (w) => w.details!.objectives);
  const moves: InteractionMove[] = withDetails.map((w) => ({
    packageId: w.row.package_id,
    item: w.row.item_identifier,
    before: (storedInteractions.get(w.row.id) ?? []) as unknown as CountedInteraction[],
    after: w.details!.interactions,
  }));
  return { statements, moves };
}

/**
 * The registrations the group's commits touch (access time, navigation state), in one UPDATE:
 * when two commits of the group touch one registration, the later one's values win, as if
 * they had been written one after the other.
 */
export async function updateRegistrationsMany(conn: Db, writes: readonly CommitWrite[]): Promise<void> {
  await registrationsUpdate(conn, writes);
}

/** updateRegistrationsMany's statement, not yet run; undefined when no commit touches its registration. */
function registrationsUpdate(conn: Db, writes: readonly CommitWrite[]) {
  const accessed = new Map<string, number>();
  const states = new Map<string, string>();
  for (const { row, registration } of writes) {
    if (!registration) continue;
    accessed.set(row.registration_id, registration.lastAccessedAt);
    if (registration.sequencingState !== undefined) states.set(row.registration_id, JSON.stringify(registration.sequencingState));
  }
  if (accessed.size === 0) return undefined;
  const caseOf = (values: Map<string, unknown>, column: string) =>
    conn.raw(`CASE ?? ${[...values].map(() => 'WHEN ? THEN ?').join(' ')} ELSE ?? END`, ['id', ...[...values].flat(), column] as never[]);
  return conn('registrations')
    .whereIn('id', [...accessed.keys()])
    .update({ last_accessed_at: caseOf(accessed, 'last_accessed_at'), ...(states.size > 0 ? { sequencing_state_json: caseOf(states, 'sequencing_state_json') } : {}) });
}
