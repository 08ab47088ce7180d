// window.API_1484_11 for SCORM 2004 content: the eight functions of 2004 RTE §3.1 (IEEE 1484.11.2),
// synchronous, taking and returning strings, over one RuntimeSession. No call ever throws into the SCO.
import { guarded } from './api-guard.ts';
import type { RuntimeSession } from './session.ts';

export interface Api2004 {
  /** IEEE 1484.11.2 API instance version (digest 2004 §1). */
  readonly version: string;
  Initialize(arg?: string): string;
  Terminate(arg?: string): string;
  GetValue(element: string): string;
  SetValue(element: string, value: string): string;
  Commit(arg?: string): string;
  GetLastError(): string;
  GetErrorString(code: string): string;
  GetDiagnostic(code: string): string;
}

const bool = (b: boolean) => (b ? 'true' : 'false');

export function createApi2004(session: RuntimeSession): Api2004 {
  if (session.version !== '2004') throw new Error('createApi2004 needs a SCORM 2004 session');
  const g = guarded(session);
  return {
    version: '1.0',
    Initialize: g('false', (a) => bool(session.initialize(a))),
    Terminate: g('false', (a) => bool(session.terminate(a))),
    GetValue: g('', (element) => session.getValue(element)),
    SetValue: g('false', (element, value) => bool(session.setValue(element, value))),
    Commit: g('false', (a) => bool(session.commit(a))),
    GetLastError: g('101', () => session.lastError()),
    GetErrorString: g('', (code) => session.errorString(code)),
    GetDiagnostic: g('', (code) => session.diagnostic(code)),
  };
}
