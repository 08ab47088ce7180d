// Clients of a job's live progress, as an integrator writes them: a WebSocket (the `ws` package)
// that records every frame until the server closes it, and a Server-Sent Events reader.
import WebSocket from 'ws';
import { checkJobStreamMessage } from './openapi-check.ts';

export interface JobFrame {
  type: 'progress' | 'heartbeat';
  data?: Record<string, any>;
  at?: string;
  /** When the client received it (ms since epoch). */
  receivedAt: number;
}

export interface JobSocketClient {
  socket: WebSocket;
  frames: JobFrame[];
  /** The first frame, whatever it is. */
  first: Promise<JobFrame>;
  /** The progress frames so far. */
  progress(): Array<Record<string, any>>;
  /** Resolves when a progress frame matches. */
  until(match: (job: Record<string, any>) => boolean): Promise<Record<string, any>>;
  closed: Promise<{ code: number; reason: string }>;
}

export function openJobSocket(url: string): JobSocketClient {
  const socket = new WebSocket(url);
  const frames: JobFrame[] = [];
  const waiters: Array<{ match: (job: Record<string, any>) => boolean; resolve: (job: Record<string, any>) => void; reject: (error: Error) => void }> = [];
  let resolveFirst!: (frame: JobFrame) => void;
  const first = new Promise<JobFrame>((r) => (resolveFirst = r));
  socket.on('message', (raw) => {
    const message = JSON.parse(String(raw)) as Omit<JobFrame, 'receivedAt'>;
    checkJobStreamMessage('WS /ws/jobs/{id}', message);
    const frame = { ...message, receivedAt: Date.now() };
    frames.push(frame);
    if (frames.length === 1) resolveFirst(frame);
    if (frame.type !== 'progress') return;
    for (const waiter of [...waiters]) {
      if (waiter.match(frame.data!)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(frame.data!);
      }
    }
  });
  // A refused or failed connection ends like a close, so tests can assert on it.
  socket.on('error', () => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => {
      resolve({ code, reason: String(reason) });
      // A frame waited for that never came fails the test instead of hanging it.
      const seen = frames.filter((f) => f.type === 'progress').map((f) => `${f.data!.status}/${f.data!.stage}/${f.data!.progress}`).join(' ');
      for (const waiter of waiters.splice(0)) waiter.reject(new Error(`the socket closed (${code}) before the frame waited for; frames: ${seen}`));
    }),
  );
  return {
    socket,
    frames,
    first,
    progress: () => frames.filter((f) => f.type === 'progress').map((f) => f.data!),
    until(match) {
      const seen = frames.find((f) => f.type === 'progress' && match(f.data!));
      if (seen) return Promise.resolve(seen.data!);
      return new Promise((resolve, reject) => waiters.push({ match, resolve, reject }));
    },
    closed,
  };
}

export interface EventStream {
  status: number;
  headers: Headers;
  /** Every `data:` message, parsed, until the server ended the stream. */
  messages: Array<Record<string, any>>;
}

/** Reads `GET .../events` to its end (the server ends it after the terminal message). */
export async function readEventStream(url: string, headers: Record<string, string>): Promise<EventStream> {
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers } });
  const messages: Array<Record<string, any>> = [];
  let buffered = '';
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const event = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const data = event
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (!data) continue;
      const message = JSON.parse(data) as Record<string, any>;
      if (res.ok) checkJobStreamMessage('SSE GET /api/v1/jobs/{id}/events', message);
      messages.push(message);
    }
  }
  return { status: res.status, headers: res.headers, messages };
}
