// The one contract every BlobStore adapter passes (local, S3, memory): each adapter's test file
// calls blobStoreContract with a factory, like tus-node-server's shared store tests.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isAppError } from '../../server/errors.ts';
import type { BlobStore } from '../../server/storage/blob-store.ts';

export interface ContractTarget {
  store: BlobStore;
  cleanup(): Promise<void>;
}

const MiB = 1024 * 1024;

const newPackageId = () => `pkg_${randomUUID().replaceAll('-', '').slice(0, 16)}`;

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

async function sha256Of(body: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of body) hash.update(chunk as Uint8Array);
  return hash.digest('hex');
}

/** A body of `total` random bytes made on the fly; `hash()` is known once it was consumed. */
function randomSource(total: number, chunkSize = 256 * 1024) {
  const hash = createHash('sha256');
  let digest = '';
  async function* generate() {
    for (let sent = 0; sent < total; sent += chunkSize) {
      const chunk = randomBytes(Math.min(chunkSize, total - sent));
      hash.update(chunk);
      yield chunk;
    }
    digest = hash.digest('hex');
  }
  return { stream: Readable.from(generate()), hash: () => digest };
}

/** Emits `before` bytes, then fails, as a dropped upload or a broken zip entry would. */
function failingSource(before: number): Readable {
  async function* generate() {
    for (let sent = 0; sent < before; sent += MiB) yield randomBytes(Math.min(MiB, before - sent));
    throw new Error('source broke');
  }
  return Readable.from(generate());
}

const text = (value: string) => Readable.from([Buffer.from(value)]);

async function listed(store: BlobStore, packageId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for await (const entry of store.list(packageId)) out[entry.path] = entry.size;
  return out;
}

async function expectUnsafe(action: () => Promise<unknown>, label: string): Promise<void> {
  try {
    await action();
  } catch (error) {
    assert.ok(isAppError(error), `${label}: expected an AppError, got ${String(error)}`);
    assert.is(error.code, 'UNSAFE_PATH', label);
    assert.is(error.status, 400, label);
    return;
  }
  assert.unreachable(`${label}: was accepted`);
}

async function expectRejects(action: () => Promise<unknown>, label: string): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  assert.unreachable(`${label}: did not fail`);
}

