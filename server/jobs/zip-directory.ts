// Reads a zip's central directory record by record (PKWARE APPNOTE 6.3.x 4.3.12-4.3.16, zip64
// 4.3.14-4.3.15 and 4.5.3) in bounded memory, and opens one entry's data as a stream that is
// closed with its file when the consumer stops. Structure only; the safety checks live in
// zip-entries.ts.
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { PassThrough, pipeline, Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { ImportError } from './import-error.ts';

export interface ZipEnd {
  entries: number;
  directoryOffset: number;
  directorySize: number;
}

export interface CentralRecord {
  name: Buffer;
  versionMadeBy: number;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  externalAttributes: number;
  localHeaderOffset: number;
}

/** What reading one entry's data needs of its central record. */
export type EntryLocation = Pick<CentralRecord, 'method' | 'compressedSize' | 'localHeaderOffset'> & { nameLength: number };

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;

/**
 * Bytes per read and per inflated chunk: every chunk is a trip through the libuv pool and
 * several stream stages, so 64 KiB (zlib's default is 16) quarters that cost of an import;
 * 16 entries at once hold a few MB of them.
 */
const CHUNK_BYTES = 64 * 1024;

const corrupt = (why: string) => new ImportError('ZIP_CORRUPT', `The file is not a readable zip archive (${why}).`);

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  // Not zeroed: a short read is refused below, so no byte of it is ever looked at unread.
  const buffer = Buffer.allocUnsafe(length);
  const { bytesRead } = await fh.read(buffer, 0, length, position);
  if (bytesRead < length) throw corrupt('unexpected end of file');
  return buffer;
}

function u64(buffer: Buffer, at: number): number {
  const value = buffer.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('a 64-bit size or offset out of range');
  return Number(value);
}

/** The end of central directory record (4.3.16), and the zip64 one when the archive has it. */
export async function readZipEnd(fh: FileHandle): Promise<ZipEnd> {
  const size = (await fh.stat()).size;
  if (size < 22) throw corrupt('too short to be a zip');
  const tailStart = Math.max(0, size - 22 - MAX_COMMENT);
  const tail = await readAt(fh, tailStart, size - tailStart);
  // The last signature whose comment fits in the file: a comment may itself contain the bytes.
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
      at = i;
      break;
    }
  }
  if (at < 0) throw corrupt('no end of central directory record; truncated?');
  const eocdOffset = tailStart + at;
  const disk = tail.readUInt16LE(at + 4);
  const directoryDisk = tail.readUInt16LE(at + 6);
  let entries = tail.readUInt16LE(at + 10);
  let directorySize = tail.readUInt32LE(at + 12);
  let directoryOffset = tail.readUInt32LE(at + 16);
  let directoryEnd = eocdOffset;

  const locatorAt = at - 20;
  const hasLocator = locatorAt >= 0 ? tail.readUInt32LE(locatorAt) === EOCD64_LOCATOR : false;
  if (hasLocator) {
    const recordOffset = u64(tail, locatorAt + 8);
    if (recordOffset + 56 > tailStart + locatorAt) throw corrupt('zip64 end record out of place');
    const record = await readAt(fh, recordOffset, 56);
    if (record.readUInt32LE(0) !== EOCD64) throw corrupt('bad zip64 end of central directory signature');
    if (record.readUInt32LE(16) !== 0 || record.readUInt32LE(20) !== 0) throw corrupt('multi-disk archives are not supported');
    entries = u64(record, 32);
    directorySize = u64(record, 40);
    directoryOffset = u64(record, 48);
    directoryEnd = recordOffset;
  } else if (entries === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    throw corrupt('zip64 markers without a zip64 end of central directory');
  } else if (disk !== 0 || directoryDisk !== 0) {
    throw corrupt('multi-disk archives are not supported');
  }
  if (directoryOffset + directorySize > directoryEnd) throw corrupt('the central directory runs past its end record; truncated?');
  return { entries, directoryOffset, directorySize };
}

/** Every central directory header (4.3.12), read through a small window, never the whole directory at once. */
export async function* readCentralRecords(fh: FileHandle, end: ZipEnd): AsyncGenerator<CentralRecord> {
  const limit = end.directoryOffset + end.directorySize;
  let window = Buffer.alloc(0);
  let windowStart = end.directoryOffset;
  let position = end.directoryOffset;
  const ensure = async (n: number) => {
    if (position + n > limit) throw corrupt('a central directory header runs past the directory');
    if (position - windowStart + n <= window.length) return;
    const keep = window.subarray(position - windowStart);
    const more = await readAt(fh, windowStart + window.length, Math.min(limit - (windowStart + window.length), Math.max(n - keep.length, 1 << 20)));
    window = Buffer.concat([keep, more]);
    windowStart = position;
  };
  for (let i = 0; i < end.entries; i++) {
    await ensure(46);
    let o = position - windowStart;
    if (window.readUInt32LE(o) !== CENTRAL) throw corrupt('bad central directory header signature');
    const nameLength = window.readUInt16LE(o + 28);
    const extraLength = window.readUInt16LE(o + 30);
    const commentLength = window.readUInt16LE(o + 32);
    await ensure(46 + nameLength + extraLength + commentLength);
    o = position - windowStart;
    const record: CentralRecord = {
      versionMadeBy: window.readUInt16LE(o + 4),
      flags: window.readUInt16LE(o + 8),
      method: window.readUInt16LE(o + 10),
      crc32: window.readUInt32LE(o + 16),
      compressedSize: window.readUInt32LE(o + 20),
      uncompressedSize: window.readUInt32LE(o + 24),
      externalAttributes: window.readUInt32LE(o + 38),
      localHeaderOffset: window.readUInt32LE(o + 42),
      name: Buffer.from(window.subarray(o + 46, o + 46 + nameLength)),
    };
    applyZip64Extra(record, window.subarray(o + 46 + nameLength, o + 46 + nameLength + extraLength));
    position += 46 + nameLength + extraLength + commentLength;
    yield record;
  }
}

