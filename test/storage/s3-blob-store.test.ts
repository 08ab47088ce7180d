// The S3 adapter passes the contract against a real s3rver; plus S3-only behaviour: the key
// prefix, pagination of list and deletePackage.
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createS3BlobStore, createS3Client, type S3StorageConfig } from '../../server/storage/s3-blob-store.ts';
import { startS3rver, type RunningS3rver } from '../helpers/s3rver.ts';
import { blobStoreContract } from './blob-store-contract.ts';

const configFor = (s3: RunningS3rver, prefix: string): S3StorageConfig => ({
  driver: 's3',
  bucket: s3.bucket,
  region: s3.region,
  endpoint: s3.endpoint,
  forcePathStyle: true,
  prefix,
});

blobStoreContract('s3', async () => {
  const s3 = await startS3rver();
  return { store: createS3BlobStore(configFor(s3, 'scorm-packages'), { credentials: s3.credentials }), cleanup: s3.stop };
});

const s3suite = suite('s3 blob store on s3rver');
let s3: RunningS3rver | undefined;
let raw: S3Client;
s3suite.before(async () => {
  s3 = await startS3rver();
  raw = createS3Client(configFor(s3, ''), s3.credentials);
});
s3suite.after(async () => {
  raw?.destroy();
  await s3?.stop();
});

const keysInBucket = async (Prefix: string): Promise<string[]> => {
  const res = await raw.send(new ListObjectsV2Command({ Bucket: s3!.bucket, Prefix }));
  return (res.Contents ?? []).map((o) => o.Key!).sort();
};

s3suite('objects are stored under <prefix>/<packageId>/<path> with their content type', async () => {
  const store = createS3BlobStore(configFor(s3!, 'tenant/scorm'), { credentials: s3!.credentials });
  await store.put('p1', 'a b/index.html', Readable.from([Buffer.from('x')]), { contentType: 'text/html' });
  assert.equal(await keysInBucket('tenant/'), ['tenant/scorm/p1/a b/index.html']);
  await store.deletePackage('p1');
  assert.equal(await keysInBucket('tenant/'), []);
});

s3suite('an empty prefix puts packages at the bucket root', async () => {
  const store = createS3BlobStore(configFor(s3!, ''), { credentials: s3!.credentials });
  await store.put('p2', 'x.txt', Readable.from([Buffer.from('x')]), { contentType: 'text/plain' });
  assert.equal(await keysInBucket('p2/'), ['p2/x.txt']);
  await store.deletePackage('p2');
});

s3suite('list and deletePackage follow pagination across many pages and batches', async () => {
  const store = createS3BlobStore(configFor(s3!, 'pages'), { credentials: s3!.credentials, pageSize: 2 });
  const paths = ['a.txt', 'b/c.txt', 'b/d.txt', 'e.txt', 'f/g/h.txt', 'i.txt', 'j.txt'];
  for (const path of paths) await store.put('many', path, Readable.from([Buffer.from(path)]), { contentType: 'text/plain' });
  await store.put('manyother', 'keep.txt', Readable.from([Buffer.from('k')]), { contentType: 'text/plain' });
  const listed: string[] = [];
  for await (const entry of store.list('many')) listed.push(entry.path);
  assert.equal(listed.sort(), [...paths].sort());
  await store.deletePackage('many');
  assert.equal(await keysInBucket('pages/'), ['pages/manyother/keep.txt']);
});

s3suite('a body failing after the first 8 MiB part leaves no key in the bucket, and its own error', async () => {
  const store = createS3BlobStore(configFor(s3!, 'mp'), { credentials: s3!.credentials });
  const failing = Readable.from(
    (async function* () {
      for (let i = 0; i < 10; i++) yield Buffer.alloc(1024 * 1024, i);
      throw new Error('dropped');
    })(),
  );
  try {
    await store.put('mp1', 'big.bin', failing, { contentType: 'application/octet-stream' });
    assert.unreachable('put succeeded');
  } catch (error) {
    assert.match(String(error), /dropped/);
  }
  assert.equal(await keysInBucket('mp/'), []);
});

s3suite.run();
