// The in-memory launch store passes the same contract as the SQL one.
import { createMemoryLaunchStore } from '../../server/db/memory-launch-store.ts';
import { launchStoreContract } from './launch-store-contract.ts';

launchStoreContract('memory', async () => {
  const store = createMemoryLaunchStore();
  return {
    target: () => ({ store, addRegistration: async (registrationId, packageId) => store.addRegistration(registrationId, packageId) }),
    close: async () => {},
  };
});
