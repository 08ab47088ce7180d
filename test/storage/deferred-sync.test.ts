// Durability once per package (decision 0026): persist() fsyncs every file put with `deferred`
// durability and then each folder that holds a new entry, once each, through a counting port.
import { mkdtemp, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DeferredSync, type SyncPort } from '../../server/storage/deferred-sync.ts';
import { createLocalBlobStore } from '../../server/storage/local-blob-store.ts';

function countingPort() {
  const calls: string[] = [];
  const port: SyncPort = {
    async syncFile(path) {
      calls.push(`file ${path}`);
    },
    async syncDir(path) {
      calls.push(`dir ${path}`);
    },
  };
  return { port, calls };
}

const sync = suite('DeferredSync');

sync('each file put, then each folder up to the root once, folders after every file', async () => {
  const { port, calls } = countingPort();
  const deferred = new DeferredSync(port, '/root');
  deferred.add('p1', '/root/p1/a/x.txt');
  deferred.add('p1', '/root/p1/a/y.txt');
  deferred.add('p1', '/root/p1/b/c/z.txt');
  deferred.add('p1', '/root/p1/a/x.txt');
  await deferred.persist('p1');
  const files = calls.filter((c) => c.startsWith('file '));
  const dirs = calls.filter((c) => c.startsWith('dir '));
  // x.txt was put twice: the second rename brought a new inode, synced too.
  assert.equal(files.sort(), ['file /root/p1/a/x.txt', 'file /root/p1/a/x.txt', 'file /root/p1/a/y.txt', 'file /root/p1/b/c/z.txt']);
  assert.equal(dirs.sort(), ['dir /root', 'dir /root/p1', 'dir /root/p1/a', 'dir /root/p1/b', 'dir /root/p1/b/c']);
  assert.ok(calls.findIndex((c) => c.startsWith('dir ')) > calls.findLastIndex((c) => c.startsWith('file ')), 'folders after files');
  calls.length = 0;
  await deferred.persist('p1');
  assert.equal(calls, [], 'nothing is synced twice');
});

sync('open handles are synced through themselves and closed, at most 64 held; past that, closed at once and synced by path (0044)', async () => {
  const calls: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const port: SyncPort = {
    async syncFile(path) {
      calls.push(`file ${path}`);
    },
    async syncHandle(path, handle) {
      await gate;
      calls.push(`handle ${path}`);
      await handle.close();
    },
    async syncDir() {},
  };
  const deferred = new DeferredSync(port, '/root', 4);
  const closed: string[] = [];
  const fakeHandle = (name: string) => ({ close: async () => void closed.push(name) }) as unknown as FileHandle;
  for (let i = 0; i < 70; i++) await deferred.addOpen('p1', `/root/p1/f${i}`, fakeHandle(`f${i}`));
  assert.equal(closed, ['f64', 'f65', 'f66', 'f67', 'f68', 'f69'], 'the 65th handle on is closed at once');
  release();
  await deferred.persist('p1');
  assert.is(calls.filter((c) => c.startsWith('handle ')).length, 64);
  assert.equal(calls.filter((c) => c.startsWith('file ')).sort(), ['f64', 'f65', 'f66', 'f67', 'f68', 'f69'].map((f) => `file /root/p1/${f}`));
  assert.is(closed.length, 70, 'every handle closed');
  // A handle still queued when its package is forgotten (deleted) is closed, not synced.
  let unblock!: () => void;
  const busy = new Promise<void>((r) => (unblock = r));
  const one = new DeferredSync({ ...port, syncHandle: async (_p, h) => { await busy; await h.close(); } }, '/root', 1);
  await one.addOpen('p3', '/root/p3/first', fakeHandle('first'));
  await one.addOpen('p2', '/root/p2/x', fakeHandle('x'));
  one.forget('p2');
  unblock();
  await one.persist('p3');
  await new Promise((r) => setTimeout(r, 10));
  assert.ok(closed.includes('x') && closed.includes('first'));
});

sync('packages are persisted apart; a forgotten one is not synced', async () => {
  const { port, calls } = countingPort();
  const deferred = new DeferredSync(port, '/root');
  deferred.add('p1', '/root/p1/x');
  deferred.add('p2', '/root/p2/y');
  deferred.forget('p2');
  await deferred.persist('p2');
  assert.equal(calls.filter((c) => c.startsWith('dir ')), []);
  await deferred.persist('p1');
  assert.equal(calls.filter((c) => c.startsWith('dir ')).sort(), ['dir /root', 'dir /root/p1'], "the forgotten package's folder is not synced");
  assert.ok(calls.includes('file /root/p1/x'));
});

