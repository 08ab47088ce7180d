// Reads "trace" from a PATCH body of a registration or a package (decision 0023): true or false,
// anything else 422 INVALID_REQUEST with the field named.
import { unprocessable } from '../errors.ts';

export function parseTraceSwitch(value: unknown): boolean {
  if (typeof value !== 'boolean') throw unprocessable('INVALID_REQUEST', 'trace must be true or false.', { field: 'trace' });
  return value;
}
