// A TCP proxy in front of the app whose "server" can go down for real: while down, every
// connection (open or new) is cut, so nothing gets through, not even a beacon the browser sends
// on its own while the page closes (which page.route cannot see once the page is going away).
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface OutageProxy {
  /** `url` with the proxy's origin instead of the app's. */
  via(url: string): string;
  down(): void;
  /** Request lines ("POST /runtime/…") that reached the proxy while it was down and were cut. */
  readonly refused: string[];
  up(): void;
  stop(): Promise<void>;
}

export async function startOutageProxy(target: string): Promise<OutageProxy> {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  let isDown = false;
  const refused: string[] = [];
  const server: Server = createServer((client) => {
    if (isDown) {
      // Read the request line so a test knows what was refused, then cut the connection.
      client.once('data', (chunk: Buffer) => {
        refused.push(chunk.toString('latin1').split('\r\n')[0]!.replace(/\?.*? HTTP/, ' HTTP'));
        client.destroy();
      });
      client.on('error', () => client.destroy());
      return;
    }
    const upstream = connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    via: (url) => origin + url.slice(new URL(url).origin.length),
    refused,
    down() {
      isDown = true;
      for (const s of open) s.destroy();
    },
    up() {
      isDown = false;
    },
    stop: () => new Promise<void>((resolve) => {
      for (const s of open) s.destroy();
      server.close(() => resolve());
    }),
  };
}
