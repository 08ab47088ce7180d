// Checks every entry of a zip's central directory before anything is written: the path gate,
// symlinks, encryption and compression method, file count and declared size, entries that
// contradict each other or the archive. Refuses an archive with too many records before reading
// them, so the directory itself cannot be the bomb.
import { open, type FileHandle } from 'node:fs/promises';
import { MAX_PATH_BYTES, normalizePackagePath } from '../../scorm/path-gate.ts';
import { ImportError } from './import-error.ts';
import { openEntryData, readCentralRecords, readEntryBytes, readZipEnd, type CentralRecord, type EntryLocation, type ZipEnd } from './zip-directory.ts';

export interface ZipFileEntry {
  /** The entry's name as stored in the zip, normalised by the path gate. */
  path: string;
  compressedSize: number;
  declaredSize: number;
  /** CRC-32 of the inflated bytes, from the central directory. */
  crc32: number;
  /** Deflated entries are inflated; stored ones are their own bytes. */
  method: 'stored' | 'deflated';
  /**
   * Opens the entry's inflated bytes; destroying the stream releases the file. Through `zip`, an
   * open handle of the archive, when given (left open).
   */
  open(zip?: FileHandle): NodeJS.ReadableStream;
  /** The entry's bytes as stored in the archive (compressed), read through `zip`. */
  readCompressed(zip: FileHandle): Promise<Buffer>;
}

export interface ZipListing {
  files: ZipFileEntry[];
  declaredTotal: number;
  compressedTotal: number;
}

export interface ZipLimits {
  maxUncompressedBytes: number;
  maxFiles: number;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const STORED = 0;
const DEFLATED = 8;
/** Folder and junk records do not count as files, but an archive may not hide a bomb in them. */
const recordLimit = (limits: ZipLimits) => limits.maxFiles * 2 + 1000;

/** Finder and Windows leave these behind; they are never part of a package (skipped, not refused). */
function isJunk(path: string): boolean {
  return path.startsWith('__MACOSX/') || path === '.DS_Store' || path.endsWith('/.DS_Store') || path.endsWith('/Thumbs.db') || path === 'Thumbs.db';
}

const corrupt = (message: string) => new ImportError('ZIP_CORRUPT', message);

export async function listZip(file: string, limits: ZipLimits): Promise<ZipListing> {
  const fh = await open(file, 'r');
  try {
    const end = await readZipEnd(fh);
    if (end.entries > recordLimit(limits)) {
      throw new ImportError('ZIP_TOO_LARGE', `The zip holds ${end.entries} entries, more than SCORM_MAX_FILES (${limits.maxFiles}) allows.`);
    }
    return await checkEntries(fh, file, end, limits);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw corrupt(`The file is not a readable zip archive (${error instanceof Error ? error.message : String(error)}).`);
  } finally {
    await fh.close();
  }
}

async function checkEntries(fh: Awaited<ReturnType<typeof open>>, file: string, end: ZipEnd, limits: ZipLimits): Promise<ZipListing> {
  const files: ZipFileEntry[] = [];
  const archive: Archive = { file, directoryOffset: end.directoryOffset };
  const seen = new Set<string>();
  const folders = new Set<string>();
  let declaredTotal = 0;
  let compressedTotal = 0;
  for await (const record of readCentralRecords(fh, end)) {
    const raw = record.name.toString('utf8');
    const gate = normalizePackagePath(raw);
    if (!gate.ok) throw new ImportError('UNSAFE_PATH', `The zip entry "${printable(raw)}" is not allowed: ${gate.reason}.`);
    const path = gate.path;
    if (isJunk(path)) continue;
    if (isSymlink(record)) throw new ImportError('UNSAFE_PATH', `The zip entry "${printable(raw)}" is a symbolic link; links are not allowed.`);
    if (Buffer.byteLength(path) > MAX_PATH_BYTES) {
      throw new ImportError('UNSAFE_PATH', `The zip entry "${printable(path).slice(0, 80)}..." has a name longer than ${MAX_PATH_BYTES} bytes.`);
    }
    // A folder record: nothing to store (whatever data it claims is never read).
    if (path.endsWith('/')) continue;
    checkReadable(record, path);
    if (seen.has(path)) throw corrupt(`The zip holds "${printable(path)}" twice.`);
    seen.add(path);
    for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) folders.add(path.slice(0, i));
    if (files.length + 1 > limits.maxFiles) {
      throw new ImportError('ZIP_TOO_LARGE', `The zip holds more than ${limits.maxFiles} files (SCORM_MAX_FILES).`);
    }
    declaredTotal += record.uncompressedSize;
    compressedTotal += record.compressedSize;
    if (declaredTotal > limits.maxUncompressedBytes) {
      throw new ImportError('ZIP_TOO_LARGE', `The zip declares more than ${mb(limits.maxUncompressedBytes)} MB of content once unpacked (SCORM_MAX_UNCOMPRESSED_MB).`);
    }
    files.push(new ListedEntry(path, record, archive));
  }
  // "a" and "a/b" cannot both be files: no file system or URL can hold them together.
  const clash = files.find((f) => folders.has(f.path));
  if (clash) throw corrupt(`The zip holds "${printable(clash.path)}" both as a file and as a folder.`);
  return { files, declaredTotal, compressedTotal };
}

