// Registrations in memory: the fake services are unit-tested with; passes the same contract as
// the SQL store (test/db/registration-store-contract.ts).
import { newLaunchNonce, type RegistrationRecord, type RegistrationStore } from './registration-store.ts';

export function createMemoryRegistrationStore(now: () => number = Date.now): RegistrationStore {
  const records = new Map<string, RegistrationRecord>();
  const copy = (r: RegistrationRecord): RegistrationRecord => structuredClone(r);
  const byPackage = (packageId: string) => [...records.values()].filter((r) => r.packageId === packageId);

  return {
    async createOrFind(input) {
      const existing = records.get(input.id);
      if (existing) return { record: copy(existing), created: false };
      const record: RegistrationRecord = { ...structuredClone(input), attempt: 1, createdAt: now(), lastAccessedAt: null, launchNonce: newLaunchNonce(), versionChange: null, trace: input.trace === true };
      records.set(record.id, record);
      return { record: copy(record), created: true };
    },

    async get(id) {
      const record = records.get(id);
      return record && copy(record);
    },

    async getMany(ids) {
      return ids.map((id) => {
        const record = records.get(id);
        return record && copy(record);
      });
    },

    async list(filter, limit, offset) {
      const matching = [...records.values()]
        .filter((r) => (!filter.packageId || r.packageId === filter.packageId) && (!filter.learnerId || r.learner.id === filter.learnerId))
        .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return { items: matching.slice(offset, offset + limit).map(copy), total: matching.length };
    },

    async countForPackage(packageId) {
      return byPackage(packageId).length;
    },

    async setVersionPolicy(id, policy) {
      const record = records.get(id);
      if (!record) return false;
      record.onNewVersion = policy;
      return true;
    },

    async rotateLaunchNonce(id) {
      const record = records.get(id);
      if (!record) return undefined;
      record.launchNonce = newLaunchNonce();
      return record.launchNonce;
    },

    async touch(id) {
      const record = records.get(id);
      if (record) record.lastAccessedAt = now();
    },

    async delete(id) {
      return records.delete(id);
    },

    async deleteForPackage(packageId) {
      for (const r of byPackage(packageId)) records.delete(r.id);
    },
  };
}
