// The per-attempt session rows (scorm_user_sessions) with their interactions and objectives.
import type { Knex } from 'knex';
import type { InteractionRow, ObjectiveRow, SessionColumns } from '../runtime/session-columns.ts';
import type { Db } from './connect.ts';
import { createInteractionStatsStore, type CountedInteraction } from './interaction-stats-store.ts';

export interface SessionRow extends SessionColumns {
  id: string;
  registration_id: string;
  package_id: string;
  item_identifier: string;
  attempt: number;
  version: '1.2' | '2004';
  session_time_seconds: number;
  entry: string;
  data_json: string;
  last_end_json: string | null;
  ended: boolean;
  /** True on the SCO's newest attempt. */
  is_latest: boolean;
  session_count: number;
  current_session_id: string | null;
  commit_sequence: number;
  row_version: number;
  created_at: number;
  updated_at: number;
}

const NUMERIC = ['attempt', 'score_raw', 'score_min', 'score_max', 'score_scaled', 'total_time_seconds', 'session_time_seconds', 'session_count', 'commit_sequence', 'row_version', 'created_at', 'updated_at'] as const;

function toRow(raw: Record<string, unknown>): SessionRow {
  const row = { ...raw } as Record<string, unknown>;
  for (const key of NUMERIC) row[key] = row[key] == null ? null : Number(row[key]);
  row.ended = Boolean(row.ended);
  row.is_latest = Boolean(row.is_latest);
  return row as unknown as SessionRow;
}

export function createSessionStore(db: Knex) {
  const stats = createInteractionStatsStore(db);
  return {
    db,
    async latest(registrationId: string, item: string, conn: Db = db): Promise<SessionRow | undefined> {
      const row = await conn('scorm_user_sessions').where({ registration_id: registrationId, item_identifier: item }).orderBy('attempt', 'desc').first();
      return row ? toRow(row) : undefined;
    },

    async find(registrationId: string, item: string, attempt: number): Promise<SessionRow | undefined> {
      const row = await db('scorm_user_sessions').where({ registration_id: registrationId, item_identifier: item, attempt }).first();
      return row ? toRow(row) : undefined;
    },

    async insert(conn: Db, row: SessionRow): Promise<void> {
      await conn('scorm_user_sessions').insert(row);
    },

    /** Optimistic write: false when someone else changed the row since it was read. */
    async update(conn: Db, row: SessionRow, fields: Partial<SessionRow>): Promise<boolean> {
      const changed = await conn('scorm_user_sessions')
        .where({ id: row.id, row_version: row.row_version })
        .update({ ...fields, row_version: row.row_version + 1 });
      return changed === 1;
    },

    async replaceDetails(conn: Db, row: SessionRow, interactions: InteractionRow[], objectives: ObjectiveRow[]): Promise<void> {
      const owner = { session_row_id: row.id, package_id: row.package_id, registration_id: row.registration_id, item_identifier: row.item_identifier };
      const before = (await conn('scorm_interactions')
        .where({ session_row_id: row.id })
        .select('interaction_key', 'result', 'learner_response')) as CountedInteraction[];
      await stats.replace(conn, row.package_id, row.item_identifier, before, interactions);
      await conn('scorm_interactions').where({ session_row_id: row.id }).delete();
      await conn('scorm_objectives').where({ session_row_id: row.id }).delete();
      for (let i = 0; i < interactions.length; i += 200) {
        await conn('scorm_interactions').insert(interactions.slice(i, i + 200).map((r) => ({ ...owner, ...r })));
      }
      for (let i = 0; i < objectives.length; i += 200) {
        await conn('scorm_objectives').insert(objectives.slice(i, i + 200).map((r) => ({ ...owner, ...r })));
      }
    },

    async forRegistration(registrationId: string): Promise<SessionRow[]> {
      const rows = await db('scorm_user_sessions').where({ registration_id: registrationId }).orderBy([{ column: 'item_identifier' }, { column: 'attempt' }]);
      return rows.map(toRow);
    },

    async interactionsOf(sessionRowId: string) {
      return db('scorm_interactions').where({ session_row_id: sessionRowId }).orderBy('position');
    },

    async objectivesOf(sessionRowId: string) {
      return db('scorm_objectives').where({ session_row_id: sessionRowId }).orderBy('position');
    },

    async deleteForRegistration(conn: Db, registrationId: string): Promise<void> {
      const counted = (await conn('scorm_interactions')
        .where({ registration_id: registrationId })
        .select('package_id', 'item_identifier', 'interaction_key', 'result', 'learner_response')) as Array<CountedInteraction & { package_id: string; item_identifier: string }>;
      const byItem = new Map<string, typeof counted>();
      for (const r of counted) byItem.set(`${r.package_id}\u0000${r.item_identifier}`, [...(byItem.get(`${r.package_id}\u0000${r.item_identifier}`) ?? []), r]);
      for (const rows of byItem.values()) await stats.replace(conn, rows[0]!.package_id, rows[0]!.item_identifier, rows, []);
      await conn('scorm_interactions').where({ registration_id: registrationId }).delete();
      await conn('scorm_objectives').where({ registration_id: registrationId }).delete();
      await conn('scorm_user_sessions').where({ registration_id: registrationId }).delete();
      await conn('shared_data').where({ registration_id: registrationId }).delete();
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
