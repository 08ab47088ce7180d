// What the player tells the server about one SCO launch besides its data (decision 0023): the
// errors returned to the SCO (always) and, when the launch is traced, every API call with its
// arguments, return value, error code and millisecond time since the launch started. Kept here
// until a commit (or the closing beacon) takes it, so it never costs a request of its own.
import type { LaunchReport, TracePart } from '../../contract/launches.ts';

/** Calls one launch records at most; later ones are counted as dropped (the trace says so). */
export const MAX_TRACE_CALLS = 5000;
/** Errors one launch names at most; later ones are counted only. */
export const MAX_NAMED_ERRORS = 50;
/** Longer arguments and results (suspend_data…) are cut to this many characters, with "…". */
export const MAX_VALUE_CHARS = 256;
/** JSON a trace part may add to a commit, which must stay under 64 KiB (commit-body.ts). */
export const MAX_PART_BYTES = 16 * 1024;

interface Call {
  at: number;
  fn: string;
  args: string[];
  result: string;
  error: number;
  done: boolean;
}

const cut = (text: string) => (text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text);

export class LaunchRecorder {
  private readonly t0: number;
  private calls: Call[] = [];
  private recorded = 0;
  private dropped = 0;
  private part = 0;
  private errors: Array<[string, number]> = [];
  private named = 0;
  private moreErrors = 0;

  constructor(readonly traced: boolean, private readonly clock: () => number) {
    this.t0 = clock();
  }

  /** A call starts; its entry (or null when untraced or past the cap) is finished by `end`. */
  begin(fn: string, args: readonly string[]): Call | null {
    if (!this.traced) return null;
    if (this.recorded >= MAX_TRACE_CALLS) {
      this.dropped++;
      return null;
    }
    this.recorded++;
    const call: Call = { at: Math.max(0, Math.round(this.clock() - this.t0)), fn, args: args.map(cut), result: '', error: 0, done: false };
    this.calls.push(call);
    return call;
  }

  end(call: Call | null, result: string, error: number): void {
    if (call) {
      call.result = cut(result);
      call.error = error;
      call.done = true;
    }
  }

  /** An error code returned to the SCO for `element` (or the function when it names none). */
  error(element: string, code: number): void {
    if (this.named < MAX_NAMED_ERRORS) {
      this.named++;
      this.errors.push([cut(element), code]);
    } else {
      this.moreErrors++;
    }
  }

  /**
   * What a commit carries: the errors since the last report and the trace calls that fit in
   * `maxBytes`. A call still running (the Commit or Terminate whose commit this is) travels as
   * succeeding, which is what the commit it rides on means.
   */
  take(maxBytes = MAX_PART_BYTES): LaunchReport | undefined {
    const report: LaunchReport = {};
    if (this.errors.length > 0) report.errors = this.errors;
    if (this.moreErrors > 0) report.more_errors = this.moreErrors;
    this.errors = [];
    this.moreErrors = 0;
    if (this.calls.length > 0 || this.dropped > 0) report.trace = this.nextPart(maxBytes);
    return report.errors || report.more_errors || report.trace ? report : undefined;
  }

  private nextPart(maxBytes: number): TracePart {
    const strings: string[] = [];
    const index = new Map<string, number>();
    const ref = (text: string): number => {
      let i = index.get(text);
      if (i === undefined) {
        i = strings.length;
        strings.push(text);
        index.set(text, i);
        bytes += JSON.stringify(text).length + 1;
      }
      return i;
    };
    let bytes = 40;
    const rows: number[][] = [];
    let taken = 0;
    for (const call of this.calls) {
      if (taken > 0 && bytes > maxBytes) break;
      const row = [call.at, ref(call.fn), ref(call.done ? call.result : 'true'), call.done ? call.error : 0, ...call.args.map(ref)];
      bytes += JSON.stringify(row).length + 1;
      rows.push(row);
      taken++;
    }
    this.calls = this.calls.slice(taken);
    const part: TracePart = { n: this.part++, s: strings, c: rows };
    if (this.dropped > 0) part.dropped = this.dropped;
    this.dropped = 0;
    return part;
  }
}