sync('a failed fsync fails persist, and the next persist syncs the failed file again, then the folders', async () => {
  const { port, calls } = countingPort();
  let failures = 1;
  const flaky: SyncPort = {
    async syncFile(path) {
      if (path === '/root/p1/bad' && failures-- > 0) throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
      await port.syncFile(path);
    },
    syncDir: (path) => port.syncDir(path),
  };
  const deferred = new DeferredSync(flaky, '/root');
  deferred.add('p1', '/root/p1/good');
  deferred.add('p1', '/root/p1/bad');
  try {
    await deferred.persist('p1');
    assert.unreachable('persist succeeded');
  } catch (error) {
    assert.match(String(error), /EIO/);
  }
  assert.equal(calls.filter((c) => c.startsWith('dir ')), [], 'no folder synced before its files are');
  await deferred.persist('p1');
  // good: durable since the failed pass (a later fsync failing does not undo it); bad: synced once it could be.
  assert.equal(calls.filter((c) => c.startsWith('file ')).sort(), ['file /root/p1/bad', 'file /root/p1/good']);
  assert.equal(calls.filter((c) => c.startsWith('dir ')).sort(), ['dir /root', 'dir /root/p1']);
});

sync('thousands of files: at most the given number of fsyncs at once, each file once', async () => {
  let running = 0;
  let most = 0;
  const synced: string[] = [];
  const slow: SyncPort = {
    async syncFile(path) {
      most = Math.max(most, ++running);
      await new Promise((r) => setImmediate(r));
      synced.push(path);
      running--;
    },
    async syncDir() {},
  };
  const deferred = new DeferredSync(slow, '/root', 3);
  for (let i = 0; i < 5000; i++) deferred.add('p1', `/root/p1/f${i}`);
  await deferred.persist('p1');
  assert.is(synced.length, 5000);
  assert.is(new Set(synced).size, 5000);
  assert.is(most, 3);
});

sync.run();

const store = suite('local blob store: persist');
let dir = '';
store.before.each(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scorm-deferred-sync-'));
});
store.after.each(() => rm(dir, { recursive: true, force: true }));

const body = (text: string) => Readable.from([Buffer.from(text)]);

store('persist fsyncs every deferred file, its sidecar, and each folder on their way to the root', async () => {
  const { port, calls } = countingPort();
  const blobs = createLocalBlobStore(dir, { sync: port });
  await blobs.put('pkg1', 'sco/index.html', body('<p>'), { contentType: 'text/html; charset=utf-8', durability: 'deferred' });
  await blobs.put('pkg1', 'sco/data/a.bin', body('a'), { contentType: 'application/x-custom', durability: 'deferred' });
  await blobs.put('pkg1', 'top.txt', body('t'), { contentType: 'text/plain; charset=utf-8', durability: 'deferred' });
  await blobs.put('pkg2', 'other.txt', body('o'), { contentType: 'text/plain; charset=utf-8', durability: 'deferred' });
  await blobs.persist('pkg1');
  const files = calls.filter((c) => c.startsWith('file ')).sort();
  const dirs = calls.filter((c) => c.startsWith('dir ')).sort();
  assert.equal(files, [
    `file ${join(dir, '.meta', 'pkg1', 'sco', 'data', 'a.bin')}`,
    `file ${join(dir, 'pkg1', 'sco', 'data', 'a.bin')}`,
    `file ${join(dir, 'pkg1', 'sco', 'index.html')}`,
    `file ${join(dir, 'pkg1', 'top.txt')}`,
    // pkg2's fsync started when it was put (in the background); its folders wait for its persist.
    `file ${join(dir, 'pkg2', 'other.txt')}`,
  ].sort());
  assert.equal(dirs, [
    `dir ${dir}`,
    `dir ${join(dir, '.meta')}`,
    `dir ${join(dir, '.meta', 'pkg1')}`,
    `dir ${join(dir, '.meta', 'pkg1', 'sco')}`,
    `dir ${join(dir, '.meta', 'pkg1', 'sco', 'data')}`,
    `dir ${join(dir, 'pkg1')}`,
    `dir ${join(dir, 'pkg1', 'sco')}`,
    `dir ${join(dir, 'pkg1', 'sco', 'data')}`,
  ].sort());
  calls.length = 0;
  await blobs.persist('pkg2');
  assert.equal(calls.filter((c) => c.startsWith('dir ')).sort(), [`dir ${dir}`, `dir ${join(dir, 'pkg2')}`]);
});

store('an immediate put is durable by itself: persist has nothing to do', async () => {
  const { port, calls } = countingPort();
  const blobs = createLocalBlobStore(dir, { sync: port });
  await blobs.put('pkg1', 'a.txt', body('a'), { contentType: 'text/plain; charset=utf-8' });
  await blobs.persist('pkg1');
  assert.equal(calls, []);
});

store('a deleted package leaves nothing to persist', async () => {
  const { port, calls } = countingPort();
  const blobs = createLocalBlobStore(dir, { sync: port });
  await blobs.put('pkg1', 'a/b.txt', body('a'), { contentType: 'text/plain; charset=utf-8', durability: 'deferred' });
  await blobs.deletePackage('pkg1');
  calls.length = 0;
  await blobs.persist('pkg1');
  assert.equal(calls, []);
});

store.run();
