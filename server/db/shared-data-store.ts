// Shared data buckets (adl.data) by scope key and targetID (runtime/shared-scope.ts); part of the
// SQL session store.
import type { Knex } from 'knex';
import type { Db } from './connect.ts';

export interface SharedWrite {
  scope: { key: string; registrationId: string | null };
  /** [targetID, value]; "" makes the bucket "not initialized" again (RTE 4.3 adl.data), so it is removed. */
  entries: ReadonlyArray<readonly [targetId: string, value: string]>;
}

export function createSharedDataStore(db: Knex, now: () => number = Date.now) {
  return {
    async values(scopeKey: string, targetIds: readonly string[]): Promise<Map<string, string>> {
      if (targetIds.length === 0) return new Map();
      const rows = await db('shared_buckets').where({ scope_key: scopeKey }).whereIn('target_id', [...targetIds]).select('target_id', 'value');
      return new Map(rows.map((r) => [String(r.target_id), String(r.value)]));
    },

    async write(conn: Db, packageId: string, write: SharedWrite): Promise<void> {
      for (const [target_id, value] of write.entries) {
        if (value === '') {
          await conn('shared_buckets').where({ scope_key: write.scope.key, target_id }).delete();
          continue;
        }
        await conn('shared_buckets')
          .insert({ scope_key: write.scope.key, target_id, value, registration_id: write.scope.registrationId, package_id: packageId, updated_at: now() })
          .onConflict(['scope_key', 'target_id'])
          .merge(['value', 'package_id', 'updated_at']);
      }
    },

    async deleteScope(scopeKey: string): Promise<void> {
      await db('shared_buckets').where({ scope_key: scopeKey }).delete();
    },

    /** The registration's own buckets (a learner's global buckets outlive any one registration). */
    async deleteForRegistration(conn: Db, registrationId: string): Promise<void> {
      await conn('shared_buckets').where({ registration_id: registrationId }).delete();
    },
  };
}
