// An attempt opening on MySQL in three round trips (decision 0047), on the openings'
// multi-statement connection: START TRANSACTION, the latest attempt's and the trace switches' reads; the opening's
// writes (the attempt row, the registration's access time, its outbox events, its launch rows);
// then COMMIT, or ROLLBACK when the resumed row changed since it was read. The same statements as
// the knex transaction of sql-session-store.ts, which serves SQLite and a busy connection.
import type { Knex } from 'knex';
import { conflict } from '../errors.ts';
import type { MultiStatementLease } from './multi-statement.ts';
import type { OutboxStore } from './outbox-store.ts';
import type { AttemptOpeningDecision, LaunchRowWriter, OpeningReads, SessionRow } from './session-store.ts';

export interface OpeningStatements {
  /** The latest attempt's read (the statement sql-session-store.ts's `latest` runs). */
  latest: Knex.Sql;
  /** The trace switches' read, in the same packet. */
  trace: Knex.Sql;
  traceOf(rows: Array<Record<string, unknown>>): OpeningReads['trace'];
  /** A row as read, as the store hands it out. */
  toRow(raw: Record<string, unknown>): SessionRow;
  /** The decision's attempt-row writes: answers the statements and the index of the guarded UPDATE's, if any. */
  rowWrites(before: SessionRow | undefined, opening: AttemptOpeningDecision<unknown>['opening']): { statements: Knex.Sql[]; guarded?: number };
  registrationTouch: Knex.Sql;
}

const sql = (text: string): Knex.Sql => ({ sql: text, bindings: [] }) as unknown as Knex.Sql;

/**
 * Runs an opening on `lease`. Answers undefined, having written nothing, when the opening needs
 * what only the knex transaction does (events without an outbox that writes statements).
 */
export async function openTogether<T>(
  db: Knex,
  lease: Pick<MultiStatementLease, 'run'>,
  statements: OpeningStatements,
  decide: (latest: SessionRow | undefined, read: OpeningReads) => AttemptOpeningDecision<T>,
  outbox: Pick<OutboxStore, 'enqueue'> & Partial<Pick<OutboxStore, 'enqueueStatements'>> | undefined,
  launchRows: LaunchRowWriter | undefined,
): Promise<{ result: T } | undefined> {
  let open = true;
  try {
    const [, rows, switches] = (await lease.run([sql('START TRANSACTION'), statements.latest, statements.trace])) as [unknown, Array<Record<string, unknown>>, Array<Record<string, unknown>>];
    const before = rows[0] ? statements.toRow(rows[0]) : undefined;
    const { opening, result, events = [], launch } = decide(before, { trace: statements.traceOf(switches) });
    if (events.length > 0 && !outbox?.enqueueStatements) {
      await lease.run([sql('ROLLBACK')]);
      return undefined;
    }
    const outboxWrites = events.length > 0 ? await outbox!.enqueueStatements!(events) : undefined;
    const writes = statements.rowWrites(before, opening);
    const launchWrites = launch && launchRows ? launchRows.opening(db, launch).map((s) => s.toSQL()) : [];
    const results = await lease.run([...writes.statements, statements.registrationTouch, ...(outboxWrites?.statements ?? []), ...launchWrites]);
    if (writes.guarded !== undefined && (results[writes.guarded] as { affectedRows: number }).affectedRows !== 1) {
      throw conflict('CONCURRENT_UPDATE', 'The attempt changed while it was opened; try again.');
    }
    await lease.run([sql('COMMIT')]);
    open = false;
    outboxWrites?.committed();
    return { result };
  } finally {
    // A packet stops at its first failing statement with the transaction still open: closed here.
    if (open) await lease.run([sql('ROLLBACK')]).catch(() => {});
  }
}
