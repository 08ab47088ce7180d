// Small reads of a delivered SCO: did its frame load an HTML page, and the launch values of a
// fresh session that the time limit needs.
import type { RuntimeSession } from '../../scorm/runtime/session.ts';

/** True when the frame holds a loaded HTML (or XHTML) page, not an error or a blank frame. */
export function loadedHtml(frame: HTMLIFrameElement): boolean {
  try {
    const doc = frame.contentDocument;
    return doc !== null && doc.URL !== 'about:blank' && /html|xml/.test(doc.contentType);
  } catch {
    return false;
  }
}

/** Reads three launch values from a fresh session's model (the LMS-set ones are readable right away). */
export function pick(session: RuntimeSession, max: string, action: string, total: string) {
  const values = session.snapshot().values;
  const out: { maxTimeAllowed?: string; timeLimitAction?: string; totalTime?: string } = {};
  if (values[max]) out.maxTimeAllowed = values[max];
  if (values[action]) out.timeLimitAction = values[action];
  if (values[total]) out.totalTime = values[total];
  return out;
}
