// Checks what a commit or a closing beacon tells of its launch (contract/launches.ts LaunchReport,
// ClosedLaunch): errors returned to the SCO and a trace part whose indexes all point into its own
// string table. Anything else is INVALID_COMMIT, like the rest of the body.
import type { ClosedLaunch, LaunchReport, TracePart } from '../../contract/launches.ts';
import { badRequest } from '../errors.ts';

/** More than the player ever sends in one report (launch-recorder.ts), so a bug or a forgery stops here. */
const MAX_ERRORS = 100;
const MAX_STRINGS = 20_000;
const MAX_CALLS = 5_000;
const MAX_TEXT = 1_000;

const fail = (message: string) => badRequest('INVALID_COMMIT', message);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function parseTracePart(raw: unknown): TracePart {
  if (!isObject(raw) || !count(raw.n) || !Array.isArray(raw.s) || !Array.isArray(raw.c)) throw fail('launch.trace must be {n, s, c}.');
  if (raw.s.length > MAX_STRINGS || raw.c.length > MAX_CALLS) throw fail('launch.trace is larger than a trace part may be.');
  const strings = raw.s.map((text) => {
    if (typeof text !== 'string' || text.length > MAX_TEXT) throw fail('launch.trace.s must hold strings.');
    return text;
  });
  const calls = raw.c.map((row) => {
    // [ms, function, result, error, ...arguments]
    if (!Array.isArray(row) || row.length < 4 || row.length > 6 || !row.every(count)) throw fail('Each launch.trace call must be [ms, function, result, error, ...arguments].');
    if (row.some((v, i) => i !== 0 && i !== 3 && v >= strings.length)) throw fail('A launch.trace call points past its string table.');
    return row as number[];
  });
  if (raw.dropped !== undefined && !count(raw.dropped)) throw fail('launch.trace.dropped must be a count.');
  return { n: raw.n, s: strings, c: calls, ...(raw.dropped !== undefined ? { dropped: raw.dropped } : {}) };
}

export function parseLaunchReport(raw: unknown): LaunchReport {
  if (!isObject(raw)) throw fail('launch must be an object.');
  const report: LaunchReport = {};
  if (raw.errors !== undefined) {
    if (!Array.isArray(raw.errors) || raw.errors.length > MAX_ERRORS) throw fail(`launch.errors must be an array of at most ${MAX_ERRORS} [element, code] pairs.`);
    report.errors = raw.errors.map((e) => {
      if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'string' || e[0].length > MAX_TEXT || !count(e[1])) throw fail('launch.errors holds [element, code] pairs.');
      return [e[0], e[1]] as [string, number];
    });
  }
  if (raw.more_errors !== undefined) {
    if (!count(raw.more_errors)) throw fail('launch.more_errors must be a count.');
    report.more_errors = raw.more_errors;
  }
  if (raw.trace !== undefined) report.trace = parseTracePart(raw.trace);
  return report;
}

export function parseClosedLaunches(raw: unknown): ClosedLaunch[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length > 20) throw fail('closed must be an array of at most 20 launches.');
  return raw.map((c) => {
    if (!isObject(c) || typeof c.session_id !== 'string' || !/^[\w-]{8,64}$/.test(c.session_id)) throw fail('Each closed launch names its session_id.');
    return { session_id: c.session_id, ...(c.launch !== undefined ? { launch: parseLaunchReport(c.launch) } : {}) };
  });
}
