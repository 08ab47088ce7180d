// ?limit=&offset= for list endpoints: bounded, defaulted, and refused when not numbers.
import { badRequest } from '../errors.ts';

export function parsePaging(query: Record<string, unknown>, defaultLimit = 50, maxLimit = 500) {
  const read = (name: string, fallback: number) => {
    const raw = query[name];
    if (raw === undefined || raw === '') return fallback;
    if (typeof raw !== 'string' || !/^\d+$/.test(raw)) throw badRequest('INVALID_PAGING', `${name} must be a whole number.`);
    return Number(raw);
  };
  const limit = Math.min(Math.max(read('limit', defaultLimit), 1), maxLimit);
  return { limit, offset: read('offset', 0) };
}
