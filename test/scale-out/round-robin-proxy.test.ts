// The scale-out test's load balancer (test/helpers/round-robin-proxy.ts): strict rotation per
// request also on one keep-alive connection, WebSocket upgrades rotated too, and failover when a
// backend stops accepting connections. Runs on every database: it needs none.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket, { WebSocketServer } from 'ws';
import { startRoundRobinProxy, type RoundRobinProxy } from '../helpers/round-robin-proxy.ts';

const test = suite<{ servers: Server[]; proxy: RoundRobinProxy }>('round-robin proxy');

test.before.each(async (ctx) => {
  ctx.servers = [];
  for (const name of ['A', 'B']) {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => res.end(`${name}:${req.method}:${body}`));
    });
    new WebSocketServer({ server }).on('connection', (socket) => socket.send(name));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    ctx.servers.push(server);
  }
  ctx.proxy = await startRoundRobinProxy();
  ctx.proxy.setBackends(ctx.servers.map((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`));
});
test.after.each(async (ctx) => {
  await ctx.proxy.stop();
  for (const s of ctx.servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

test('requests alternate strictly, also on one keep-alive connection, and are recorded', async ({ proxy }) => {
  const answers: string[] = [];
  for (let i = 0; i < 4; i++) answers.push(await (await fetch(`${proxy.origin}/x?secret=1`, { method: 'POST', body: String(i) })).text());
  assert.equal(answers, ['A:POST:0', 'B:POST:1', 'A:POST:2', 'B:POST:3']);
  assert.equal(proxy.served.map((s) => [s.backend, s.path, s.status]), [[0, '/x', 200], [1, '/x', 200], [0, '/x', 200], [1, '/x', 200]]);
});

test('WebSocket upgrades go to the next backend in the same rotation', async ({ proxy }) => {
  const greetings: string[] = [];
  for (let i = 0; i < 2; i++) {
    const socket = new WebSocket(`${proxy.origin.replace('http', 'ws')}/ws`);
    greetings.push(await new Promise<string>((r) => socket.once('message', (m) => r(String(m)))));
    socket.close();
  }
  assert.equal(greetings, ['A', 'B']);
  assert.ok(proxy.served.every((s) => s.upgrade && s.status === 101));
});

test('a backend that refuses connections is marked down; its requests go to the other, body and all', async ({ servers, proxy }) => {
  servers[1]!.closeAllConnections();
  await new Promise((r) => servers[1]!.close(r));
  const answers: string[] = [];
  for (let i = 0; i < 4; i++) answers.push(await (await fetch(`${proxy.origin}/y`, { method: 'POST', body: `n${i}` })).text());
  assert.equal(answers, ['A:POST:n0', 'A:POST:n1', 'A:POST:n2', 'A:POST:n3']);
  assert.equal(proxy.down(), [1]);
});

test.run();
