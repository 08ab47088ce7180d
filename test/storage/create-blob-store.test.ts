// createBlobStore picks the adapter from the configuration, and the local path never loads
// the AWS SDK (checked on the import graph of the modules it loads).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createBlobStore } from '../../server/storage/create-blob-store.ts';
import { startS3rver } from '../helpers/s3rver.ts';

const factory = suite('createBlobStore');
const STORAGE = resolve(import.meta.dirname, '../../server/storage');

/** Every module create-blob-store.ts imports statically, transitively, as specifiers or files. */
async function staticImports(file: string, seen = new Set<string>()): Promise<Set<string>> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = await readFile(file, 'utf8');
  // `import type` is erased at run time; `await import()` is dynamic; neither counts.
  for (const match of source.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)'/gms)) {
    const specifier = match[1]!;
    if (specifier.startsWith('.')) await staticImports(resolve(dirname(file), specifier), seen);
    else seen.add(specifier);
  }
  return seen;
}

factory('the local driver returns a working store on disk', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'scorm-factory-'));
  try {
    const store = await createBlobStore({ driver: 'local', localPath: dir });
    await store.put('p1', 'a.txt', Readable.from([Buffer.from('local')]), { contentType: 'text/plain' });
    assert.is((await readFile(join(dir, 'p1', 'a.txt'))).toString(), 'local');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

factory('the local driver does not import the AWS SDK or the S3 adapter', async () => {
  const graph = [...(await staticImports(join(STORAGE, 'create-blob-store.ts')))];
  assert.ok(graph.some((m) => m.endsWith('local-blob-store.ts')), 'graph was walked');
  assert.equal(graph.filter((m) => m.startsWith('@aws-sdk/') || m.endsWith('s3-blob-store.ts')), []);
});

factory('the s3 driver loads the S3 adapter and talks to the bucket', async () => {
  const s3 = await startS3rver();
  try {
    const store = await createBlobStore(
      { driver: 's3', bucket: s3.bucket, region: s3.region, endpoint: s3.endpoint, forcePathStyle: true, prefix: 'scorm-packages' },
      { credentials: s3.credentials },
    );
    await store.put('p1', 'a.txt', Readable.from([Buffer.from('remote')]), { contentType: 'text/plain' });
    assert.is((await store.stat('p1', 'a.txt'))?.size, 6);
  } finally {
    await s3.stop();
  }
});

factory.run();
