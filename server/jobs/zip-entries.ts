// Reads a zip's central directory (unzipper.Open.file, never the streaming parser) and checks
// every entry before anything is written: the path gate, symlinks, file count and declared size.
import unzipper from 'unzipper';
import { normalizePackagePath } from '../core/path-gate.ts';
import { ImportError } from './import-error.ts';

export interface ZipFileEntry {
  /** The entry's name as stored in the zip, normalised by the path gate. */
  path: string;
  compressedSize: number;
  declaredSize: number;
  /** Opens the entry's inflated bytes. */
  open(): NodeJS.ReadableStream;
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

/** Finder and Windows leave these behind; they are never part of a package (skipped, not refused). */
function isJunk(path: string): boolean {
  return path.startsWith('__MACOSX/') || path === '.DS_Store' || path.endsWith('/.DS_Store') || path.endsWith('/Thumbs.db') || path === 'Thumbs.db';
}

export async function listZip(file: string, limits: ZipLimits): Promise<ZipListing> {
  let directory: Awaited<ReturnType<typeof unzipper.Open.file>>;
  try {
    directory = await unzipper.Open.file(file);
  } catch (error) {
    throw new ImportError('ZIP_CORRUPT', `The file is not a readable zip archive (${describe(error)}).`);
  }

  const files: ZipFileEntry[] = [];
  const seen = new Set<string>();
  let declaredTotal = 0;
  let compressedTotal = 0;
  for (const entry of directory.files) {
    const raw = entry.path;
    const gate = normalizePackagePath(raw);
    if (!gate.ok) throw new ImportError('UNSAFE_PATH', `The zip entry "${printable(raw)}" is not allowed: ${gate.reason}.`);
    const path = gate.path;
    if (isJunk(path)) continue;
    const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
    if (mode === S_IFLNK) throw new ImportError('UNSAFE_PATH', `The zip entry "${printable(raw)}" is a symbolic link; links are not allowed.`);
    if (entry.type === 'Directory' || path.endsWith('/')) continue;
    if (seen.has(path)) throw new ImportError('ZIP_CORRUPT', `The zip holds "${printable(path)}" twice.`);
    seen.add(path);
    if (files.length + 1 > limits.maxFiles) {
      throw new ImportError('ZIP_TOO_LARGE', `The zip holds more than ${limits.maxFiles} files (SCORM_MAX_FILES).`);
    }
    declaredTotal += entry.uncompressedSize;
    compressedTotal += entry.compressedSize;
    if (declaredTotal > limits.maxUncompressedBytes) {
      throw new ImportError('ZIP_TOO_LARGE', `The zip declares more than ${mb(limits.maxUncompressedBytes)} MB of content once unpacked (SCORM_MAX_UNCOMPRESSED_MB).`);
    }
    files.push({
      path,
      compressedSize: entry.compressedSize,
      declaredSize: entry.uncompressedSize,
      open: () => entry.stream(),
    });
  }
  return { files, declaredTotal, compressedTotal };
}

export function mb(bytes: number): number {
  return Math.round(bytes / 1048576);
}

function printable(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
