// The experiments behind docs/decisions/0013-own-zip-reader.md: valid or merely unlucky zips on
// which unzipper 0.12.5's central-directory API (unzipper.Open.file) fails or keeps a file open,
// read side by side with our reader (server/jobs/zip-entries.ts + zip-directory.ts). The
// unzipper assertions record its behaviour today; when one fails, unzipper changed and the
// decision deserves another look.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import unzipper from 'unzipper';
import { listZip } from '../../server/jobs/zip-entries.ts';
import { openFilesUnder } from '../helpers/open-files.ts';
import { writeZip, type ZipEntrySpec } from '../helpers/zip-writer.ts';

const limits = { maxUncompressedBytes: 1024 ** 3, maxFiles: 20_000 };
const test = suite<{ dir: string }>('zip reader decision: unzipper.Open.file against our reader');
test.before((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'scorm-zip-decision-'));
});
test.after((ctx) => rmSync(ctx.dir, { recursive: true, force: true }));

let n = 0;
function zipFile(dir: string, entries: ZipEntrySpec[], options: Parameters<typeof writeZip>[1] = {}): string {
  const file = join(dir, `z${++n}.zip`);
  writeFileSync(file, writeZip(entries, options));
  return file;
}

async function sha(stream: NodeJS.ReadableStream): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream as Readable) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
const shaOf = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** unzipper's answer: the entry names, or the error message (never hangs the suite). */
/** unzipper's listing of the zip, or what went wrong: its error, or no answer in `waitMs` (some zips leave it hanging). */
async function unzipperNames(file: string, options?: { tailSize: number }, waitMs = 5000): Promise<string[] | string> {
  const open = unzipper.Open.file as (file: string, options?: { tailSize: number }) => ReturnType<typeof unzipper.Open.file>;
  const opened = open(file, options).then(
    (d: Awaited<ReturnType<typeof unzipper.Open.file>>) => d.files.map((f) => f.path),
    (error: Error) => `error: ${error.message}`,
  );
  return Promise.race([opened, new Promise<string>((r) => setTimeout(() => r(`no answer in ${waitMs} ms`), waitMs))]);
}

const course: ZipEntrySpec[] = [
  { name: 'imsmanifest.xml', data: '<manifest identifier="m"/>' },
  { name: 'index.html', data: '<p>hello</p>'.repeat(200) },
];

test('E1: an archive comment longer than 58 bytes — unzipper finds no directory, ours reads it', async ({ dir }) => {
  const file = zipFile(dir, course, { comment: Buffer.from('Exported by an authoring tool, with a comment of some length.') });
  assert.is(await unzipperNames(file), 'error: FILE_ENDED', 'unzipper looks for the end record in the last 80 bytes only (tailSize)');
  assert.equal((await listZip(file, limits)).files.map((f) => f.path), ['imsmanifest.xml', 'index.html']);
});

test('E2: with tailSize widened to any comment, a stored zip inside the package misleads unzipper', async ({ dir }) => {
  const inner = writeZip([{ name: 'inner.txt', data: 'a download' }]);
  const file = zipFile(dir, [...course, { name: 'downloads/example.zip', data: inner, method: 'store' }]);
  const answer = await unzipperNames(file, { tailSize: 65_557 });
  // The first end-record signature in the window is the nested zip's: its offsets lead nowhere.
  assert.is(answer, 'error: FILE_ENDED');
  assert.equal((await listZip(file, limits)).files.map((f) => f.path), ['imsmanifest.xml', 'index.html', 'downloads/example.zip']);
});

test('E3: local extra field longer than the central one by more than 1000 bytes (zipalign-style padding) — unzipper cuts the data', async ({ dir }) => {
  const data = Buffer.alloc(64 * 1024, 0x5a);
  const file = zipFile(dir, [...course, { name: 'media/clip.bin', data, method: 'store', localExtraPadding: 4000 }]);
  const directory = await unzipper.Open.file(file);
  const entry = directory.files.find((f) => f.path === 'media/clip.bin')!;
  const theirs = await sha(entry.stream()).catch((error: Error) => `error: ${error.message}`);
  // unzipper reads 30 + 1000 + the central name and extra + the size from the local header on:
  // the stream ends 3,003 bytes short (62,533 of 65,536).
  assert.is(theirs, 'error: FILE_ENDED');
  const ours = (await listZip(file, limits)).files.find((f) => f.path === 'media/clip.bin')!;
  assert.is(await sha(ours.open()), shaOf(data));
});

test('E4: an entry stream destroyed after its first chunk — unzipper keeps the zip open, ours closes it', async ({ dir }) => {
  const file = zipFile(dir, [...course, { name: 'media/big.bin', data: Buffer.alloc(8 * 1024 * 1024, 7), method: 'store' }]);
  const firstChunkThenDestroy = async (stream: NodeJS.ReadableStream & { destroy(): void }) => {
    await new Promise<void>((resolve) => stream.once('data', () => resolve()));
    stream.destroy();
  };
  const directory = await unzipper.Open.file(file);
  const theirs = directory.files.find((f) => f.path === 'media/big.bin')!.stream();
  await firstChunkThenDestroy(theirs);
  assert.is((await openFilesUnder(dir, 1000)).length, 1, 'unzipper: the descriptor stays open (what a failed import would leak)');
  // Drain what unzipper left paused so this test does not leak the descriptor itself.
  (theirs as unknown as { unpipe(): void }).unpipe();

  const ours = (await listZip(file, limits)).files.find((f) => f.path === 'media/big.bin')!;
  const before = (await openFilesUnder(dir, 0)).length;
  await firstChunkThenDestroy(ours.open() as NodeJS.ReadableStream & { destroy(): void });
  const after = await openFilesUnder(dir, 1000);
  assert.ok(after.length <= before, `ours: nothing more left open (${after.length} open, ${before} before)`);
});

test('E5: the entry count cannot be refused before unzipper has read every central record', async ({ dir }) => {
  // 45,000 folder records: ours refuses after reading the 22-byte end record (2 × 20,000 + 1,000 at most).
  const folders: ZipEntrySpec[] = Array.from({ length: 45_000 }, (_, i) => ({ name: `d${i}/`, data: '', method: 'store' }));
  const file = zipFile(dir, [...course, ...folders]);
  const started = process.hrtime.bigint();
  // unzipper does answer here, after parsing every record: a second or so, much longer on a busy
  // machine (it missed 5 s at a load average of 36), so it is given a minute.
  const names = await unzipperNames(file, undefined, 60_000);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert.ok(Array.isArray(names) && names.length === 45_002, `unzipper resolves only once all records are parsed into objects (${typeof names === 'string' ? names : names.length})`);
  try {
    await listZip(file, limits);
    assert.unreachable('ours refuses');
  } catch (error) {
    assert.is((error as { code?: string }).code, 'ZIP_TOO_LARGE');
  }
  console.log(`      (unzipper parsed 45,002 records in ${ms.toFixed(0)} ms before a caller could refuse the count)`);
});

test.run();