export function blobStoreContract(name: string, factory: () => Promise<ContractTarget>): void {
  const test = suite(`${name} blob store contract`);
  let target: ContractTarget | undefined;
  const store = () => target!.store;

  test.before(async () => {
    target = await factory();
  });
  test.after(async () => {
    await target?.cleanup();
  });

  test('put then get returns the same bytes, content type, size and a strong ETag', async () => {
    const pkg = newPackageId();
    await store().put(pkg, 'index.html', text('<h1>hello</h1>'), { contentType: 'text/html; charset=utf-8' });
    const got = await store().get(pkg, 'index.html');
    assert.ok(got);
    assert.is((await readAll(got.body)).toString(), '<h1>hello</h1>');
    assert.is(got.size, 14);
    assert.is(got.contentType, 'text/html; charset=utf-8');
    assert.match(got.etag, /^"[^"]+"$/);
    assert.ok(got.lastModified instanceof Date && !Number.isNaN(got.lastModified.getTime()));
    assert.is(got.range, undefined);
  });

  test('an empty file round-trips', async () => {
    const pkg = newPackageId();
    await store().put(pkg, 'empty.txt', Readable.from([]), { contentType: 'text/plain', size: 0 });
    const got = await store().get(pkg, 'empty.txt');
    assert.ok(got);
    assert.is(got.size, 0);
    assert.is((await readAll(got.body)).length, 0);
    assert.is((await store().stat(pkg, 'empty.txt'))?.size, 0);
  });

  test('a 20 MiB body streamed from a generator is stored byte for byte', async () => {
    const pkg = newPackageId();
    const source = randomSource(20 * MiB);
    await store().put(pkg, 'media/video.mp4', source.stream, { contentType: 'video/mp4', size: 20 * MiB });
    const got = await store().get(pkg, 'media/video.mp4');
    assert.ok(got);
    assert.is(got.size, 20 * MiB);
    assert.is(got.contentType, 'video/mp4');
    assert.is(await sha256Of(got.body), source.hash());
  });

  test('stat matches get without opening the body, and is stable', async () => {
    const pkg = newPackageId();
    await store().put(pkg, 'a.css', text('body{}'), { contentType: 'text/css' });
    const first = await store().stat(pkg, 'a.css');
    const second = await store().stat(pkg, 'a.css');
    const got = await store().get(pkg, 'a.css');
    assert.ok(first && second && got);
    got.body.destroy();
    assert.equal(first, second);
    assert.is(first.size, 6);
    assert.is(first.contentType, 'text/css');
    assert.is(got.etag, first.etag);
    assert.is(got.lastModified.getTime(), first.lastModified.getTime());
  });

  test('ranges: first bytes, middle, last byte, an end past the size is clamped', async () => {
    const pkg = newPackageId();
    const bytes = randomBytes(1000);
    await store().put(pkg, 'r.bin', Readable.from([bytes]), { contentType: 'application/octet-stream' });
    for (const [start, end] of [[0, 9], [100, 499], [999, 999], [0, 999]] as const) {
      const got = await store().get(pkg, 'r.bin', { range: { start, end } });
      assert.ok(got);
      assert.is(got.size, 1000, 'size is the whole object');
      assert.equal(got.range, { start, end });
      assert.ok((await readAll(got.body)).equals(bytes.subarray(start, end + 1)), `bytes ${start}-${end}`);
    }
    const clamped = await store().get(pkg, 'r.bin', { range: { start: 990, end: 5000 } });
    assert.ok(clamped);
    assert.equal(clamped.range, { start: 990, end: 999 });
    assert.ok((await readAll(clamped.body)).equals(bytes.subarray(990)));
  });

  test('an unsatisfiable range is a RangeError', async () => {
    const pkg = newPackageId();
    await store().put(pkg, 'r.bin', text('0123456789'), { contentType: 'application/octet-stream' });
    for (const range of [{ start: 10, end: 20 }, { start: 5, end: 4 }, { start: -1, end: 3 }]) {
      const error = await expectRejects(() => store().get(pkg, 'r.bin', { range }), JSON.stringify(range));
      assert.instance(error, RangeError, JSON.stringify(range));
    }
  });

  test('a missing object is undefined for get and stat', async () => {
    const pkg = newPackageId();
    assert.is(await store().get(pkg, 'nope.html'), undefined);
    assert.is(await store().stat(pkg, 'nope.html'), undefined);
    assert.is(await store().get(pkg, 'nope.html', { range: { start: 0, end: 1 } }), undefined);
    await store().put(pkg, 'dir/file.txt', text('x'), { contentType: 'text/plain' });
    assert.is(await store().get(pkg, 'dir'), undefined, 'a folder is not an object');
    assert.is(await store().stat(pkg, 'dir'), undefined);
    assert.is(await store().get(pkg, 'dir/file.txt/more'), undefined);
  });

  test('overwrite replaces content, content type and ETag', async () => {
    const pkg = newPackageId();
    await store().put(pkg, 'page.html', text('version one'), { contentType: 'text/html' });
    const before = await store().stat(pkg, 'page.html');
    await store().put(pkg, 'page.html', text('v2'), { contentType: 'text/plain' });
    const after = await store().get(pkg, 'page.html');
    assert.ok(before && after);
    assert.is((await readAll(after.body)).toString(), 'v2');
    assert.is(after.size, 2);
    assert.is(after.contentType, 'text/plain');
    assert.is.not(after.etag, before.etag);
    assert.equal(await listed(store(), pkg), { 'page.html': 2 });
  });

  test('list yields every path of the package with its size, and nothing of others', async () => {
    const pkg = newPackageId();
    const other = newPackageId();
    await store().put(pkg, 'imsmanifest.xml', text('<manifest/>'), { contentType: 'application/xml' });
    await store().put(pkg, 'sco/one/index.html', text('12345'), { contentType: 'text/html' });
    await store().put(pkg, 'sco/two.js', text(''), { contentType: 'text/javascript' });
    await store().put(other, 'x.txt', text('x'), { contentType: 'text/plain' });
    assert.equal(await listed(store(), pkg), { 'imsmanifest.xml': 11, 'sco/one/index.html': 5, 'sco/two.js': 0 });
    assert.equal(await listed(store(), newPackageId()), {});
  });

  test('deletePackage removes everything of one package and nothing of another; twice is fine', async () => {
    const pkg = newPackageId();
    const other = newPackageId();
    for (const path of ['a.html', 'deep/er/b.js', 'c d/é.png']) {
      await store().put(pkg, path, text(path), { contentType: 'text/plain' });
    }
    await store().put(other, 'a.html', text('keep me'), { contentType: 'text/html' });
    await store().deletePackage(pkg);
    assert.equal(await listed(store(), pkg), {});
    assert.is(await store().get(pkg, 'a.html'), undefined);
    assert.is(await store().stat(pkg, 'deep/er/b.js'), undefined);
    const kept = await store().get(other, 'a.html');
    assert.ok(kept);
    assert.is((await readAll(kept.body)).toString(), 'keep me');
    await store().deletePackage(pkg);
    await store().deletePackage(newPackageId());
    assert.equal(await listed(store(), other), { 'a.html': 7 });
  });

  test('a package id that prefixes another does not share its objects', async () => {
    const pkg = newPackageId();
    const longer = `${pkg}-2`;
    await store().put(pkg, 'a.txt', text('a'), { contentType: 'text/plain' });
    await store().put(longer, 'b.txt', text('b'), { contentType: 'text/plain' });
    assert.equal(await listed(store(), pkg), { 'a.txt': 1 });
    await store().deletePackage(pkg);
    assert.equal(await listed(store(), longer), { 'b.txt': 1 });
  });

  test('keys with spaces, unicode, and nested folders work', async () => {
    const pkg = newPackageId();
    const paths = ['my course/Lesson 1/index page.html', 'ünïcødé/日本語/файл.txt', 'a/b/c/d/e/f/g.js', 'emoji 🎓.svg', 'plus+and%25.txt'];
    for (const path of paths) await store().put(pkg, path, text(`content of ${path}`), { contentType: 'text/plain' });
    for (const path of paths) {
      const got = await store().get(pkg, path);
      assert.ok(got, path);
      assert.is((await readAll(got.body)).toString(), `content of ${path}`);
    }
    assert.equal(Object.keys(await listed(store(), pkg)).sort(), [...paths].sort());
  });

  test('unsafe keys are refused with UNSAFE_PATH before the body is read', async () => {
    const pkg = newPackageId();
    const unsafe: Array<[string, string]> = [
      [pkg, '../x'],
      [pkg, 'a/../../x'],
      [pkg, '..'],
      [pkg, '/abs'],
      [pkg, 'a\\b'],
      [pkg, '..\\x'],
      [pkg, 'C:/x'],
      [pkg, 'c:x'],
      [pkg, 'a\u0000b'],
      [pkg, ''],
      [pkg, 'a//b'],
      [pkg, 'a/./b'],
      [pkg, 'folder/'],
      ['../other', 'x'],
      ['bad id', 'x'],
      ['', 'x'],
      ['a'.repeat(65), 'x'],
      ['pkg/sub', 'x'],
    ];
    for (const [id, path] of unsafe) {
      let read = false;
      const body = Readable.from(
        (async function* () {
          read = true;
          yield Buffer.from('must not be stored');
        })(),
      );
      const label = JSON.stringify([id, path]);
      await expectUnsafe(() => store().put(id, path, body, { contentType: 'text/plain' }), `put ${label}`);
      assert.not.ok(read, `body of ${label} was read`);
      await expectUnsafe(() => store().get(id, path), `get ${label}`);
      await expectUnsafe(() => store().stat(id, path), `stat ${label}`);
    }
    for (const id of ['../other', 'bad id', '', 'a'.repeat(65), '.meta', '.tmp']) {
      await expectUnsafe(() => store().deletePackage(id), `deletePackage ${id}`);
      await expectUnsafe(async () => {
        for await (const entry of store().list(id)) void entry;
      }, `list ${id}`);
    }
    assert.equal(await listed(store(), pkg), {});
  });

  test('a source that fails mid-way leaves no object under that key', async () => {
    const pkg = newPackageId();
    const error = await expectRejects(
      () => store().put(pkg, 'broken.bin', failingSource(9 * MiB), { contentType: 'application/octet-stream' }),
      'failing source',
    );
    assert.match(String((error as Error).message), /source broke/);
    assert.is(await store().get(pkg, 'broken.bin'), undefined);
    assert.is(await store().stat(pkg, 'broken.bin'), undefined);
    assert.equal(await listed(store(), pkg), {});
  });

  test('a failed overwrite keeps the previous object whole', async () => {
    const pkg = newPackageId();
    await store().put(pkg, 'keep.txt', text('the original'), { contentType: 'text/plain' });
    await expectRejects(
      () => store().put(pkg, 'keep.txt', failingSource(MiB), { contentType: 'text/plain' }),
      'failing overwrite',
    );
    const got = await store().get(pkg, 'keep.txt');
    assert.ok(got);
    assert.is((await readAll(got.body)).toString(), 'the original');
  });

  test('a body of bytes in memory is stored as given; one of the wrong size is refused and not stored', async () => {
    const pkg = newPackageId();
    const bytes = Buffer.from('<p>in memory</p>');
    await store().put(pkg, 'page.html', bytes, { contentType: 'text/html', size: bytes.length, durability: 'deferred' });
    await store().persist(pkg);
    const got = await store().get(pkg, 'page.html');
    assert.ok(got);
    assert.is((await readAll(got.body)).toString(), '<p>in memory</p>');
    assert.is(got.size, bytes.length);
    const wrong = await expectRejects(() => store().put(pkg, 'wrong.html', bytes, { contentType: 'text/html', size: bytes.length + 1 }), 'wrong size');
    assert.is((wrong as Error).name, 'SizeMismatchError');
    assert.equal(Object.keys(await listed(store(), pkg)), ['page.html']);
  });

  test('unpublished deferred puts (an import, 0044): bytes and streams stored as given, types kept, a failed one leaves nothing after deletePackage', async () => {
    const pkg = newPackageId();
    const options = { durability: 'deferred', unpublished: true } as const;
    await store().put(pkg, 'a/small.html', Buffer.from('<p>small</p>'), { ...options, contentType: 'text/html', size: 12 });
    await store().put(pkg, 'a/big.bin', text('x'.repeat(300_000)), { ...options, contentType: 'application/octet-stream', size: 300_000 });
    await store().put(pkg, 'b/odd.txt', Buffer.from('{}'), { ...options, contentType: 'application/json' });
    await store().persist(pkg);
    assert.equal(await listed(store(), pkg), { 'a/small.html': 12, 'a/big.bin': 300_000, 'b/odd.txt': 2 });
    assert.is((await store().stat(pkg, 'b/odd.txt'))!.contentType, 'application/json');
    const failed = newPackageId();
    await expectRejects(() => store().put(failed, 'x.bin', failingSource(MiB), { ...options, contentType: 'application/octet-stream' }), 'failing unpublished put');
    await store().deletePackage(failed);
    assert.equal(await listed(store(), failed), {});
  });

  test('a body that is not the announced size is refused and not stored', async () => {
    const pkg = newPackageId();
    const short = await expectRejects(
      () => store().put(pkg, 'short.txt', text('abc'), { contentType: 'text/plain', size: 4 }),
      'short body',
    );
    assert.is((short as Error).name, 'SizeMismatchError');
    const long = await expectRejects(
      () => store().put(pkg, 'long.txt', text('abcde'), { contentType: 'text/plain', size: 4 }),
      'long body',
    );
    assert.is((long as Error).name, 'SizeMismatchError');
    assert.equal(await listed(store(), pkg), {});
  });

  test('an async iterable of chunks is accepted as a body', async () => {
    const pkg = newPackageId();
    async function* chunks() {
      yield new TextEncoder().encode('one ');
      yield Buffer.from('two');
    }
    await store().put(pkg, 'iter.txt', chunks(), { contentType: 'text/plain', size: 7 });
    const got = await store().get(pkg, 'iter.txt');
    assert.ok(got);
    assert.is((await readAll(got.body)).toString(), 'one two');
  });

  test('the same path in two packages holds two objects', async () => {
    const a = newPackageId();
    const b = newPackageId();
    await store().put(a, 'index.html', text('A'), { contentType: 'text/html' });
    await store().put(b, 'index.html', text('B'), { contentType: 'text/html' });
    assert.is((await readAll((await store().get(a, 'index.html'))!.body)).toString(), 'A');
    assert.is((await readAll((await store().get(b, 'index.html'))!.body)).toString(), 'B');
  });

  test('deferred puts are readable at once, and persist keeps them; persist without them is a no-op', async () => {
    const pkg = newPackageId();
    await store().put(pkg, 'a/b.txt', text('one'), { contentType: 'text/plain', durability: 'deferred' });
    await store().put(pkg, 'c.bin', text('two'), { contentType: 'application/x-custom', durability: 'deferred' });
    assert.is((await readAll((await store().get(pkg, 'a/b.txt'))!.body)).toString(), 'one');
    await store().persist(pkg);
    await store().persist(pkg);
    await store().persist(newPackageId());
    assert.equal(await listed(store(), pkg), { 'a/b.txt': 3, 'c.bin': 3 });
    assert.is((await store().stat(pkg, 'c.bin'))?.contentType, 'application/x-custom');
  });

  test.run();
}
