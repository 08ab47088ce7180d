// The API functions' last line of defence: whatever the SCO passes (an object whose toString
// throws, a symbol) and whatever fails inside, the call answers the failure value of its kind with
// a general exception (101 in both versions), never an exception thrown into the SCO.
import type { RuntimeSession } from './session.ts';

type Fn = (a?: unknown, b?: unknown) => string;

export function guarded(session: RuntimeSession) {
  return (failure: string, fn: Fn) =>
    (a?: unknown, b?: unknown): string => {
      try {
        return fn(a, b);
      } catch (error) {
        session.failGeneral(error);
        return failure;
      }
    };
}
