// The stored trace parts read back as calls a support person can follow (decision 0023):
// `12:03:04.120 LMSSetValue("cmi.core.lesson_status", "complete") → "false"  error 405 Incorrect data type`,
// the time being the launch's start plus the call's milliseconds, in UTC.
import type { TraceCall, TracePart } from '../../contract/launches.ts';
import { errorString, type ScormVersion } from '../../scorm/cmi/error-codes.ts';

const clock = (at: number) => new Date(at).toISOString().slice(11, 23);

/** Calls of the parts in order; a part whose indexes do not resolve is skipped whole (the parser refused such parts). */
export function traceCalls(parts: readonly TracePart[], version: ScormVersion, startedAt: number): TraceCall[] {
  const calls: TraceCall[] = [];
  for (const part of [...parts].sort((a, b) => a.n - b.n)) {
    const s = (i: number | undefined) => (i === undefined ? undefined : part.s[i]);
    for (const row of part.c) {
      const [at, fn, result, error, ...args] = row;
      const names = [s(fn), s(result), ...args.map(s)];
      if (at === undefined || error === undefined || names.some((x) => x === undefined)) continue;
      const call = { at_ms: at, fn: names[0]!, args: names.slice(2) as string[], result: names[1]!, error, error_name: error === 0 ? '' : errorString(version, String(error)) };
      calls.push({ ...call, line: traceLine(call, startedAt) });
    }
  }
  return calls;
}

export function traceLine(call: Omit<TraceCall, 'line'>, startedAt: number): string {
  const args = call.args.map((a) => JSON.stringify(a)).join(', ');
  const error = call.error === 0 ? '' : `  error ${call.error}${call.error_name ? ` ${call.error_name}` : ''}`;
  return `${clock(startedAt + call.at_ms)} ${call.fn}(${args}) → ${JSON.stringify(call.result)}${error}`;
}

/** Calls the player left out at its cap, over all parts. */
export const droppedCalls = (parts: readonly TracePart[]): number => parts.reduce((n, p) => n + (p.dropped ?? 0), 0);
