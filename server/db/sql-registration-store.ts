// Registrations in SQL: create (idempotent for the same package and learner), read, list, delete.
import type { Knex } from 'knex';
import type { OnNewVersion } from '../../contract/packages.ts';
import type { VersionChange } from '../../contract/registrations.ts';
import { newLaunchNonce, type CommentFromLms, type RegistrationRecord, type RegistrationStore } from './registration-store.ts';

function toRecord(row: Record<string, unknown>): RegistrationRecord {
  return {
    id: String(row.id),
    packageId: String(row.package_id),
    learner: { id: String(row.learner_id), name: String(row.learner_name) },
    commentsFromLms: JSON.parse(String(row.comments_from_lms_json)) as CommentFromLms[],
    attempt: Number(row.attempt),
    createdAt: Number(row.created_at),
    lastAccessedAt: row.last_accessed_at == null ? null : Number(row.last_accessed_at),
    launchNonce: row.launch_nonce == null ? null : String(row.launch_nonce),
    contentId: String(row.content_id ?? row.package_id),
    versionNumber: Number(row.version_number ?? 1),
    onNewVersion: (row.on_new_version as OnNewVersion | null) ?? null,
    versionChange: row.version_change_json == null ? null : (JSON.parse(String(row.version_change_json)) as VersionChange),
    trace: Boolean(row.trace),
  };
}

/**
 * The columns a RegistrationRecord is made of (toRecord above reads these). Not `*`: the row also holds the player's
 * sequencing state (sequencing_state_json, read and written by the session store only), a JSON
 * document that grows with the course's activity tree, and getMany runs for every commit that
 * causes registration events (decision 0046).
 */
const RECORD_COLUMNS = [
  'id', 'package_id', 'learner_id', 'learner_name', 'comments_from_lms_json', 'attempt', 'created_at', 'last_accessed_at',
  'launch_nonce', 'content_id', 'version_number', 'on_new_version', 'version_change_json', 'trace',
] as const;

export function createSqlRegistrationStore(db: Knex, now: () => number = Date.now): RegistrationStore {
  async function get(id: string): Promise<RegistrationRecord | undefined> {
    const row = await db('registrations').where({ id }).first(...RECORD_COLUMNS);
    return row ? toRecord(row) : undefined;
  }

  return {
    get,

    async getMany(ids) {
      const rows = ids.length === 0 ? [] : await db('registrations').whereIn('id', [...new Set(ids)]).select(...RECORD_COLUMNS);
      const byId = new Map(rows.map((row: Record<string, unknown>) => [String(row.id), row]));
      return ids.map((id) => {
        const row = byId.get(id);
        return row ? toRecord(row) : undefined;
      });
    },

    async createOrFind(input) {
      const existing = await get(input.id);
      if (existing) return { record: existing, created: false };
      try {
        await db('registrations').insert({
          id: input.id,
          package_id: input.packageId,
          learner_id: input.learner.id,
          learner_name: input.learner.name,
          comments_from_lms_json: JSON.stringify(input.commentsFromLms),
          attempt: 1,
          created_at: now(),
          launch_nonce: newLaunchNonce(),
          content_id: input.contentId,
          version_number: input.versionNumber,
          on_new_version: input.onNewVersion,
          trace: input.trace === true,
        });
      } catch (error) {
        // Two requests with the same id at once: the other one won.
        const raced = await get(input.id);
        if (raced) return { record: raced, created: false };
        throw error;
      }
      return { record: (await get(input.id))!, created: true };
    },

    async list(filter, limit, offset) {
      const query = db('registrations');
      if (filter.packageId) query.where('package_id', filter.packageId);
      if (filter.learnerId) query.where('learner_id', filter.learnerId);
      const rows = await query.clone().orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }]).limit(limit).offset(offset).select(...RECORD_COLUMNS);
      const [{ n }] = (await query.clone().count({ n: '*' })) as [{ n: number | string }];
      return { items: rows.map(toRecord), total: Number(n) };
    },

    async countForPackage(packageId) {
      const [{ n }] = (await db('registrations').where({ package_id: packageId }).count({ n: '*' })) as [{ n: number | string }];
      return Number(n);
    },

    async rotateLaunchNonce(id) {
      const nonce = newLaunchNonce();
      return (await db('registrations').where({ id }).update({ launch_nonce: nonce })) === 1 ? nonce : undefined;
    },

    async setVersionPolicy(id, policy) {
      return (await db('registrations').where({ id }).update({ on_new_version: policy })) === 1;
    },

    async touch(id) {
      await db('registrations').where({ id }).update({ last_accessed_at: now() });
    },

    async delete(id) {
      return (await db('registrations').where({ id }).delete()) === 1;
    },

    async deleteForPackage(packageId) {
      await db.transaction(async (trx) => {
        // Registration-scoped shared buckets go with their registrations; a learner's global
        // buckets (sharedDataGlobalToSystem) are shared with other packages and stay.
        await trx('shared_buckets').whereIn('registration_id', trx('registrations').where({ package_id: packageId }).select('id')).delete();
        // Launch history (decision 0023): its traces are found through the registrations.
        await trx('launch_traces').whereIn('registration_id', trx('registrations').where({ package_id: packageId }).select('id')).delete();
        for (const table of ['launches', 'interaction_stats', 'scorm_interactions', 'scorm_objectives', 'scorm_user_sessions', 'registrations']) {
          await trx(table).where({ package_id: packageId }).delete();
        }
      });
    },
  };
}
