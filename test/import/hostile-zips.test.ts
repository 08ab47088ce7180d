// Hostile zips built by the tests themselves (test/helpers/zip-writer.ts), through the real upload
// API on each database with local storage: zip-slip names, symlinks, zip bombs, too many files,
// truncated and damaged archives fail with their code and leave nothing behind; zip64, data
// descriptors, Finder junk and a single top-level folder import fine.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createDeflateRaw, deflateRawSync } from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import yazl from 'yazl';
import { SMALL_ENTRY_BYTES } from '../../server/jobs/import-package.ts';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { openFilesUnder } from '../helpers/open-files.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { assertNothingLeft, uploadZip } from '../helpers/uploads.ts';
import { crc32, INDEX_HTML, scormEntries, scormManifest, SYMLINK_ATTRIBUTES, UNIX, writeZip, type ZipEntrySpec } from '../helpers/zip-writer.ts';

/** A unique name, so a file left by anything else can never be mistaken for (or hide) an escape. */
const TAG = `evil-${randomBytes(4).toString('hex')}`;
const MB = 1024 * 1024;
// 25,000 files take half a minute to store locally (an fsync each); 3,000 prove the same.
const MANY = 3_000;

function hostile(extra: ZipEntrySpec | ZipEntrySpec[], options: Partial<ZipEntrySpec> = {}): Buffer {
  return writeZip([...scormEntries('', options), ...(Array.isArray(extra) ? extra : [extra])]);
}

/** Every file or folder whose name contains TAG under `dir` (recursively). */
function findTagged(dir: string, depth = 12): string[] {
  if (depth === 0 || !existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.name.includes(TAG)) found.push(full);
    if (entry.isDirectory()) found.push(...findTagged(full, depth - 1));
  }
  return found;
}

/** What an escape could have written: anything under the data dir, or beside it in the temp dir. */
function escapedFiles(t: TestApp): string[] {
  const parent = dirname(t.dataDir);
  const beside = readdirSync(parent).filter((n) => n.includes(TAG)).map((n) => join(parent, n));
  const elsewhere = ['/abs', process.cwd(), dirname(parent)].flatMap((d) => (existsSync(d) ? readdirSync(d).filter((n) => n.includes(TAG)) : []));
  return [...findTagged(t.dataDir), ...beside, ...elsewhere];
}

async function expectFailure(t: TestApp, zip: Buffer, code: string): Promise<Record<string, any>> {
  const { status, body } = await uploadZip(t, zip, '?wait=true');
  assert.is(status, 422, JSON.stringify(body));
  assert.is(body.error?.code, code, JSON.stringify(body));
  const job = body.error.job as Record<string, any>;
  assert.is(job.status, 'failed');
  assert.is(job.package_id, null);
  assert.equal(await assertNothingLeft(t), []);
  assert.equal(readdirSync(join(t.dataDir, 'uploads')), [], 'the upload is removed once the job ended');
  assert.equal(await openFilesUnder(join(t.dataDir, 'uploads')), [], 'and no descriptor keeps its disk space');
  return job;
}

async function expectImport(t: TestApp, zip: Buffer): Promise<Record<string, any>> {
  const { status, body } = await uploadZip(t, zip, '?wait=true');
  assert.is(status, 201, JSON.stringify(body).slice(0, 500));
  return body;
}

async function storedPaths(t: TestApp, packageId: string): Promise<string[]> {
  const rows = await t.database.db('package_files').where('package_id', packageId).select('path');
  return rows.map((r: { path: string }) => r.path).sort();
}

async function contentOf(t: TestApp, packageId: string, path: string): Promise<{ status: number; body: Buffer }> {
  const { base_url } = (await (await t.admin(`/api/v1/packages/${packageId}/content-token`, { method: 'POST' })).json()) as { base_url: string };
  const res = await fetch(base_url + path);
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}

