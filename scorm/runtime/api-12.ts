// window.API for SCORM 1.2 content: the eight LMS* functions of 1.2 RTE §3.3.2.1, synchronous,
// taking and returning strings, over one RuntimeSession.
import type { RuntimeSession } from './session.ts';

export interface Api12 {
  LMSInitialize(arg?: string): string;
  LMSFinish(arg?: string): string;
  LMSGetValue(element: string): string;
  LMSSetValue(element: string, value: string): string;
  LMSCommit(arg?: string): string;
  LMSGetLastError(): string;
  LMSGetErrorString(code: string): string;
  LMSGetDiagnostic(code: string): string;
}

const bool = (b: boolean) => (b ? 'true' : 'false');
// Content often calls LMSInitialize() / LMSFinish() with no argument; undefined is read as "".
const arg = (a: unknown) => (a === undefined || a === null ? '' : String(a));

export function createApi12(session: RuntimeSession): Api12 {
  if (session.version !== '1.2') throw new Error('createApi12 needs a SCORM 1.2 session');
  return {
    LMSInitialize: (a) => bool(session.initialize(arg(a))),
    LMSFinish: (a) => bool(session.terminate(arg(a))),
    LMSGetValue: (element) => session.getValue(arg(element)),
    LMSSetValue: (element, value) => bool(session.setValue(arg(element), value)),
    LMSCommit: (a) => bool(session.commit(arg(a))),
    LMSGetLastError: () => session.lastError(),
    LMSGetErrorString: (code) => session.errorString(arg(code)),
    LMSGetDiagnostic: (code) => session.diagnostic(arg(code)),
  };
}
