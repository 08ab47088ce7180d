// watchJob's fallback order with fake transports: WebSocket first, SSE when the socket fails
// (or stays silent), polling when both fail; fatal closes (4401, 4404) end the watch.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiError } from '../../console/api-client.ts';
import type { Job } from '../../contract/jobs.ts';
import { watchJob, type SocketLike, type Transport } from '../../console/job-watch.ts';
import { SseParser } from '../../console/sse-parser.ts';

const job = (progress: number, status: Job['status'] = 'processing'): Job => ({
  job_id: 'j1', status, stage: 'storing', progress, bytes_done: 0, bytes_total: 0, files_done: 0, files_total: 0,
  package_id: status === 'completed' ? 'p1' : null, error: null, created_at: '', updated_at: '',
});

function fakeSocket(script: (s: SocketLike) => void): () => SocketLike {
  return () => {
    const socket: SocketLike = { onopen: null, onmessage: null, onclose: null, onerror: null, close: () => undefined };
    setTimeout(() => script(socket), 1);
    return socket;
  };
}
const message = (j: Job) => ({ data: JSON.stringify({ type: 'progress', data: j }) });
const sseResponse = (chunks: string[]) => new Response(new ReadableStream({ start(c) { for (const x of chunks) c.enqueue(new TextEncoder().encode(x)); c.close(); } }));
const noFetch = async (): Promise<Response> => { throw new ApiError(0, 'NETWORK_ERROR', 'down'); };
const sleep = () => new Promise<void>((r) => setTimeout(r, 1));

test('the socket carries the job to its end', async () => {
  const seen: Array<[number, Transport]> = [];
  const w = watchJob('j1', { onJob: (j, t) => seen.push([j.progress, t]) }, {
    openSocket: fakeSocket((s) => { s.onmessage!(message(job(40))); s.onmessage!(message(job(100, 'completed'))); }),
    fetch: noFetch, sleep,
  });
  assert.is((await w.done)!.status, 'completed');
  assert.equal(seen, [[40, 'websocket'], [100, 'websocket']]);
});

test('a socket closed before the end falls back to SSE', async () => {
  const transports: Transport[] = [];
  const w = watchJob('j1', { onJob: () => undefined, onTransport: (t) => transports.push(t) }, {
    openSocket: fakeSocket((s) => { s.onmessage!(message(job(10))); s.onclose!({ code: 1006 }); }),
    fetch: async (path) => {
      assert.is(path, '/api/v1/jobs/j1/events');
      return sseResponse([`data: ${JSON.stringify({ type: 'heartbeat' })}\n\n`, `data: ${JSON.stringify({ type: 'progress', data: job(60) })}\n`, `\ndata: ${JSON.stringify({ type: 'progress', data: job(100, 'completed') })}\n\n`]);
    },
    sleep,
  });
  assert.is((await w.done)!.progress, 100);
  assert.equal(transports, ['websocket', 'sse']);
});

test('a silent socket and a failing event stream fall back to polling', async () => {
  const transports: Transport[] = [];
  let polls = 0;
  const w = watchJob('j1', { onJob: () => undefined, onTransport: (t) => transports.push(t) }, {
    openSocket: fakeSocket(() => undefined),
    firstMessageMs: 20,
    fetch: async (path) => {
      if (path.endsWith('/events')) throw new ApiError(502, 'HTTP_502', 'bad gateway');
      polls += 1;
      return Response.json(job(polls >= 3 ? 100 : polls * 30, polls >= 3 ? 'completed' : 'processing'));
    },
    sleep,
  });
  assert.is((await w.done)!.status, 'completed');
  assert.equal(transports, ['websocket', 'sse', 'polling']);
  assert.is(polls, 3);
});

test('4401 and 4404 closes end the watch with their errors', async () => {
  for (const [code, status] of [[4401, 401], [4404, 404]] as const) {
    const w = watchJob('j1', { onJob: () => undefined }, { openSocket: fakeSocket((s) => s.onclose!({ code })), fetch: noFetch, sleep });
    try {
      await w.done;
      assert.unreachable();
    } catch (error) {
      assert.is((error as ApiError).status, status);
    }
  }
});

test('stop() ends a watch with null', async () => {
  const w = watchJob('j1', { onJob: () => undefined }, { openSocket: fakeSocket(() => undefined), fetch: noFetch, sleep, firstMessageMs: 10_000 });
  w.stop();
  assert.is(await w.done, null);
});

test('SseParser: events split across chunks, CRLF, comments, multi-line data', () => {
  const p = new SseParser();
  assert.equal(p.push(': comment\r\ndata: {"a"'), []);
  assert.equal(p.push(':1}\r'), []);
  assert.equal(p.push('\n\r\ndata: x\ndata: y\n\n'), ['{"a":1}', 'x\ny']);
});

test.run();