/** The zip64 extended information extra field (4.5.3) holds, in order, the fields set to all ones. */
function applyZip64Extra(record: CentralRecord, extra: Buffer): void {
  const wanted = (['uncompressedSize', 'compressedSize', 'localHeaderOffset'] as const).filter((f) => record[f] === 0xffffffff);
  if (wanted.length === 0) return;
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const size = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      if (size < wanted.length * 8 || at + 4 + size > extra.length) break;
      wanted.forEach((field, k) => (record[field] = u64(extra, at + 4 + k * 8)));
      return;
    }
    at += 4 + size;
  }
  throw corrupt('a zip64 size without its zip64 extra field');
}

/**
 * The inflated bytes of one entry. The data starts after the local header (4.3.7), whose name and
 * extra lengths may differ from the central ones; its size is the central directory's, so data
 * descriptors (4.3.9) need no scanning. Given a path, the stream opens the file and closing the
 * stream closes it; given an open handle (an import reads every entry through one), the handle
 * stays open for its owner.
 */
export function openEntryData(source: string | FileHandle, record: EntryLocation, directoryOffset: number): Readable {
  const out = new PassThrough({ highWaterMark: CHUNK_BYTES });
  dataStartOf(source, record, directoryOffset).then(
    (dataStart) => {
      if (out.destroyed) return;
      const range = { start: dataStart, end: dataStart + record.compressedSize - 1, highWaterMark: CHUNK_BYTES };
      const input =
        record.compressedSize === 0
          ? Readable.from([])
          : typeof source === 'string'
            ? createReadStream(source, range)
            : readRange(source, dataStart, record.compressedSize);
      // pipeline destroys every stage when any one fails or `out` is destroyed by its consumer.
      if (record.method === 8) pipeline(input, createInflateRaw({ chunkSize: CHUNK_BYTES }), out, () => undefined);
      else pipeline(input, out, () => undefined);
    },
    (error: unknown) => out.destroy(error as Error),
  );
  return out;
}

/**
 * `length` bytes from `position` through a shared handle. Not fs.createReadStream: given a
 * FileHandle it adds a listener to the handle per stream and never removes it. The handle's own
 * reads also let its close() wait for one still in flight.
 */
function readRange(fh: FileHandle, position: number, length: number): Readable {
  const end = position + length;
  return new Readable({
    highWaterMark: CHUNK_BYTES,
    read() {
      const wanted = Math.min(CHUNK_BYTES, end - position);
      if (wanted <= 0) return void this.push(null);
      fh.read(Buffer.allocUnsafe(wanted), 0, wanted, position).then(
        ({ bytesRead, buffer }) => {
          if (bytesRead === 0) return void this.destroy(corrupt('unexpected end of file'));
          position += bytesRead;
          this.push(buffer.subarray(0, bytesRead));
        },
        (error: Error) => this.destroy(error),
      );
    },
  });
}

async function dataStartOf(source: string | FileHandle, record: EntryLocation, directoryOffset: number): Promise<number> {
  const fh = typeof source === 'string' ? await open(source, 'r') : source;
  let header: Buffer;
  try {
    header = await readAt(fh, record.localHeaderOffset, 30);
  } finally {
    if (fh !== source) await fh.close();
  }
  return dataStartFrom(header, 0, record, directoryOffset);
}

/** Where an entry's data begins, from its local header at `at` in `buffer` (4.3.7). */
function dataStartFrom(buffer: Buffer, at: number, record: EntryLocation, directoryOffset: number): number {
  if (buffer.readUInt32LE(at) !== LOCAL) throw corrupt('bad local file header signature');
  const dataStart = record.localHeaderOffset + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28);
  if (dataStart + record.compressedSize > directoryOffset) throw corrupt("an entry's data runs into the central directory");
  return dataStart;
}

/** Room read past the central name for the local header's extra field, so one read usually gets it all. */
const LOCAL_EXTRA_ALLOWANCE = 256;

/**
 * An entry's compressed bytes (with its local header, usually in one read) into memory: for
 * entries small enough that a stream would carry them in a chunk or two anyway (zip-file.ts).
 */
export async function readEntryBytes(fh: FileHandle, record: EntryLocation, directoryOffset: number): Promise<Buffer> {
  const guess = Math.min(30 + record.nameLength + LOCAL_EXTRA_ALLOWANCE + record.compressedSize, directoryOffset - record.localHeaderOffset);
  if (guess < 30) throw corrupt('a local file header runs into the central directory');
  const first = await readAt(fh, record.localHeaderOffset, guess);
  const dataStart = dataStartFrom(first, 0, record, directoryOffset);
  const from = dataStart - record.localHeaderOffset;
  if (from + record.compressedSize <= first.length) return first.subarray(from, from + record.compressedSize);
  return readAt(fh, dataStart, record.compressedSize);
}
