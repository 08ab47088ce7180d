// The in-memory session store passes the same contract as the SQL one.
import { createMemorySessionStore } from '../../server/db/memory-session-store.ts';
import { sessionStoreContract } from './session-store-contract.ts';

sessionStoreContract('memory', async () => ({
  target: () => ({ store: createMemorySessionStore(), addRegistration: async () => {} }),
  close: async () => {},
}));
