// window.API for SCORM 1.2 content: the eight LMS* functions of 1.2 RTE §3.3.2.1, synchronous,
// taking and returning strings, over one RuntimeSession. No call ever throws into the SCO.
import { guarded } from './api-guard.ts';
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

export function createApi12(session: RuntimeSession): Api12 {
  if (session.version !== '1.2') throw new Error('createApi12 needs a SCORM 1.2 session');
  const g = guarded(session);
  return {
    LMSInitialize: g('false', (a) => bool(session.initialize(a))),
    LMSFinish: g('false', (a) => bool(session.terminate(a))),
    LMSGetValue: g('', (element) => session.getValue(element)),
    LMSSetValue: g('false', (element, value) => bool(session.setValue(element, value))),
    LMSCommit: g('false', (a) => bool(session.commit(a))),
    LMSGetLastError: g('101', () => session.lastError()),
    LMSGetErrorString: g('', (code) => session.errorString(code)),
    LMSGetDiagnostic: g('', (code) => session.diagnostic(code)),
  };
}
