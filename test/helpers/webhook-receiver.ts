// A real HTTP server a test points webhooks at: it records every request (headers, raw body),
// answers as the test says (200, an error status while "down", or holding the request open),
// and verifies signatures the way the README's snippet does.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookEventBody } from '../../contract/webhooks.ts';
import { verifySignature } from '../../server/webhooks/signature.ts';

export interface ReceivedWebhook {
  headers: IncomingMessage['headers'];
  raw: string;
  body: WebhookEventBody;
  /** What the receiver answered (0 when it held the request). */
  answered: number;
}

export type ReceiverMode = { kind: 'up' } | { kind: 'down'; status: number } | { kind: 'hold' };

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Requests answered 2xx, in arrival order. */
  accepted(): ReceivedWebhook[];
  mode: ReceiverMode;
  /** Resolves when `predicate` holds over what was received (polled; fails after `timeoutMs`). */
  until(predicate: (received: ReceivedWebhook[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
  verified(secret: string, hook: ReceivedWebhook): boolean;
  stop(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const held: ServerResponse[] = [];
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    mode: { kind: 'up' },
    accepted: () => receiver.received.filter((r) => r.answered >= 200 && r.answered < 300),
    async until(predicate, what, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(receiver.received)) {
        if (Date.now() > deadline) throw new Error(`receiver: no ${what} within ${timeoutMs} ms; got ${receiver.received.map((r) => `${r.body.event}/${r.answered}`).join(', ')}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    verified: (secret, hook) => verifySignature(secret, hook.raw, String(hook.headers['x-scorm-signature'] ?? ''), Math.floor(Date.now() / 1000)),
    async stop() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const mode = receiver.mode;
      const answered = mode.kind === 'up' ? 200 : mode.kind === 'down' ? mode.status : 0;
      receiver.received.push({ headers: req.headers, raw, body: JSON.parse(raw) as WebhookEventBody, answered });
      if (mode.kind === 'hold') return void held.push(res);
      res.statusCode = answered;
      res.end(answered === 200 ? 'ok' : 'down');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}
