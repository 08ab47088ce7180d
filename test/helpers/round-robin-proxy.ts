// A tiny load balancer for the scale-out test: one listening port in front of several backends
// (one origin of each web process), without sticky sessions. It ends the client's HTTP
// connection itself and sends every request on its own upstream request, strictly alternating
// per request (not per connection: a browser's keep-alive connection would otherwise pin it to
// one backend), and every WebSocket upgrade to the next backend too. It records which backend
// served what, so a test can assert "launched through A, committed through B".
//
// Failover, as a load balancer does it: a backend that refuses the connection is marked down and
// the request goes to the next one (bodies up to 1 MiB are kept for that; a larger one streams
// and cannot be resent); a backend that dies while answering costs that one request a 502, which
// a client retries. A down backend is probed every 250 ms and comes back when it accepts again.
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface Served {
  /** Index of the backend in `setBackends`, or -1 when none could take it (502). */
  backend: number;
  method: string;
  /** The path without its query (tokens stay out of test output). */
  path: string;
  status: number;
  upgrade: boolean;
}

export interface RoundRobinProxy {
  origin: string;
  /** Backend origins, e.g. each web process's delivery origin; may be set after start. */
  setBackends(origins: string[]): void;
  /** Every request and upgrade, in the order they were answered. */
  readonly served: Served[];
  /** Indexes of the backends now marked down. */
  down(): number[];
  stop(): Promise<void>;
}

const RESENDABLE_BYTES = 1024 * 1024;
const PROBE_MS = 250;

export async function startRoundRobinProxy(): Promise<RoundRobinProxy> {
  let backends: Array<{ host: string; port: number; agent: Agent }> = [];
  const isDown = new Set<number>();
  const served: Served[] = [];
  const sockets = new Set<Socket>();
  let next = 0;

  /** The next backend in strict rotation, skipping those marked down; undefined when all are. */
  function pick(tried: Set<number>): number | undefined {
    for (let i = 0; i < backends.length; i++) {
      const candidate = next % backends.length;
      next++;
      if (!isDown.has(candidate) && !tried.has(candidate)) return candidate;
    }
    return undefined;
  }

  function markDown(index: number): void {
    if (isDown.has(index)) return;
    isDown.add(index);
    const probe = setInterval(() => {
      const socket = connect(backends[index]!.port, backends[index]!.host);
      socket.once('connect', () => {
        socket.destroy();
        isDown.delete(index);
        clearInterval(probe);
      });
      socket.once('error', () => socket.destroy());
    }, PROBE_MS);
    probe.unref();
  }

  // Only a refused connection proves the request never reached the backend.
  const refused = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const declared = Number(req.headers['content-length'] ?? 0);
    const small = req.headers['transfer-encoding'] === undefined && declared <= RESENDABLE_BYTES;
    const body = small ? await readAll(req) : undefined;
    const tried = new Set<number>();
    for (;;) {
      const index = pick(tried);
      if (index === undefined) {
        served.push({ backend: -1, method: req.method ?? '', path, status: 502, upgrade: false });
        res.writeHead(502, { 'content-type': 'application/json', connection: 'close' });
        res.end(JSON.stringify({ error: { code: 'BAD_GATEWAY', message: 'no backend is up' } }));
        return;
      }
      tried.add(index);
      const backend = backends[index]!;
      const outcome = await new Promise<'answered' | 'refused' | 'broken'>((resolve) => {
        const upstream = request({ host: backend.host, port: backend.port, method: req.method, path: req.url, headers: forwarded(req), agent: backend.agent }, (answer) => {
          const { connection: _c, 'keep-alive': _k, ...headers } = answer.headers;
          res.writeHead(answer.statusCode ?? 502, headers);
          answer.pipe(res);
          answer.once('end', () => {
            served.push({ backend: index, method: req.method ?? '', path, status: answer.statusCode ?? 0, upgrade: false });
            resolve('answered');
          });
          answer.once('error', () => resolve('broken'));
        });
        upstream.once('error', (error) => resolve(refused(error) ? 'refused' : 'broken'));
        if (body) upstream.end(body);
        else req.pipe(upstream);
      });
      if (outcome === 'answered') return;
      if (outcome === 'refused') {
        markDown(index);
        if (body) continue;
      }
      // The backend died mid-request (or a streamed body cannot be sent again): this request is lost.
      served.push({ backend: index, method: req.method ?? '', path, status: 502, upgrade: false });
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'application/json', connection: 'close' });
        res.end(JSON.stringify({ error: { code: 'BAD_GATEWAY', message: 'the backend went away' } }));
      } else res.destroy();
      return;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // A WebSocket (or any upgrade) is one long connection: it goes whole to the next backend.
  server.on('upgrade', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const index = pick(new Set());
    const path = (req.url ?? '/').split('?')[0]!;
    if (index === undefined) {
      served.push({ backend: -1, method: req.method ?? '', path, status: 502, upgrade: true });
      client.end('HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\n\r\n');
      return;
    }
    const upstream = connect(backends[index]!.port, backends[index]!.host, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(lines.join('\r\n') + '\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      served.push({ backend: index, method: req.method ?? '', path, status: 101, upgrade: true });
      client.pipe(upstream).pipe(client);
    });
    sockets.add(upstream);
    upstream.once('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.once('error', (error) => {
      if (refused(error)) markDown(index);
      upstream.destroy();
    });
    client.once('close', () => upstream.destroy());
    client.once('error', () => client.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setBackends(origins) {
      backends = origins.map((o) => {
        const url = new URL(o);
        // Upstream connections are kept alive per backend (the rotation is per request all the
        // same) and dropped after 2 s idle, before Node's servers drop them (5 s): otherwise a
        // request could go out on a connection the backend is closing, and fail for nothing.
        return { host: url.hostname, port: Number(url.port), agent: new Agent({ keepAlive: true, timeout: 2000 }) };
      });
    },
    served,
    down: () => [...isDown].sort(),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        for (const backend of backends) backend.agent.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The client's headers without the hop-by-hop ones, which are this proxy's business. */
function forwarded(req: IncomingMessage): Record<string, string | string[] | undefined> {
  const { connection: _c, 'keep-alive': _k, ...headers } = req.headers;
  return headers;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
