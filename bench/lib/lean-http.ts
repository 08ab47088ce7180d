// A minimal HTTP/1.1 keep-alive client for load generators: one connection per caller, one
// request in flight on it (as a learner's player: a commit waits for the one before), the
// request written as one buffer and the answer read by its Content-Length. node:http's client
// cost the commit bench about a third of what the server spent per commit, on the same two
// cores; this one costs a fraction of that, so more of the machine measures the server.
import { connect, type Socket } from 'node:net';

export interface LeanConnection {
  /** POSTs a JSON body to `path` (with its query string); answers the status and the body text. */
  post(path: string, body: string): Promise<{ status: number; text: string }>;
  close(): void;
}

/** A connection to `origin` (http://host:port), opened at the first request and again after the server closed it. */
export function leanConnection(origin: string): LeanConnection {
  const { hostname, port } = new URL(origin);
  let socket: Socket | undefined;
  let received: Buffer = Buffer.alloc(0);
  let waiting: { resolve: (answer: { status: number; text: string }) => void; reject: (error: Error) => void } | undefined;

  const fail = (error: Error) => {
    socket = undefined;
    const w = waiting;
    waiting = undefined;
    w?.reject(error);
  };

  /** Answers the request in flight once its whole answer is in. */
  const onData = (chunk: Buffer) => {
    received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
    const headEnd = received.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = received.toString('latin1', 0, headEnd);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!length) return fail(new Error(`an answer without Content-Length: ${head.split('\r\n')[0]}`));
    const end = headEnd + 4 + Number(length[1]);
    if (received.length < end) return;
    const text = received.toString('utf8', headEnd + 4, end);
    received = received.subarray(end);
    const w = waiting;
    waiting = undefined;
    w?.resolve({ status: Number(head.slice(9, 12)), text });
  };

  const open = () => {
    const s = connect(Number(port), hostname);
    s.setNoDelay(true);
    s.on('data', onData);
    s.on('error', (error) => fail(error));
    s.on('close', () => {
      if (socket === s) fail(new Error('the server closed the connection'));
    });
    received = Buffer.alloc(0);
    return s;
  };

  return {
    post(path, body) {
      if (waiting) return Promise.reject(new Error('one request at a time on a lean connection'));
      socket ??= open();
      const bytes = Buffer.byteLength(body);
      const request = `POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${bytes}\r\n\r\n${body}`;
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        socket!.write(request);
      });
    },
    close() {
      const s = socket;
      socket = undefined;
      s?.destroy();
    },
  };
}
