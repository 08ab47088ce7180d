// The player's reads of the runtime protocol (docs/runtime-protocol.md §2-3): the launch data and
// opening a SCO attempt, authorised by the launch token in the query.
import type { ClientErrorCode, ErrorBody, ErrorCode } from '../../contract/errors.ts';
import type { AttemptAnswer, ContentRenewal, LaunchData, OpenAttemptRequest } from '../../contract/runtime.ts';

export type { LaunchData, ScoSummary } from '../../contract/runtime.ts';
export type OpenedAttempt = AttemptAnswer;

/** A refused or failed runtime request; `status` 0 is a network failure. */
export class RuntimeRequestError extends Error {
  constructor(readonly status: number, readonly code: ErrorCode | ClientErrorCode, message: string) {
    super(message);
    this.name = 'RuntimeRequestError';
  }
}

export interface RuntimeClientDeps {
  baseUrl: string;
  registrationId: string;
  token: string;
  fetch: (url: string, init?: RequestInit) => Promise<Response>;
}

export function createRuntimeClient(deps: RuntimeClientDeps) {
  const url = (suffix: string, extra = '') =>
    `${deps.baseUrl}/runtime/${encodeURIComponent(deps.registrationId)}${suffix}?token=${encodeURIComponent(deps.token)}${extra}`;

  async function call<T>(suffix: string, init?: RequestInit, extra = ''): Promise<T> {
    let res: Response;
    try {
      res = await deps.fetch(url(suffix, extra), init);
    } catch (error) {
      throw new RuntimeRequestError(0, 'NETWORK_ERROR', error instanceof Error ? error.message : String(error));
    }
    const body = (await res.json().catch(() => null)) as Partial<ErrorBody> | null;
    if (!res.ok) {
      throw new RuntimeRequestError(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? res.statusText);
    }
    return body as T;
  }

  return {
    /**
     * The launch data, when the page's inline copy cannot serve: `fresh` after a journal replay
     * changed the server's copy (past any cached answer).
     */
    launch: (fresh = false) => call<LaunchData>('', undefined, fresh ? `&fresh=${Date.now()}` : ''),
    renewContent: () => call<ContentRenewal>('/content-token', { method: 'POST' }),
    /** `newTreeAttempt`: this delivery began a new attempt on the activity tree (registration-scoped adl.data starts empty). */
    openAttempt: (item: string, newTreeAttempt = false) =>
      call<AttemptAnswer>('/attempts', {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ item, ...(newTreeAttempt ? { new_tree_attempt: true } : {}) } satisfies OpenAttemptRequest),
      }),
  };
}

export type RuntimeClient = ReturnType<typeof createRuntimeClient>;
