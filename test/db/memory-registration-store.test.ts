// The in-memory registration store passes the same contract as the SQL one.
import { createMemoryRegistrationStore } from '../../server/db/memory-registration-store.ts';
import { registrationStoreContract } from './registration-store-contract.ts';

registrationStoreContract('memory', async () => ({ store: async (clock) => createMemoryRegistrationStore(clock), close: async () => {} }));
