// The in-memory session store passes the same contract as the SQL one.
import { createMemorySessionStore } from '../../server/db/memory-session-store.ts';
import { sessionStoreContract } from './session-store-contract.ts';

sessionStoreContract('memory', async () => ({
  target: () => {
    const store = createMemorySessionStore();
    return { store, addRegistration: async () => {}, eventIds: async (key: string) => store.outboxEvents().filter((e) => e.orderingKey === key).map((e) => e.id) };
  },
  close: async () => {},
}));
