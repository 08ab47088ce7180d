// Counts the bytes actually inflated from a zip and stops the stream the moment an entry grows
// past its declared size or the package past SCORM_MAX_UNCOMPRESSED_MB: a zip bomb is stopped
// after at most the limit, whatever its headers claim.
import { Transform } from 'node:stream';
import { ImportError } from './import-error.ts';
import { mb } from './zip-entries.ts';

export interface InflateBudget {
  limit: number;
  used: number;
}

export function inflateGuard(path: string, declaredSize: number, budget: InflateBudget, onBytes: (n: number) => void): Transform {
  let entryBytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      entryBytes += chunk.length;
      budget.used += chunk.length;
      if (entryBytes > declaredSize) {
        callback(new ImportError('ZIP_TOO_LARGE', `The zip entry "${path}" inflates to more than the ${declaredSize} bytes it declares (a zip bomb?).`));
        return;
      }
      if (budget.used > budget.limit) {
        callback(new ImportError('ZIP_TOO_LARGE', `The zip inflates to more than ${mb(budget.limit)} MB (SCORM_MAX_UNCOMPRESSED_MB).`));
        return;
      }
      onBytes(chunk.length);
      callback(null, chunk);
    },
    flush(callback) {
      if (entryBytes !== declaredSize) {
        callback(new ImportError('ZIP_CORRUPT', `The zip entry "${path}" is truncated (${entryBytes} of ${declaredSize} bytes).`));
        return;
      }
      callback();
    },
  });
}
