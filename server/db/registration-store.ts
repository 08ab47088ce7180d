// Registrations in SQL: create (idempotent for the same package and learner), read, list, delete.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

export interface CommentFromLms {
  comment: string;
  location?: string;
  timestamp?: string;
}

export interface RegistrationRecord {
  id: string;
  packageId: string;
  learner: { id: string; name: string };
  commentsFromLms: CommentFromLms[];
  attempt: number;
  createdAt: number;
  lastAccessedAt: number | null;
  /** Named by every launch token; a new one revokes the tokens before it (null: rows from before). */
  launchNonce: string | null;
}

/** A fresh launch nonce: 128 random bits, so a re-created id never matches an old token. */
export const newLaunchNonce = (): string => randomBytes(16).toString('base64url');

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
  };
}

export function createRegistrationStore(db: Knex, now: () => number = Date.now) {
  return {
    /** Inserts, or finds the existing row with that id; the caller decides whether it conflicts. */
    async createOrFind(input: Omit<RegistrationRecord, 'createdAt' | 'lastAccessedAt' | 'attempt' | 'launchNonce'>): Promise<{ record: RegistrationRecord; created: boolean }> {
      const existing = await this.get(input.id);
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
        });
      } catch (error) {
        // Two requests with the same id at once: the other one won.
        const raced = await this.get(input.id);
        if (raced) return { record: raced, created: false };
        throw error;
      }
      return { record: (await this.get(input.id))!, created: true };
    },

    async get(id: string): Promise<RegistrationRecord | undefined> {
      const row = await db('registrations').where({ id }).first();
      return row ? toRecord(row) : undefined;
    },

    async list(filter: { packageId?: string; learnerId?: string }, limit: number, offset: number) {
      const query = db('registrations');
      if (filter.packageId) query.where('package_id', filter.packageId);
      if (filter.learnerId) query.where('learner_id', filter.learnerId);
      const rows = await query.clone().orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }]).limit(limit).offset(offset);
      const [{ n }] = (await query.clone().count({ n: '*' })) as [{ n: number | string }];
      return { items: rows.map(toRecord), total: Number(n) };
    },

    /** Revokes every launch URL of the registration; answers the new nonce (undefined if gone). */
    async rotateLaunchNonce(id: string): Promise<string | undefined> {
      const nonce = newLaunchNonce();
      return (await db('registrations').where({ id }).update({ launch_nonce: nonce })) === 1 ? nonce : undefined;
    },

    async touch(id: string): Promise<void> {
      await db('registrations').where({ id }).update({ last_accessed_at: now() });
    },

    async delete(id: string): Promise<boolean> {
      return (await db('registrations').where({ id }).delete()) === 1;
    },

    /** With ?force=true a package goes with its registrations and all their run-time data. */
    async deleteForPackage(packageId: string): Promise<void> {
      await db.transaction(async (trx) => {
        for (const table of ['interaction_stats', 'scorm_interactions', 'scorm_objectives', 'scorm_user_sessions', 'shared_data', 'registrations']) {
          await trx(table).where({ package_id: packageId }).delete();
        }
      });
    },
  };
}

export type RegistrationStore = ReturnType<typeof createRegistrationStore>;
