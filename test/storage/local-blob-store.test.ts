// The local-disk adapter passes the contract; plus what only disk can show: temp files, sidecars.
import { mkdir, mkdtemp, readdir, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createLocalBlobStore } from '../../server/storage/local-blob-store.ts';
import { blobStoreContract } from './blob-store-contract.ts';

blobStoreContract('local', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'scorm-local-store-'));
  return { store: createLocalBlobStore(join(dir, 'content')), cleanup: () => rm(dir, { recursive: true, force: true }) };
});

const local = suite('local blob store on disk');
let dir = '';
local.before.each(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scorm-local-disk-'));
});
local.after.each(() => rm(dir, { recursive: true, force: true }));

local('files land at <root>/<packageId>/<path>, and no temp file remains', async () => {
  const store = createLocalBlobStore(dir);
  await store.put('pkg1', 'sco/index.html', Readable.from([Buffer.from('hi')]), { contentType: 'text/html' });
  assert.equal(await readdir(join(dir, 'pkg1', 'sco')), ['index.html']);
  assert.equal(await readdir(join(dir, '.tmp')), []);
});

local('an unpublished deferred put writes in place, readable at once, fsynced through its descriptor by persist', async () => {
  const synced: string[] = [];
  const store = createLocalBlobStore(dir, {
    sync: {
      syncFile: async (path) => void synced.push(`file ${path}`),
      syncHandle: async (path, handle) => {
        await handle.close();
        synced.push(`handle ${path}`);
      },
      syncDir: async (path) => void synced.push(`dir ${path}`),
    },
  });
  const options = { contentType: 'application/octet-stream', durability: 'deferred', unpublished: true } as const;
  await store.put('pkg1', 'a/small.bin', Buffer.from('small'), { ...options, size: 5 });
  await store.put('pkg1', 'a/streamed.bin', Readable.from([Buffer.from('str'), Buffer.from('eamed')]), { ...options, size: 8 });
  // Not a type the name gives: a sidecar, synced by path.
  await store.put('pkg1', 'b/page.txt', Buffer.from('<p>'), { ...options, contentType: 'text/html' });
  assert.equal(await readdir(join(dir, '.tmp')).catch(() => []), [], 'no temp file was made');
  assert.is((await store.stat('pkg1', 'b/page.txt'))!.contentType, 'text/html');
  await store.persist('pkg1');
  const files = synced.filter((s) => !s.startsWith('dir ')).sort();
  assert.equal(files, [
    `file ${join(dir, '.meta', 'pkg1', 'b', 'page.txt')}`,
    `handle ${join(dir, 'pkg1', 'a', 'small.bin')}`,
    `handle ${join(dir, 'pkg1', 'a', 'streamed.bin')}`,
    `handle ${join(dir, 'pkg1', 'b', 'page.txt')}`,
  ]);
  const body = await store.get('pkg1', 'a/streamed.bin');
  assert.is(Buffer.concat(await body!.body.toArray()).toString(), 'streamed');
});

local('an unpublished put that fails leaves no file; one whose name is taken is replaced atomically', async () => {
  const store = createLocalBlobStore(dir);
  const options = { contentType: 'application/octet-stream', durability: 'deferred', unpublished: true } as const;
  const failing = Readable.from(
    (async function* () {
      yield Buffer.from('partial');
      throw new Error('boom');
    })(),
  );
  await store.put('pkg1', 'x/y.bin', failing, options).then(() => assert.unreachable('put succeeded'), () => undefined);
  assert.equal(await readdir(join(dir, 'pkg1', 'x')), []);
  await store.put('pkg1', 'x/y.bin', Buffer.from('short'), { ...options, size: 6 }).then(() => assert.unreachable('put succeeded'), () => undefined);
  assert.equal(await readdir(join(dir, 'pkg1', 'x')), []);
  await store.put('pkg1', 'x/y.bin', Buffer.from('one'), options);
  const before = (await store.stat('pkg1', 'x/y.bin'))!.etag;
  await store.put('pkg1', 'x/y.bin', Buffer.from('two'), options);
  const got = await store.get('pkg1', 'x/y.bin');
  assert.is(Buffer.concat(await got!.body.toArray()).toString(), 'two');
  assert.is.not(got!.etag, before, 'a new inode, renamed in');
  await store.persist('pkg1');
});

