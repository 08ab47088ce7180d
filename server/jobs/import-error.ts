// A permanent import failure with a stable code (the job ends failed with it; no retry).
import type { ImportErrorCode } from '../../contract/errors.ts';

export class ImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

/** Thrown inside a running job when its cancel flag was seen. */
export class ImportCancelled extends Error {
  constructor() {
    super('The import was cancelled.');
    this.name = 'ImportCancelled';
  }
}
