// The SCO's API object with every call seen by the launch recorder (decision 0023): errors
// returned to the SCO always, each call in full when the launch is traced. The recorder never
// throws into the SCO and never changes what a call answers.
import type { LaunchRecorder } from '../transport/launch-recorder.ts';

type ApiFunctions = Record<string, ((...args: unknown[]) => string) | unknown>;

/** Reading the last error does not set one: these are traced but never reported as errors. */
const ERROR_READERS = /^(LMS)?Get(LastError|ErrorString|Diagnostic)$/;
/** Calls that name a data model element: their errors are reported with it. */
const ELEMENT_CALLS = /^(LMS)?(GetValue|SetValue)$/;

const printable = (value: unknown): string => {
  if (typeof value === 'string') return value;
  try {
    return String(value);
  } catch {
    return '[unprintable]';
  }
};

export function recordedApi<T extends object>(api: T, recorder: LaunchRecorder, lastError: () => string): T {
  const source = api as unknown as ApiFunctions;
  const out: ApiFunctions = {};
  for (const [fn, call] of Object.entries(source)) {
    // Not a function (API_1484_11.version): the SCO reads it as it is.
    if (typeof call !== 'function') {
      out[fn] = call;
      continue;
    }
    const readsError = ERROR_READERS.test(fn);
    const namesElement = ELEMENT_CALLS.test(fn);
    out[fn] = (...args: unknown[]): string => {
      let entry: ReturnType<LaunchRecorder['begin']> = null;
      try {
        entry = recorder.begin(fn, args.map(printable));
      } catch {
        // A recorder failure never reaches the SCO.
      }
      const result = (call as (...a: unknown[]) => string)(...args);
      try {
        const code = readsError ? 0 : Number(lastError());
        recorder.end(entry, result, code);
        if (code !== 0) recorder.error(namesElement ? printable(args[0]) : fn, code);
      } catch {
        // As above.
      }
      return result;
    };
  }
  return out as unknown as T;
}
