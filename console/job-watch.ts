// Follows an import job live: over the WebSocket first, falling back to Server-Sent Events (read
// with fetch, since EventSource cannot send the admin token) and then to polling, for networks
// whose proxies break one or the other. Every transport carries the whole Job, so switching
// mid-job misses nothing. The browser APIs come in as deps, so the fallback order is testable.
import { ApiError } from './api-client.ts';
import { JOB_SOCKET_CLOSE, type Job, type JobStreamMessage } from '../contract/jobs.ts';
import { isTerminal } from './job-stages.ts';
import { SseParser } from './sse-parser.ts';

export type Transport = 'websocket' | 'sse' | 'polling';

/** The part of WebSocket the watcher uses. */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(code?: number): void;
}

export interface JobWatchDeps {
  openSocket(jobId: string): SocketLike;
  /** An authorised fetch of the API (throws ApiError on an error answer). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  sleep(ms: number): Promise<void>;
  pollMs?: number;
  /** How long a transport may stay silent before its first message (default 4 s). */
  firstMessageMs?: number;
}

export interface JobWatchEvents {
  onJob(job: Job, transport: Transport): void;
  onTransport?(transport: Transport): void;
  /** A poll failed; the watcher keeps trying. */
  onRetry?(error: unknown): void;
}

export interface JobWatch {
  /** The terminal Job, or null when stopped first. Rejects on 4401/4404 and their HTTP twins. */
  done: Promise<Job | null>;
  stop(): void;
}

type Outcome = { kind: 'terminal'; job: Job } | { kind: 'failed' } | { kind: 'stopped' };

const fatal = (error: unknown) => error instanceof ApiError && (error.status === 401 || error.status === 404);

export function watchJob(jobId: string, events: JobWatchEvents, deps: JobWatchDeps): JobWatch {
  const firstMessageMs = deps.firstMessageMs ?? 4000;
  let stopped = false;
  const stoppers = new Set<() => void>();

  function viaSocket(): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      let socket: SocketLike;
      try {
        socket = deps.openSocket(jobId);
      } catch {
        resolve({ kind: 'failed' });
        return;
      }
      let settled = false;
      const finish = (outcome: Outcome | Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(silence);
        stoppers.delete(stop);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      const stop = () => {
        socket.close(1000);
        finish({ kind: 'stopped' });
      };
      stoppers.add(stop);
      const silence = setTimeout(() => {
        socket.close(1000);
        finish({ kind: 'failed' });
      }, firstMessageMs);
      socket.onmessage = (event) => {
        clearTimeout(silence);
        let message: Partial<JobStreamMessage>;
        try {
          message = JSON.parse(String(event.data)) as typeof message;
        } catch {
          return;
        }
        if (message.type !== 'progress' || !message.data) return;
        events.onJob(message.data, 'websocket');
        if (isTerminal(message.data)) {
          finish({ kind: 'terminal', job: message.data });
          socket.close(1000);
        }
      };
      socket.onclose = (event) => {
        if (event.code === JOB_SOCKET_CLOSE.unauthorized) finish(new ApiError(401, 'UNAUTHORIZED', 'The admin token was refused.'));
        else if (event.code === JOB_SOCKET_CLOSE.unknownJob) finish(new ApiError(404, 'JOB_NOT_FOUND', 'That job was not found.'));
        else finish({ kind: 'failed' });
      };
      socket.onerror = () => finish({ kind: 'failed' });
    });
  }

  async function viaEvents(): Promise<Outcome> {
    const abort = new AbortController();
    const stop = () => abort.abort();
    stoppers.add(stop);
    let silence: ReturnType<typeof setTimeout> | undefined = setTimeout(() => abort.abort(), firstMessageMs);
    try {
      const response = await deps.fetch(`/api/v1/jobs/${encodeURIComponent(jobId)}/events`, { signal: abort.signal, headers: { accept: 'text/event-stream' } });
      if (!response.body) return { kind: 'failed' };
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      const parser = new SseParser();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return { kind: 'failed' };
        for (const data of parser.push(decoder.decode(value, { stream: true }))) {
          const message = JSON.parse(data) as Partial<JobStreamMessage>;
          if (message.type !== 'progress' || !message.data) continue;
          clearTimeout(silence);
          silence = undefined;
          events.onJob(message.data, 'sse');
          if (isTerminal(message.data)) {
            abort.abort();
            return { kind: 'terminal', job: message.data };
          }
        }
      }
    } catch (error) {
      if (fatal(error)) throw error;
      return stopped ? { kind: 'stopped' } : { kind: 'failed' };
    } finally {
      clearTimeout(silence);
      stoppers.delete(stop);
    }
  }

  async function viaPolling(): Promise<Outcome> {
    let delay = deps.pollMs ?? 500;
    while (!stopped) {
      try {
        const response = await deps.fetch(`/api/v1/jobs/${encodeURIComponent(jobId)}`);
        const job = (await response.json()) as Job;
        events.onJob(job, 'polling');
        if (isTerminal(job)) return { kind: 'terminal', job };
        delay = deps.pollMs ?? 500;
      } catch (error) {
        if (fatal(error)) throw error;
        events.onRetry?.(error);
        delay = Math.min(delay * 2, 10_000);
      }
      await deps.sleep(delay);
    }
    return { kind: 'stopped' };
  }

  const done = (async (): Promise<Job | null> => {
    const chain: Array<[Transport, () => Promise<Outcome>]> = [
      ['websocket', viaSocket],
      ['sse', viaEvents],
      ['polling', viaPolling],
    ];
    for (const [transport, run] of chain) {
      if (stopped) return null;
      events.onTransport?.(transport);
      const outcome = await run();
      if (outcome.kind === 'terminal') return outcome.job;
      if (outcome.kind === 'stopped') return null;
    }
    return null;
  })();

  return {
    done,
    stop() {
      stopped = true;
      for (const stop of [...stoppers]) stop();
    },
  };
}
