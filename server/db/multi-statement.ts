// One MySQL/MariaDB connection per database handle opened with multipleStatements, for the group
// commit only (docs/decisions/0031-group-statements-in-one-packet.md): the statements of a
// group go to the server in one packet instead of one round trip each. Every other query keeps
// the pool's single-statement connections. SQLite has no such connection (it has no round trips).
import type { Knex } from 'knex';

/** Statements per packet are cut to this many bytes of SQL and values, far inside max_allowed_packet. */
const PACKET_BYTES = 4 * 1024 * 1024;
/** An idle connection is closed after this long; the next group opens another. */
const IDLE_MS = 10_000;
/** After a failed open, groups use the pool this long before the next try. */
const RETRY_OPEN_MS = 1_000;

interface RawConnection {
  connect(cb: (err: Error | null) => void): void;
  query(sql: string, values: readonly unknown[], cb: (err: Error | null, rows: unknown) => void): void;
  end(cb?: (err?: Error) => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
  stream?: { ref?(): void; unref?(): void };
}

export interface MultiStatementLease {
  /** The connection, to give knex.transaction as `{ connection }`. */
  connection: unknown;
  /**
   * Runs statements on the connection outside knex (a transaction the caller opens and ends
   * with its own BEGIN and COMMIT in the packets), answering each statement's result in order.
   */
  run(statements: readonly Knex.Sql[]): Promise<unknown[]>;
  release(): void;
}

export interface MultiStatementConnection {
  /** The connection for the caller alone, or undefined when another group has it or it cannot be opened (use the pool then). */
  take(): Promise<MultiStatementLease | undefined>;
}

const holders = new WeakMap<Knex, MultiStatementConnection>();

/** The database handle's multi-statement connection; undefined on SQLite. */
export function multiStatementConnection(db: Knex): MultiStatementConnection | undefined {
  if (db.client.config.client !== 'mysql2') return undefined;
  let holder = holders.get(db);
  if (!holder) {
    holder = createHolder(db);
    holders.set(db, holder);
  }
  return holder;
}

function createHolder(db: Knex): MultiStatementConnection {
  const client = db.client as unknown as {
    driver: { createConnection(settings: object): RawConnection };
    connectionSettings: object;
    config: { pool?: { afterCreate?: (conn: unknown, done: (err: Error | null, conn: unknown) => void) => void } };
  };
  let open: Promise<RawConnection> | undefined;
  let broken = false;
  let busy = false;
  let idle: NodeJS.Timeout | undefined;
  let failedAt = -Infinity;

  const close = () => {
    const closing = open;
    open = undefined;
    void closing?.then(
      (conn) => {
        try {
          conn.end(() => {});
        } catch {
          // Already gone.
        }
      },
      () => {},
    );
  };

  const connect = () =>
    new Promise<RawConnection>((resolve, reject) => {
      broken = false;
      const conn = client.driver.createConnection({ ...client.connectionSettings, multipleStatements: true });
      // A connection that failed is dropped; the next group opens a new one.
      conn.on('error', () => (broken = true));
      conn.connect((err) => {
        if (err) return reject(err);
        // The pool's own session settings (isolation level, time zone).
        const afterCreate = client.config.pool?.afterCreate;
        if (!afterCreate) return resolve(conn);
        afterCreate(conn, (setErr) => {
          if (!setErr) return resolve(conn);
          conn.end(() => {});
          reject(setErr);
        });
      });
    });

  return {
    async take() {
      if (busy || Date.now() - failedAt < RETRY_OPEN_MS) return undefined;
      busy = true;
      clearTimeout(idle);
      try {
        if (broken) close();
        open ??= connect();
        const conn = await open;
        // Held open only while in use, so an idle one never keeps a process from exiting.
        conn.stream?.ref?.();
        return {
          connection: conn,
          run: (statements) => inPackets(statements, (sql, values) => new Promise((resolve, reject) => conn.query(sql, values, (err, rows) => (err ? reject(err) : resolve(rows))))),
          release() {
            busy = false;
            if (broken) return close();
            conn.stream?.unref?.();
            idle = setTimeout(close, IDLE_MS);
            idle.unref();
          },
        };
      } catch {
        // No connection to be had (max_connections, a restart): the pool serves, and opening
        // is tried again a second later rather than before every group.
        busy = false;
        open = undefined;
        failedAt = Date.now();
        return undefined;
      }
    },
  };
}

/**
 * Runs the statements in order on `trx` (a transaction on the multi-statement connection), as few
 * packets as fit PACKET_BYTES, and answers each statement's own result in the same order. Values
 * travel as bindings that the driver escapes, as with any other knex query; nothing is spliced.
 * MySQL stops a packet at its first failing statement and the call throws: the caller rolls back.
 */
export function runStatements(trx: Knex.Transaction, statements: readonly Knex.Sql[]): Promise<unknown[]> {
  return inPackets(statements, async (sql, values) => ((await trx.raw(sql, values as Knex.RawBinding[])) as [unknown])[0]);
}

async function inPackets(statements: readonly Knex.Sql[], send: (sql: string, values: unknown[]) => Promise<unknown>): Promise<unknown[]> {
  const results: unknown[] = [];
  for (let start = 0; start < statements.length; ) {
    let end = start;
    for (let bytes = 0; end < statements.length && (end === start || bytes + sizeOf(statements[end]!) <= PACKET_BYTES); end++) bytes += sizeOf(statements[end]!);
    const packet = statements.slice(start, end);
    const rows = await send(packet.map((s) => s.sql).join(';\n'), packet.flatMap((s) => [...s.bindings]));
    // One statement answers its result alone, several an array of results.
    if (packet.length === 1) results.push(rows);
    else results.push(...(rows as unknown[]));
    start = end;
  }
  return results;
}

const sizeOf = (statement: Knex.Sql) =>
  statement.sql.length + statement.bindings.reduce<number>((n, v) => n + (typeof v === 'string' ? v.length * 2 : 16), 0);