local('a failed put leaves neither the file, a temp file, nor an empty folder', async () => {
  const store = createLocalBlobStore(dir);
  const failing = Readable.from(
    (async function* () {
      yield Buffer.from('partial');
      throw new Error('boom');
    })(),
  );
  try {
    await store.put('pkg1', 'deep/er/x.bin', failing, { contentType: 'application/octet-stream' });
    assert.unreachable('put succeeded');
  } catch (error) {
    assert.match(String(error), /boom/);
  }
  assert.equal((await readdir(dir)).sort(), ['.tmp']);
  assert.equal(await readdir(join(dir, '.tmp')), []);
});

local('a file without a sidecar (copied in by hand, or a crash between renames) gets its extension type', async () => {
  const store = createLocalBlobStore(dir);
  await store.put('pkg1', 'page.html', Readable.from([Buffer.from('x')]), { contentType: 'application/x-custom' });
  assert.is((await store.stat('pkg1', 'page.html'))?.contentType, 'application/x-custom');
  await writeFile(join(dir, 'pkg1', 'other.css'), 'body{}');
  assert.is((await store.stat('pkg1', 'other.css'))?.contentType, 'text/css; charset=utf-8');
  await rm(join(dir, '.meta', 'pkg1', 'page.html'));
  assert.is((await store.stat('pkg1', 'page.html'))?.contentType, 'text/html; charset=utf-8');
});

local('a sidecar of another inode is ignored', async () => {
  const store = createLocalBlobStore(dir);
  await store.put('pkg1', 'a.html', Readable.from([Buffer.from('a')]), { contentType: 'application/x-a' });
  await store.put('pkg1', 'b.html', Readable.from([Buffer.from('b')]), { contentType: 'application/x-b' });
  await rename(join(dir, 'pkg1', 'b.html'), join(dir, 'pkg1', 'a.html'));
  assert.is((await store.stat('pkg1', 'a.html'))?.contentType, 'text/html; charset=utf-8');
});

local('an edit in place changes the ETag', async () => {
  const store = createLocalBlobStore(dir);
  await store.put('pkg1', 'a.txt', Readable.from([Buffer.from('one')]), { contentType: 'text/plain' });
  const before = (await store.stat('pkg1', 'a.txt'))?.etag;
  await writeFile(join(dir, 'pkg1', 'a.txt'), 'three');
  const after = await store.stat('pkg1', 'a.txt');
  assert.ok(before && after);
  assert.is.not(after.etag, before);
  assert.is(after.size, 5);
});

local('temp files left by a crashed writer are swept once they are a day old', async () => {
  await mkdir(join(dir, '.tmp'), { recursive: true });
  const stale = join(dir, '.tmp', 'dead.part');
  const fresh = join(dir, '.tmp', 'busy.part');
  await writeFile(stale, 'half');
  await writeFile(fresh, 'in progress');
  const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
  await utimes(stale, twoDaysAgo, twoDaysAgo);
  const store = createLocalBlobStore(dir);
  await store.put('pkg1', 'a.txt', Readable.from([Buffer.from('a')]), { contentType: 'text/plain' });
  assert.equal(await readdir(join(dir, '.tmp')), ['busy.part']);
});

local('the ETag is stable across store instances (a restart)', async () => {
  const first = createLocalBlobStore(dir);
  await first.put('pkg1', 'a.js', Readable.from([Buffer.from('1')]), { contentType: 'text/javascript' });
  const etag = (await first.stat('pkg1', 'a.js'))?.etag;
  assert.ok(etag);
  assert.is((await createLocalBlobStore(dir).stat('pkg1', 'a.js'))?.etag, etag);
});

local.run();