/** What every entry of one listing shares. */
interface Archive {
  file: string;
  directoryOffset: number;
}

/**
 * One listed entry, kept small: a package may hold SCORM_MAX_FILES of them for the whole import,
 * so it holds numbers and its path, not the central record's buffers nor a closure per method
 * (decision 0039).
 */
class ListedEntry implements ZipFileEntry {
  readonly compressedSize: number;
  readonly declaredSize: number;
  readonly crc32: number;
  readonly method: 'stored' | 'deflated';
  private readonly localHeaderOffset: number;
  private readonly nameLength: number;

  constructor(readonly path: string, record: CentralRecord, private readonly archive: Archive) {
    this.compressedSize = record.compressedSize;
    this.declaredSize = record.uncompressedSize;
    this.crc32 = record.crc32;
    this.method = record.method === DEFLATED ? 'deflated' : 'stored';
    this.localHeaderOffset = record.localHeaderOffset;
    this.nameLength = record.name.length;
  }

  open(zip?: FileHandle): NodeJS.ReadableStream {
    return openEntryData(zip ?? this.archive.file, this.location(), this.archive.directoryOffset);
  }

  readCompressed(zip: FileHandle): Promise<Buffer> {
    return readEntryBytes(zip, this.location(), this.archive.directoryOffset);
  }

  private location(): EntryLocation {
    return { method: this.method === 'deflated' ? DEFLATED : STORED, compressedSize: this.compressedSize, localHeaderOffset: this.localHeaderOffset, nameLength: this.nameLength };
  }
}

function isSymlink(record: CentralRecord): boolean {
  // Unix hosts keep the file mode in the high 16 bits (APPNOTE 4.4.15). Other hosts leave them
  // zero, so a link mode there is refused whatever "version made by" claims.
  return ((record.externalAttributes >>> 16) & S_IFMT) === S_IFLNK;
}

/** What this reader can inflate: stored or deflated, unencrypted, with sizes that agree. */
function checkReadable(record: CentralRecord, path: string): void {
  if (record.flags & 0x1 || record.flags & 0x40) throw corrupt(`The zip entry "${printable(path)}" is encrypted; encrypted packages are not supported.`);
  if (record.method !== STORED && record.method !== DEFLATED) {
    throw corrupt(`The zip entry "${printable(path)}" uses compression method ${record.method}; only stored and deflated entries are supported.`);
  }
  if (record.method === STORED && record.compressedSize !== record.uncompressedSize) {
    throw corrupt(`The zip entry "${printable(path)}" is stored but its sizes disagree (${record.compressedSize} and ${record.uncompressedSize} bytes).`);
  }
}

export function mb(bytes: number): number {
  return Math.round(bytes / 1048576);
}

function printable(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
