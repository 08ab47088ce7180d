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

export function createInteractionStatsStore(db: Knex) {
  const mysql = db.client.config.client === 'mysql2';
  return {
    /**
     * Moves the counts from `before` to `after` (one attempt's rows, old and new). Keys are
     * updated in sorted order, so two commits touching the same questions cannot deadlock.
     */
    async replace(conn: Db, packageId: string, item: string, before: CountedInteraction[], after: CountedInteraction[]): Promise<void> {
      const delta = new Map<string, { key: readonly string[]; n: number }>();
      const add = (r: CountedInteraction, n: number) => {
        const key = keyOf(item, r);
        const id = JSON.stringify(key);
        const entry = delta.get(id) ?? { key, n: 0 };
        entry.n += n;
        delta.set(id, entry);
      };
      before.forEach((r) => add(r, -1));
      after.forEach((r) => add(r, +1));
      const changes = [...delta.entries()].filter(([, d]) => d.n !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (const [, { key, n }] of changes) {
        const [item_identifier, interaction_key, result, response_key] = key as [string, string, string, string];
        const row = { package_id: packageId, item_identifier, interaction_key, result, response_key, n };
        if (mysql) {
          await conn.raw(
            'INSERT INTO interaction_stats (package_id, item_identifier, interaction_key, result, response_key, n) VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE n = n + VALUES(n)',
            [packageId, item_identifier, interaction_key, result, response_key, n],
          );
        } else {
          await conn('interaction_stats')
            .insert(row)
            .onConflict(['package_id', 'item_identifier', 'interaction_key', 'result', 'response_key'])
            .merge({ n: conn.raw('interaction_stats.n + excluded.n') });
        }
      }
    },

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
