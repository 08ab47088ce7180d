// Where an upload waits for its import (server/jobs/upload-staging.ts): with shared (S3) storage
// it moves from the receiving process's data directory into storage, a worker with another data
// directory fetches it, and discard leaves nothing anywhere; with local storage it stays put.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createUploadStaging } from '../../server/jobs/upload-staging.ts';
import { createMemoryBlobStore } from '../../server/storage/memory-blob-store.ts';

const test = suite<{ root: string }>('upload staging');
test.before.each((ctx) => {
  ctx.root = mkdtempSync(join(tmpdir(), 'scorm-staging-'));
});
test.after.each((ctx) => rmSync(ctx.root, { recursive: true, force: true }));

const zipBytes = Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(1000, 7)]);

test('shared: received on one host, fetched by a worker on another, then gone everywhere', async ({ root }) => {
  const blobs = createMemoryBlobStore();
  const web = createUploadStaging({ blobs, dataDir: join(root, 'web'), shared: true });
  const worker = createUploadStaging({ blobs, dataDir: join(root, 'worker'), shared: true });
  const received = join(root, 'received.zip');
  writeFileSync(received, zipBytes);
  const job = { id: 'job-1', uploadPath: received };

  await web.publish(job.id, received);
  assert.not.ok(existsSync(received), 'the receiving host keeps no copy');
  const local = await worker.localCopy(job);
  assert.ok(local.startsWith(join(root, 'worker')));
  assert.equal(readFileSync(local), zipBytes);

  await worker.discard(job);
  assert.not.ok(existsSync(local));
  const staged: string[] = [];
  for await (const entry of blobs.list('upload-job-1')) staged.push(entry.path);
  assert.equal(staged, []);
});

test('shared: an upload that is not in storage is an error the worker retries, not a crash', async ({ root }) => {
  const worker = createUploadStaging({ blobs: createMemoryBlobStore(), dataDir: root, shared: true });
  try {
    await worker.localCopy({ id: 'job-2', uploadPath: join(root, 'elsewhere.zip') });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.match(String(error), /not in storage/);
  }
});

test('local storage: the upload is read where it was received and nothing goes to storage', async ({ root }) => {
  const blobs = createMemoryBlobStore();
  const staging = createUploadStaging({ blobs, dataDir: root, shared: false });
  const received = join(root, 'received.zip');
  writeFileSync(received, zipBytes);
  await staging.publish('job-3', received);
  assert.ok(existsSync(received));
  assert.is(await staging.localCopy({ id: 'job-3', uploadPath: received }), received);
  for await (const entry of blobs.list('upload-job-3')) assert.unreachable(`stored ${entry.path}`);
  await staging.discard({ id: 'job-3', uploadPath: received });
  assert.not.ok(existsSync(received));
});

test.run();
