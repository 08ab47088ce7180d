// ?limit=&offset= for list endpoints: bounded, defaulted, and refused when not numbers or past
// what a database takes as a row count (offset=99999999999999999999 is a 400, not a 500).
import { badRequest } from '../errors.ts';

/** Far past any real list, well inside SQLite's and MySQL's integer range. */
export const MAX_OFFSET = 1_000_000_000;

export function parsePaging(query: Record<string, unknown>, defaultLimit = 50, maxLimit = 500) {
  const read = (name: string, fallback: number, max: number) => {
    const raw = query[name];
    if (raw === undefined || raw === '') return fallback;
    if (typeof raw !== 'string' || !/^\d{1,10}$/.test(raw) || Number(raw) > max) {
      throw badRequest('INVALID_PAGING', `${name} must be a whole number from 0 to ${max}.`);
    }
    return Number(raw);
  };
  const limit = Math.min(Math.max(read('limit', defaultLimit, MAX_OFFSET), 1), maxLimit);
  return { limit, offset: read('offset', 0, MAX_OFFSET) };
}
