// Time arithmetic of both versions in whole centiseconds: SCORM 1.2 CMITimespan (RTE §3.4.5)
// and SCORM 2004 timeinterval(second,10,2) (RTE §4.1.1.7, Appendix A), parse, add and format.

const TIMESPAN_12 = /^(\d{2,4}):(\d{2}):(\d{2})(?:\.(\d{1,2}))?$/;
const DURATION_2004 =
  /^P(?=\d|T\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d{1,2}))?S)?)?$/;

/** SRTE's factors for years (365 days) and months (30.417 days), in centiseconds. */
const CS_YEAR = 31_536_000_00;
const CS_MONTH = 2_628_029_00;
const CS_DAY = 86_400_00;
const CS_HOUR = 3_600_00;
const CS_MINUTE = 60_00;

function fraction(digits: string | undefined): number {
  if (digits === undefined) return 0;
  return digits.length === 1 ? Number(digits) * 10 : Number(digits);
}

/** CMITimespan `HHHH:MM:SS.SS` to centiseconds; NaN when not a CMITimespan. */
export function timespanToCentiseconds(value: string): number {
  const m = TIMESPAN_12.exec(value);
  if (m === null) return NaN;
  return Number(m[1]) * CS_HOUR + Number(m[2]) * CS_MINUTE + Number(m[3]) * 100 + fraction(m[4]);
}

/** ISO 8601 duration (the 2004 subset) to centiseconds; NaN when not a timeinterval. */
export function durationToCentiseconds(value: string): number {
  const m = DURATION_2004.exec(value);
  if (m === null) return NaN;
  const n = (s: string | undefined) => (s === undefined ? 0 : Number(s));
  return (
    n(m[1]) * CS_YEAR + n(m[2]) * CS_MONTH + n(m[3]) * CS_DAY + n(m[4]) * CS_HOUR +
    n(m[5]) * CS_MINUTE + n(m[6]) * 100 + fraction(m[7])
  );
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * 1.2 total_time spelling: 4-digit hours and 2-digit centiseconds (`0001:02:03.40`, A-8);
 * CMITimespan allows at most 4 hour digits, so longer totals are clamped at 9999:59:59.99 (§9.4).
 */
export function formatTimespan(centiseconds: number): string {
  const cs = Math.min(Math.max(0, Math.round(centiseconds)), 9999 * CS_HOUR + 59 * CS_MINUTE + 5999);
  const hours = Math.floor(cs / CS_HOUR);
  const minutes = Math.floor((cs % CS_HOUR) / CS_MINUTE);
  const seconds = Math.floor((cs % CS_MINUTE) / 100);
  return `${pad(hours, 4)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(cs % 100, 2)}`;
}

/** 2004 canonical form: hours, minutes, seconds without zero parts (`PT2H20S`); zero is `PT0H0M0S`. */
export function formatDuration(centiseconds: number): string {
  const cs = Math.max(0, Math.round(centiseconds));
  if (cs === 0) return 'PT0H0M0S';
  const hours = Math.floor(cs / CS_HOUR);
  const minutes = Math.floor((cs % CS_HOUR) / CS_MINUTE);
  const rest = cs % CS_MINUTE;
  let out = 'PT';
  if (hours > 0) out += `${hours}H`;
  if (minutes > 0) out += `${minutes}M`;
  if (rest > 0) {
    const frac = rest % 100;
    out += `${Math.floor(rest / 100)}${frac === 0 ? '' : '.' + pad(frac, 2).replace(/0$/, '')}S`;
  }
  return out;
}

/** 1.2 RTE §3.4.4 total_time: total + session, both CMITimespans; an invalid operand counts as zero. */
export function addTimespans(total: string, session: string): string {
  const a = timespanToCentiseconds(total);
  const b = timespanToCentiseconds(session);
  return formatTimespan((Number.isNaN(a) ? 0 : a) + (Number.isNaN(b) ? 0 : b));
}

/** 2004 RTE §4.2.25 total_time: total + session, both timeintervals; an invalid operand counts as zero. */
export function addDurations(total: string, session: string): string {
  const a = durationToCentiseconds(total);
  const b = durationToCentiseconds(session);
  return formatDuration((Number.isNaN(a) ? 0 : a) + (Number.isNaN(b) ? 0 : b));
}

/** Seconds of either version's spelling (for reports: total_time_seconds). */
export function timeToSeconds(value: string): number {
  const cs = value.startsWith('P') ? durationToCentiseconds(value) : timespanToCentiseconds(value);
  return cs / 100;
}
