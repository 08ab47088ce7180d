// window.API_1484_11 for SCORM 2004 content: the eight functions of 2004 RTE §3.1 (IEEE 1484.11.2),
// synchronous, taking and returning strings, over one RuntimeSession.
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
// Initialize() with no argument is read as Initialize(""), as content in the wild expects.
const arg = (a: unknown) => (a === undefined || a === null ? '' : String(a));

export function createApi2004(session: RuntimeSession): Api2004 {
  if (session.version !== '2004') throw new Error('createApi2004 needs a SCORM 2004 session');
  return {
    version: '1.0',
    Initialize: (a) => bool(session.initialize(arg(a))),
    Terminate: (a) => bool(session.terminate(arg(a))),
    GetValue: (element) => session.getValue(arg(element)),
    SetValue: (element, value) => bool(session.setValue(arg(element), value)),
    Commit: (a) => bool(session.commit(arg(a))),
    GetLastError: () => session.lastError(),
    GetErrorString: (code) => session.errorString(arg(code)),
    GetDiagnostic: (code) => session.diagnostic(arg(code)),
  };
}
