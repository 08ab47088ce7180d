// Answers per question, counted as commits replace an attempt's interaction rows: the report
// reads these counts instead of grouping every interaction row (bench/report.ts).
import type { Knex } from 'knex';
import type { Db } from './connect.ts';

/** What of an interaction row the counts need. */
export interface CountedInteraction {
  interaction_key: string;
  result: string | null;
  learner_response: string | null;
}

/** The report groups responses by their first 100 characters (migrations/011 response_key). */
const RESPONSE_KEY_LENGTH = 100;

const keyOf = (item: string, r: CountedInteraction) =>
  [item, r.interaction_key, r.result ?? '', (r.learner_response ?? '').slice(0, RESPONSE_KEY_LENGTH)] as const;

/** One attempt's interaction rows before and after a commit. */
export interface InteractionMove {
  packageId: string;
  item: string;
  before: CountedInteraction[];
  after: CountedInteraction[];
}

export function createInteractionStatsStore(db: Knex) {
  const mysql = db.client.config.client === 'mysql2';

  /** The moves summed per count, in sorted key order (so two groups never deadlock), unchanged counts left out. */
  function summed(moves: readonly InteractionMove[]) {
    const delta = new Map<string, { key: readonly string[]; n: number }>();
    for (const { packageId, item, before, after } of moves) {
      const add = (r: CountedInteraction, n: number) => {
        const key = [packageId, ...keyOf(item, r)];
        const id = JSON.stringify(key);
        const entry = delta.get(id) ?? { key, n: 0 };
        entry.n += n;
        delta.set(id, entry);
      };
      before.forEach((r) => add(r, -1));
      after.forEach((r) => add(r, +1));
    }
    return [...delta.entries()]
      .filter(([, d]) => d.n !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, { key, n }]) => {
        const [package_id, item_identifier, interaction_key, result, response_key] = key as [string, string, string, string, string];
        return { package_id, item_identifier, interaction_key, result, response_key, n };
      });
  }

  /** MySQL's statements for the moves, not yet run (for a group sent in one packet). */
  function mysqlStatements(conn: Db, moves: readonly InteractionMove[]): Knex.Sql[] {
    const rows = summed(moves);
    const statements: Knex.Sql[] = [];
    for (let i = 0; i < rows.length; i += 200) {
      const chunk = rows.slice(i, i + 200);
      statements.push(
        conn
          .raw(
            `INSERT INTO interaction_stats (package_id, item_identifier, interaction_key, result, response_key, n) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')} ON DUPLICATE KEY UPDATE n = n + VALUES(n)`,
            chunk.flatMap((r) => [r.package_id, r.item_identifier, r.interaction_key, r.result, r.response_key, r.n]),
          )
          .toSQL(),
      );
    }
    return statements;
  }

  async function replaceMany(conn: Db, moves: readonly InteractionMove[]): Promise<void> {
    if (mysql) {
      for (const { sql, bindings } of mysqlStatements(conn, moves)) await conn.raw(sql, bindings as Knex.RawBinding[]);
      return;
    }
    const rows = summed(moves);
    for (let i = 0; i < rows.length; i += 200) {
      await conn('interaction_stats')
        .insert(rows.slice(i, i + 200))
        .onConflict(['package_id', 'item_identifier', 'interaction_key', 'result', 'response_key'])
        .merge({ n: conn.raw('interaction_stats.n + excluded.n') });
    }
  }

  return {
    /** Moves the counts from `before` to `after` (one attempt's rows, old and new). */
    replace(conn: Db, packageId: string, item: string, before: CountedInteraction[], after: CountedInteraction[]): Promise<void> {
      return replaceMany(conn, [{ packageId, item, before, after }]);
    },

    /**
     * The same for several attempts at once (a group of commits): the moves are summed per
     * count, and the counts written in one statement in sorted order, so two groups touching
     * the same questions cannot deadlock.
     */
    replaceMany,

    /** On MySQL, the statements of replaceMany, not yet run; undefined on SQLite. */
    statementsFor: (conn: Db, moves: readonly InteractionMove[]): Knex.Sql[] | undefined => (mysql ? mysqlStatements(conn, moves) : undefined),

    /** Recounts a package from its interaction rows (for data written without commits). */
    async rebuild(conn: Db, packageId: string): Promise<void> {
      await conn('interaction_stats').where({ package_id: packageId }).delete();
      await conn.raw(
        `INSERT INTO interaction_stats (package_id, item_identifier, interaction_key, result, response_key, n)
         SELECT package_id, item_identifier, interaction_key, COALESCE(result, ''), COALESCE(response_key, ''), COUNT(*)
         FROM scorm_interactions WHERE package_id = ?
         GROUP BY package_id, item_identifier, interaction_key, COALESCE(result, ''), COALESCE(response_key, '')`,
        [packageId],
      );
    },
  };
}

export type InteractionStatsStore = ReturnType<typeof createInteractionStatsStore>;