/** `total` zero bytes deflated without ever holding them all: a few KB of zip for many MB of data. */
async function deflatedZeros(total: number): Promise<{ deflated: Buffer; crc: number }> {
  const chunk = Buffer.alloc(MB);
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  let crc = 0;
  for (let written = 0; written < total; written += MB) {
    crc = crc32(chunk, crc);
    if (!deflate.write(chunk)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return { deflated: Buffer.concat(out), crc };
}

function yazlZip(add: (zip: yazl.ZipFile) => void): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  add(zip);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

function tinyFiles(count: number): ZipEntrySpec[] {
  return Array.from({ length: count }, (_, i) => ({ name: `f/${Math.floor(i / 1000)}/${i}.txt`, data: String(i % 10), method: 'store' as const }));
}

const UNSAFE_NAMES: Array<[label: string, name: string | Buffer]> = [
  ['../', `../${TAG}.txt`],
  ['a/../../', `a/../../${TAG}.txt`],
  ['/abs', `/abs/${TAG}.txt`],
  ['C:\\', `C:\\${TAG}.txt`],
  ['C:/', `C:/${TAG}.txt`],
  ['..\\', `..\\${TAG}.txt`],
  ['a\\..\\..\\', `a\\..\\..\\${TAG}.txt`],
  ['NUL', `${TAG}.txt\u0000.html`],
  ['fullwidth dots', `\uFF0E\uFF0E/${TAG}.txt`],
  ['overlong UTF-8 dots', Buffer.concat([Buffer.from([0xc0, 0xae, 0xc0, 0xae, 0x2f]), Buffer.from(`${TAG}.txt`)])],
  ['directory ../', `../${TAG}/`],
];

for (const kind of testDatabaseKinds()) {
  const test = suite<{ hostileApp: TestApp; goodApp: TestApp }>(`hostile zips (${kind}, local)`);
  test.before(async (ctx) => {
    // Failures and successes in separate apps: assertNothingLeft counts every package row.
    ctx.hostileApp = await startTestApp(kind, { env: { SCORM_MAX_UNCOMPRESSED_MB: '5' } });
    ctx.goodApp = await startTestApp(kind, { env: { SCORM_MAX_FILES: String(MANY) } });
  });
  test.after(async (ctx) => {
    await ctx.hostileApp?.stop();
    await ctx.goodApp?.stop();
  });

  for (const [label, name] of UNSAFE_NAMES) {
    test(`entry name ${label} → UNSAFE_PATH, nothing written anywhere`, async ({ hostileApp: t }) => {
      const extra: ZipEntrySpec = typeof name === 'string' && name.endsWith('/') ? { name, data: '', method: 'store' } : { name, data: 'pwned\n' };
      await expectFailure(t, hostile(extra), 'UNSAFE_PATH');
      // The hostile entry first too: the gate is not a property of entry order.
      await expectFailure(t, writeZip([extra, ...scormEntries()]), 'UNSAFE_PATH');
      assert.equal(escapedFiles(t), []);
    });
  }

  test('a symlink entry → UNSAFE_PATH', async ({ hostileApp: t }) => {
    const link: ZipEntrySpec = { name: `${TAG}.html`, data: '../../../../../../etc/passwd', method: 'store', externalAttributes: SYMLINK_ATTRIBUTES, madeByHost: UNIX };
    await expectFailure(t, hostile(link), 'UNSAFE_PATH');
    // A symlink in a folder, under a name the manifest uses.
    await expectFailure(t, writeZip([{ name: 'imsmanifest.xml', data: scormManifest() }, { ...link, name: 'index.html' }]), 'UNSAFE_PATH');
    assert.equal(escapedFiles(t), []);
  });

  test('zip bomb: 1 KB declared, 50 MB inflated → ZIP_TOO_LARGE quickly, little memory', async ({ hostileApp: t }) => {
    const { deflated, crc } = await deflatedZeros(50 * MB);
    assert.ok(deflated.length < 200 * 1024, `the bomb is small (${deflated.length} bytes)`);
    // Also a lie over a large body (8 MB of deflate "stored" blocks), which is left unread.
    const noise = randomBytes(8 * MB);
    const variants: ZipEntrySpec[] = [
      { name: 'media/zeros.bin', rawData: deflated, crc, declaredSize: 1024 },
      { name: 'media/zeros.bin', rawData: deflated, crc, declaredSize: 1024, dataDescriptor: true },
      { name: 'media/noise.bin', data: noise, rawData: deflateRawSync(noise, { level: 0 }), declaredSize: 1024 },
    ];
    for (const variant of variants) {
      const zip = hostile(variant);
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
      try {
        await expectFailure(t, zip, 'ZIP_TOO_LARGE');
      } finally {
        clearInterval(sampler);
      }
      peak = Math.max(peak, process.memoryUsage().rss);
      assert.ok(peak - before < 50 * MB, `RSS grew by ${Math.round((peak - before) / MB)} MB`);
    }
  });

  test('zip bomb: honest headers, several entries inflating past SCORM_MAX_UNCOMPRESSED_MB → ZIP_TOO_LARGE', async ({ hostileApp: t }) => {
    // Each entry says 2 MB and is 2 MB: every header is true, only the sum (6 MB) is over 5 MB.
    const { deflated, crc } = await deflatedZeros(2 * MB);
    const entries = [1, 2, 3].map((i) => ({ name: `media/${i}.bin`, rawData: deflated, crc, declaredSize: 2 * MB }));
    const job = await expectFailure(t, hostile(entries), 'ZIP_TOO_LARGE');
    assert.is(job.stage, 'validating', 'refused from the central directory, before inflating');
  });

  test('zip bomb: headers declare 3 GB → ZIP_TOO_LARGE at validation', async ({ hostileApp: t }) => {
    const small = Buffer.from('not really three gigabytes');
    const job = await expectFailure(t, hostile({ name: 'media/huge.bin', data: small, declaredSize: 3 * 1024 * MB }), 'ZIP_TOO_LARGE');
    assert.is(job.stage, 'validating');
    // And in zip64 form, where the sizes are 64-bit.
    const job64 = await expectFailure(
      t,
      writeZip([...scormEntries('', { zip64: true }), { name: 'media/huge.bin', data: small, declaredSize: 3 * 1024 * MB, zip64: true }], { zip64: true }),
      'ZIP_TOO_LARGE',
    );
    assert.is(job64.stage, 'validating');
  });

  test('50,000 tiny files with SCORM_MAX_FILES 20000 → ZIP_TOO_LARGE', async ({ hostileApp: t }) => {
    const job = await expectFailure(t, hostile(tinyFiles(50_000)), 'ZIP_TOO_LARGE');
    assert.is(job.stage, 'validating');
    assert.match(job.error.message, /SCORM_MAX_FILES/);
  });

  test('a truncated zip → ZIP_CORRUPT', async ({ hostileApp: t }) => {
    const whole = hostile({ name: 'media/noise.bin', data: randomBytes(64 * 1024) });
    await expectFailure(t, whole.subarray(0, Math.floor(whole.length / 2)), 'ZIP_CORRUPT');
    await expectFailure(t, whole.subarray(0, whole.length - 10), 'ZIP_CORRUPT');
    // The directory intact but an entry's data cut short: its compressed size runs into the directory.
    await expectFailure(t, hostile({ name: 'media/noise.bin', data: randomBytes(64 * 1024), method: 'store', declaredCompressedSize: 80 * 1024 }), 'ZIP_CORRUPT');
    // A deflated entry whose compressed stream was cut in half (headers honest about the cut).
    const text = Buffer.from(Array.from({ length: 4000 }, (_, i) => `line ${i} ${i * 7919}`).join('\n'));
    const cut = deflateRawSync(text).subarray(0, 3000);
    await expectFailure(t, hostile({ name: 'media/cut.txt', data: text, rawData: cut }), 'ZIP_CORRUPT');
  });

  test('garbage deflate data → ZIP_CORRUPT', async ({ hostileApp: t }) => {
    // 0xFF starts a block of the reserved type 3: never valid deflate.
    await expectFailure(t, hostile({ name: 'media/broken.bin', data: 'x'.repeat(1000), rawData: Buffer.alloc(200, 0xff) }), 'ZIP_CORRUPT');
    // The manifest itself damaged.
    await expectFailure(t, writeZip([{ name: 'imsmanifest.xml', data: scormManifest(), rawData: Buffer.alloc(200, 0xff) }, { name: 'index.html', data: INDEX_HTML }]), 'ZIP_CORRUPT');
  });

  test('data that does not match its CRC-32 → ZIP_CORRUPT', async ({ hostileApp: t }) => {
    const data = Buffer.from('these bytes were damaged in transit\n');
    await expectFailure(t, hostile({ name: 'media/damaged.txt', data, crc: (crc32(data) ^ 0x1) >>> 0 }), 'ZIP_CORRUPT');
    await expectFailure(t, hostile({ name: 'media/damaged.txt', data, crc: (crc32(data) ^ 0x1) >>> 0, method: 'store', dataDescriptor: true }), 'ZIP_CORRUPT');
    // Past the one-read size the entry streams: the same check at its end.
    const large = randomBytes(SMALL_ENTRY_BYTES * 2);
    await expectFailure(t, hostile({ name: 'media/damaged.bin', data: large, crc: (crc32(large) ^ 0x1) >>> 0 }), 'ZIP_CORRUPT');
  });

  test('an encrypted entry fails at once with ZIP_CORRUPT (no retries)', async ({ hostileApp: t }) => {
    const job = await expectFailure(t, hostile({ name: 'media/secret.txt', data: 'x'.repeat(100), flags: 0x1 }), 'ZIP_CORRUPT');
    assert.match(job.error.message, /encrypt/i);
    const [row] = await t.database.db('import_jobs').where('id', job.job_id).select('attempts');
    assert.is(Number(row.attempts), 1);
  });

  test('an unsupported compression method (bzip2) → ZIP_CORRUPT', async ({ hostileApp: t }) => {
    const job = await expectFailure(t, hostile({ name: 'media/b.txt', data: 'x'.repeat(100), methodId: 12 }), 'ZIP_CORRUPT');
    assert.match(job.error.message, /compression method 12/);
  });

  test('a name longer than a storage key allows → UNSAFE_PATH at validation, no retries', async ({ hostileApp: t }) => {
    const job = await expectFailure(t, hostile({ name: `media/${'n'.repeat(950)}.txt`, data: 'long' }), 'UNSAFE_PATH');
    assert.is(job.stage, 'validating');
    const [row] = await t.database.db('import_jobs').where('id', job.job_id).select('attempts');
    assert.is(Number(row.attempts), 1);
  });

  test('the same name as a file and as a folder → ZIP_CORRUPT at validation', async ({ hostileApp: t }) => {
    const job = await expectFailure(t, hostile([{ name: 'media', data: 'a file' }, { name: 'media/a.txt', data: 'in a folder' }]), 'ZIP_CORRUPT');
    assert.is(job.stage, 'validating');
    await expectFailure(t, hostile([{ name: 'media/a.txt', data: 'in a folder' }, { name: 'media', data: 'a file' }]), 'ZIP_CORRUPT');
    // Two spellings of one name.
    await expectFailure(t, hostile([{ name: 'media/a.txt', data: '1' }, { name: 'media/./a.txt', data: '2' }]), 'ZIP_CORRUPT');
  });

  test('a central directory of 45,000 folder records → ZIP_TOO_LARGE before they are read', async ({ hostileApp: t }) => {
    // Folders are not files, but parsing millions of records is a bomb of its own.
    const folders = Array.from({ length: 45_000 }, (_, i) => ({ name: `d${i}/`, data: '', method: 'store' as const }));
    // The count comes from the end-of-central-directory record, read before any entry.
    const job = await expectFailure(t, hostile(folders), 'ZIP_TOO_LARGE');
    assert.match(job.error.message, /45002 entries/);
  });

  test('a text file named course.zip → 415 NOT_A_ZIP at once, no job', async ({ hostileApp: t }) => {
    const jobsBefore = (await t.database.db('import_jobs').select('id')).length;
    for (const multipart of [true, false]) {
      const form = new FormData();
      form.append('file', new Blob(['this is not a zip, whatever its name says\n'], { type: 'application/zip' }), 'course.zip');
      const init: RequestInit = multipart
        ? { method: 'POST', body: form }
        : { method: 'POST', body: 'this is not a zip either\n', headers: { 'content-type': 'application/zip' } };
      const res = await t.admin('/api/v1/packages', init);
      const body = (await res.json()) as { error?: { code: string } };
      assert.is(res.status, 415);
      assert.is(body.error?.code, 'NOT_A_ZIP');
    }
    assert.is((await t.database.db('import_jobs').select('id')).length, jobsBefore);
    assert.equal(readdirSync(join(t.dataDir, 'uploads')), []);
  });

  test('a zip64 archive imports, its files byte-for-byte', async ({ goodApp: t }) => {
    const media = randomBytes(10_000);
    const mine = writeZip([...scormEntries('', { zip64: true }), { name: 'media/r.bin', data: media, zip64: true }], { zip64: true });
    const theirs = await yazlZip((zip) => {
      zip.addBuffer(Buffer.from(scormManifest()), 'imsmanifest.xml', { forceZip64Format: true });
      zip.addBuffer(Buffer.from(INDEX_HTML), 'index.html', { forceZip64Format: true });
      zip.addBuffer(media, 'media/r.bin', { forceZip64Format: true, compress: false });
    });
    for (const zip of [mine, theirs]) {
      const pkg = await expectImport(t, zip);
      assert.equal(await storedPaths(t, pkg.id), ['imsmanifest.xml', 'index.html', 'media/r.bin']);
      const got = await contentOf(t, pkg.id, 'media/r.bin');
      assert.is(got.status, 200);
      assert.ok(got.body.equals(media));
    }
  });

  test('entries with data descriptors import, byte-for-byte', async ({ goodApp: t }) => {
    const media = randomBytes(20_000);
    const variants = [
      writeZip([...scormEntries('', { dataDescriptor: true }), { name: 'media/r.bin', data: media, dataDescriptor: true }]),
      writeZip([...scormEntries('', { dataDescriptor: true, method: 'store' }), { name: 'media/r.bin', data: media, dataDescriptor: true, method: 'store' }]),
      writeZip([...scormEntries('', { dataDescriptor: true, zip64: true }), { name: 'media/r.bin', data: media, dataDescriptor: true, zip64: true }], { zip64: true }),
      // yazl writes a data descriptor for every stream it adds.
      await yazlZip((zip) => {
        for (const [name, data] of [['imsmanifest.xml', Buffer.from(scormManifest())], ['index.html', Buffer.from(INDEX_HTML)], ['media/r.bin', media]] as const) {
          const s = new PassThrough();
          s.end(data);
          zip.addReadStream(s, name);
        }
      }),
    ];
    for (const zip of variants) {
      const pkg = await expectImport(t, zip);
      assert.is(pkg.file_count, 3);
      const got = await contentOf(t, pkg.id, 'media/r.bin');
      assert.ok(got.body.equals(media), `${got.status}, ${got.body.length} bytes`);
      assert.is((await contentOf(t, pkg.id, 'index.html')).body.toString(), INDEX_HTML);
    }
  });

  test('entries either side of the one-read size, and a local extra past the read allowance, import byte-for-byte', async ({ goodApp: t }) => {
    // Up to SMALL_ENTRY_BYTES an entry is read, inflated and written whole; past it, streamed.
    const text = (n: number) => Buffer.from('lesson score status '.repeat(Math.ceil(n / 20)).slice(0, n));
    const media: Array<[string, Buffer, 'store' | 'deflate', number?]> = [
      ['media/empty.bin', Buffer.alloc(0), 'store'],
      ['media/at-limit.bin', randomBytes(SMALL_ENTRY_BYTES), 'store'],
      ['media/past-limit.bin', randomBytes(SMALL_ENTRY_BYTES + 1), 'store'],
      ['media/at-limit.txt', text(SMALL_ENTRY_BYTES), 'deflate'],
      ['media/past-limit.txt', text(SMALL_ENTRY_BYTES + 1), 'deflate'],
      ['media/large.txt', text(3 * MB), 'deflate'],
      ['media/padded.txt', text(1000), 'deflate', 4000],
    ];
    const zip = writeZip([
      ...scormEntries(),
      ...media.map(([name, data, method, localExtraPadding]) => ({ name, data, method, ...(localExtraPadding ? { localExtraPadding } : {}) })),
    ]);
    const pkg = await expectImport(t, zip);
    for (const [name, data] of media) {
      const got = await contentOf(t, pkg.id, name);
      assert.is(got.status, 200, name);
      assert.ok(got.body.equals(data), `${name}: ${got.body.length} of ${data.length} bytes`);
    }
  });

  test('__MACOSX/ and .DS_Store entries are skipped', async ({ goodApp: t }) => {
    const zip = writeZip([
      ...scormEntries(),
      { name: '__MACOSX/', data: '', method: 'store' },
      { name: '__MACOSX/._index.html', data: randomBytes(100) },
      { name: '.DS_Store', data: randomBytes(100) },
      { name: 'media/.DS_Store', data: randomBytes(100) },
      { name: 'media/ok.txt', data: 'kept' },
    ]);
    const pkg = await expectImport(t, zip);
    assert.equal(await storedPaths(t, pkg.id), ['imsmanifest.xml', 'index.html', 'media/ok.txt']);
    assert.is(pkg.file_count, 3);
    const objects: string[] = [];
    for await (const o of t.blobs.list(pkg.id)) objects.push(o.path);
    assert.equal(objects.sort(), ['imsmanifest.xml', 'index.html', 'media/ok.txt']);
    assert.is((await contentOf(t, pkg.id, '.DS_Store')).status, 404);
  });

  test('a manifest in a single top-level folder: that folder is the root', async ({ goodApp: t }) => {
    const zip = writeZip([{ name: 'course/', data: '', method: 'store' }, ...scormEntries('course/'), { name: 'course/media/a.txt', data: 'a' }, { name: '__MACOSX/course/._index.html', data: 'junk' }]);
    const pkg = await expectImport(t, zip);
    assert.equal(await storedPaths(t, pkg.id), ['imsmanifest.xml', 'index.html', 'media/a.txt']);
    assert.is(pkg.organizations[0].items[0].launch_url, 'index.html');
    assert.is((await contentOf(t, pkg.id, 'index.html')).body.toString(), INDEX_HTML);
  });

  test(`${MANY} tiny files import with SCORM_MAX_FILES at exactly that count, progress writes bounded`, async ({ goodApp: t }) => {
    // One more file than the limit is refused at validation (and stores nothing)...
    const over = await uploadZip(t, writeZip([...scormEntries(), ...tinyFiles(MANY - 1)]), '?wait=true');
    assert.is(over.status, 422);
    assert.is(over.body.error.code, 'ZIP_TOO_LARGE');
    for await (const o of t.blobs.list(over.body.error.job.job_id)) assert.unreachable(`stored ${o.path}`);

    // ...and exactly the limit imports, with progress written at a bounded rate.
    const zip = writeZip([...scormEntries(), ...tinyFiles(MANY - 2)]);
    let progressWrites = 0;
    const onQuery = (q: { sql: string }) => {
      if (/^update\s+[`"]?import_jobs/i.test(q.sql) && /files_done/i.test(q.sql)) progressWrites++;
    };
    t.database.db.on('query', onQuery);
    const started = performance.now();
    let pkg;
    try {
      pkg = await expectImport(t, zip);
    } finally {
      t.database.db.off('query', onQuery);
    }
    const seconds = (performance.now() - started) / 1000;
    assert.is(pkg.file_count, MANY);
    const [job] = await t.database.db('import_jobs').where('package_id', pkg.id).select('files_total', 'files_done', 'progress', 'status');
    assert.is(job.status, 'completed');
    assert.is(Number(job.files_total), MANY);
    assert.is(Number(job.files_done), MANY);
    assert.ok(progressWrites > 0, 'progress was written');
    // At most one write per 250 ms plus the stage changes, never one per file.
    assert.ok(progressWrites <= seconds * 4 + 12, `${progressWrites} progress writes in ${seconds.toFixed(1)} s`);
    assert.is((await contentOf(t, pkg.id, `f/${Math.floor((MANY - 3) / 1000)}/${MANY - 3}.txt`)).body.toString(), String((MANY - 3) % 10));
  });

  test.run();
}
