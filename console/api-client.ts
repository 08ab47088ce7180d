// fetch against the public API with the admin token; an error answer becomes an ApiError that
// carries the API's stable code. A 401 tells the shell to ask for the token again.
import type { ClientErrorCode, ErrorBody, ErrorCode } from '../contract/errors.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiClient {
  readonly token: string;
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'DELETE' | 'PUT' | 'PATCH', path: string, body?: unknown): Promise<T>;
  /** The raw response, for streams (SSE) and downloads; throws ApiError when not ok. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as Partial<ErrorBody>;
    if (body.error?.code) return new ApiError(response.status, body.error.code, body.error.message ?? '');
  } catch {
    // not JSON: fall through to a status-only error
  }
  return new ApiError(response.status, `HTTP_${response.status}`, `The server answered ${response.status} ${response.statusText}.`);
}

export function createApiClient(token: string, onUnauthorized: () => void, fetchImpl: typeof fetch = fetch.bind(globalThis)): ApiClient {
  async function raw(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    let response: Response;
    try {
      response = await fetchImpl(path, { ...init, headers, cache: 'no-store' });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError(0, 'NETWORK_ERROR', 'The server could not be reached.');
    }
    if (response.status === 401) onUnauthorized();
    if (!response.ok) throw await errorOf(response);
    return response;
  }
  return {
    token,
    fetch: raw,
    async get<T>(path: string) {
      return (await (await raw(path)).json()) as T;
    },
    async send<T>(method: 'POST' | 'DELETE' | 'PUT' | 'PATCH', path: string, body?: unknown) {
      const init: RequestInit = { method };
      if (body !== undefined) {
        init.body = JSON.stringify(body);
        init.headers = { 'content-type': 'application/json' };
      }
      const response = await raw(path, init);
      if (response.status === 204) return undefined as T;
      const text = await response.text();
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}
