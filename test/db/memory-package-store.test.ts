// The in-memory package store passes the same contract as the SQL one.
import { createMemoryPackageStore } from '../../server/db/memory-package-store.ts';
import { packageStoreContract } from './package-store-contract.ts';

packageStoreContract('memory', async () => ({
  async target(clock) {
    const learners = new Map<string, Set<string>>();
    const store = createMemoryPackageStore({ now: clock, learners: (id) => learners.get(id)?.size ?? 0 });
    return {
      store,
      add: async (pkg) => store.add(pkg),
      async addRegistration(packageId, learnerId) {
        learners.set(packageId, (learners.get(packageId) ?? new Set()).add(learnerId));
      },
    };
  },
  close: async () => {},
}));
