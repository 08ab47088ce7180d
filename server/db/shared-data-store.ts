// Shared data buckets (adl.data) of a registration, by targetID; part of the SQL session store.
import type { Knex } from 'knex';
import type { Db } from './connect.ts';

export function createSharedDataStore(db: Knex, now: () => number = Date.now) {
  return {
    async values(registrationId: string, targetIds: readonly string[]): Promise<Map<string, string>> {
      if (targetIds.length === 0) return new Map();
      const rows = await db('shared_data').where({ registration_id: registrationId }).whereIn('target_id', [...targetIds]).select('target_id', 'value');
      return new Map(rows.map((r) => [String(r.target_id), String(r.value)]));
    },

    async write(conn: Db, registrationId: string, packageId: string, entries: ReadonlyArray<readonly [targetId: string, value: string]>): Promise<void> {
      for (const [target_id, value] of entries) {
        await conn('shared_data')
          .insert({ registration_id: registrationId, package_id: packageId, target_id, value, updated_at: now() })
          .onConflict(['registration_id', 'target_id'])
          .merge(['value', 'updated_at']);
      }
    },
  };
}
