// Counts the bytes actually inflated from a zip and stops the stream the moment an entry grows
// past its declared size or the package past SCORM_MAX_UNCOMPRESSED_MB: a zip bomb is stopped
// after at most the limit, whatever its headers claim. At the end it checks the entry's size and
// CRC-32 (APPNOTE 4.4.7), so damaged data is never stored as if it were whole. inflateSmall
// applies the same checks to an entry inflated in one call.
import * as zlib from 'node:zlib';
import { Transform } from 'node:stream';
import { promisify } from 'node:util';
import { ImportError } from './import-error.ts';
import { mb } from './zip-entries.ts';

export interface InflateBudget {
  limit: number;
  used: number;
}

export function inflateGuard(
  path: string,
  declaredSize: number,
  budget: InflateBudget,
  onBytes: (n: number) => void,
  expectedCrc?: number,
): Transform {
  let entryBytes = 0;
  let crc = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      entryBytes += chunk.length;
      budget.used += chunk.length;
      if (entryBytes > declaredSize) {
        callback(tooLarge(path, declaredSize));
        return;
      }
      if (budget.used > budget.limit) {
        callback(new ImportError('ZIP_TOO_LARGE', `The zip inflates to more than ${mb(budget.limit)} MB (SCORM_MAX_UNCOMPRESSED_MB).`));
        return;
      }
      if (expectedCrc !== undefined) crc = crc32(chunk, crc);
      onBytes(chunk.length);
      callback(null, chunk);
    },
    flush(callback) {
      if (entryBytes !== declaredSize) {
        callback(new ImportError('ZIP_CORRUPT', `The zip entry "${path}" is truncated (${entryBytes} of ${declaredSize} bytes).`));
        return;
      }
      if (expectedCrc !== undefined && crc !== expectedCrc >>> 0) {
        callback(new ImportError('ZIP_CORRUPT', `The zip entry "${path}" is damaged (its CRC-32 does not match).`));
        return;
      }
      callback();
    },
  });
}

const inflateRaw = promisify(zlib.inflateRaw);

/**
 * Inflates (or takes, when stored) a whole small entry in one call on the libuv pool: a zip
 * bomb is cut off at the entry's declared size (maxOutputLength), so it never holds more than
 * that; then the size, the package budget and the CRC-32 are checked as inflateGuard does.
 */
export async function inflateSmall(
  path: string,
  compressed: Buffer,
  deflated: boolean,
  declaredSize: number,
  budget: InflateBudget,
  expectedCrc: number,
): Promise<Buffer> {
  let bytes = compressed;
  if (deflated) {
    try {
      // One output chunk holds the whole entry, so the inflate is a single trip through the pool.
      bytes = await inflateRaw(compressed, { maxOutputLength: Math.max(1, declaredSize), chunkSize: Math.max(64, declaredSize + 64) });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(path, declaredSize);
      throw error;
    }
  }
  if (bytes.length > declaredSize) throw tooLarge(path, declaredSize);
  budget.used += bytes.length;
  if (budget.used > budget.limit) throw new ImportError('ZIP_TOO_LARGE', `The zip inflates to more than ${mb(budget.limit)} MB (SCORM_MAX_UNCOMPRESSED_MB).`);
  if (bytes.length !== declaredSize) throw new ImportError('ZIP_CORRUPT', `The zip entry "${path}" is truncated (${bytes.length} of ${declaredSize} bytes).`);
  if (crc32(bytes) !== expectedCrc >>> 0) throw new ImportError('ZIP_CORRUPT', `The zip entry "${path}" is damaged (its CRC-32 does not match).`);
  return bytes;
}

const tooLarge = (path: string, declaredSize: number) =>
  new ImportError('ZIP_TOO_LARGE', `The zip entry "${path}" inflates to more than the ${declaredSize} bytes it declares (a zip bomb?).`);

const nativeCrc32 = (zlib as { crc32?: (data: Buffer, value?: number) => number }).crc32;
let table: Uint32Array | undefined;

/** CRC-32 (ISO 3309) continuing from `previous`: zlib's since Node 20.15, a table before. */
export function crc32(data: Buffer, previous = 0): number {
  if (nativeCrc32) return nativeCrc32(data, previous) >>> 0;
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let c = (previous ^ 0xffffffff) >>> 0;
  for (const byte of data) c = table[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
