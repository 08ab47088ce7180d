// The in-memory fake passes the same contract as the real adapters.
import { createMemoryBlobStore } from '../../server/storage/memory-blob-store.ts';
import { blobStoreContract } from './blob-store-contract.ts';

blobStoreContract('memory', async () => ({ store: createMemoryBlobStore(), cleanup: async () => {} }));
