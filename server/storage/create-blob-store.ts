// Chooses the storage adapter once from the configuration; the AWS SDK is loaded only when
// the s3 driver is configured.
import type { StorageConfig } from '../config.ts';
import type { BlobStore } from './blob-store.ts';
import { createLocalBlobStore } from './local-blob-store.ts';
import type { S3BlobStoreOptions } from './s3-blob-store.ts';

export async function createBlobStore(config: StorageConfig, s3Options?: S3BlobStoreOptions): Promise<BlobStore> {
  switch (config.driver) {
    case 'local':
      return createLocalBlobStore(config.localPath);
    case 's3': {
      const { createS3BlobStore } = await import('./s3-blob-store.ts');
      return createS3BlobStore(config, s3Options);
    }
  }
}
