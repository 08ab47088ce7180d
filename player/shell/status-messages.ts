// What the player tells the learner when a request fails or the commit transport changes state:
// plain words, never a stack trace; a retry where one can help.
import type { TransportEvent } from '../transport/commit-sender.ts';
import { RuntimeRequestError } from '../transport/runtime-client.ts';
import type { PanelContent } from './panel-view.ts';

/** The panel for a launch or attempt request that failed. */
export function requestFailure(error: unknown, retry: () => void, what = 'the course'): PanelContent {
  const e = error instanceof RuntimeRequestError ? error : new RuntimeRequestError(0, 'NETWORK_ERROR', String(error));
  if (e.code === 'TOKEN_EXPIRED') return { kind: 'error', heading: 'This link has expired', message: 'Open the course again from your learning platform to get a fresh link.' };
  if (e.code === 'TOKEN_REVOKED') return { kind: 'error', heading: 'This link no longer works', message: 'A newer link was issued or the enrolment was removed. Open the course again from your learning platform.' };
  if (e.status === 401 || e.status === 403) return { kind: 'error', heading: 'This link is not valid', message: 'Open the course again from your learning platform.' };
  if (e.status === 404) return { kind: 'error', heading: 'This course is no longer available', message: 'Ask your learning platform or administrator for help.' };
  return {
    kind: 'error', heading: `We could not open ${what}`,
    message: e.code === 'SCO_UNAVAILABLE' ? 'Its content did not load. Check your connection and try again.' : 'The server could not be reached. Check your connection and try again.',
    actions: [{ label: 'Try again', run: retry }],
  };
}

/** The status line for a transport event, or null when it changes nothing the learner sees. */
export function transportStatus(event: TransportEvent, currentSessionId: string | undefined, stale: boolean): { text: string; warn: boolean } | null {
  switch (event.type) {
    case 'saved':
      return stale ? null : { text: '', warn: false };
    case 'retrying':
      return { text: 'Offline — your progress is kept on this device and will be saved.', warn: true };
    case 'stale':
      return event.sessionId === currentSessionId ? { text: 'This course is open in another window; this one no longer saves.', warn: true } : null;
    case 'unauthorized':
      return { text: 'This launch link has expired; your progress is kept on this device until you open the course again.', warn: true };
    case 'gone':
      return { text: 'This enrolment no longer exists; progress cannot be saved.', warn: true };
    case 'rejected':
      return null;
  }
}
