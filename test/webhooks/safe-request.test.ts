// Outbound webhook requests that cannot be turned against the server's own network: private
// addresses (v4, v6, IPv4-mapped, NAT64) refused unless allowed, checked on the address actually
// connected to; no redirect followed; at most 64 KiB of a response read; the signature format.
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isPrivateAddress } from '../../server/webhooks/private-address.ts';
import { MAX_RESPONSE_BYTES, RefusedTarget, safePost, webhookTargetProblem, webhookUrlProblem } from '../../server/webhooks/safe-request.ts';
import { signatureHeader, verifySignature } from '../../server/webhooks/signature.ts';

test('private, loopback, link-local, unique-local and reserved addresses, in every spelling', () => {
  for (const address of [
    '127.0.0.1', '127.255.0.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255',
    '::', '::1', 'fe80::1', 'fe80::1%eth0', 'fc00::1', 'fd12:3456::1', 'ff02::1',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:a9fe:a9fe', '0:0:0:0:0:ffff:c0a8:0101', '64:ff9b::10.0.0.1', '::127.0.0.1',
    'not-an-address',
  ]) {
    assert.ok(isPrivateAddress(address), address);
  }
  for (const address of ['8.8.8.8', '172.32.0.1', '192.169.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '::ffff:808:808', '64:ff9b::8.8.8.8']) {
    assert.not.ok(isPrivateAddress(address), address);
  }
});

test('webhook URLs: http(s) only, no credentials', () => {
  assert.is(webhookUrlProblem('https://hooks.example.com/a?b=1'), undefined);
  assert.is(webhookUrlProblem('http://127.0.0.1:9/x'), undefined, 'refused at send time, not at creation');
  assert.ok(webhookUrlProblem('file:///etc/passwd'));
  assert.ok(webhookUrlProblem('gopher://x.example/'));
  assert.ok(webhookUrlProblem('https://u:p@x.example/'));
  assert.ok(webhookUrlProblem('not a url'));
});

async function withServer(handler: Parameters<typeof createServer>[1], work: (url: string) => Promise<void>) {
  const server: Server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await work(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

test('loopback refused by default, as a literal and through a name that resolves to it; allowed when configured', async () => {
  let hits = 0;
  await withServer(
    (_req, res) => {
      hits++;
      res.end('ok');
    },
    async (url) => {
      const port = new URL(url).port;
      for (const target of [`${url}/x`, `http://localhost:${port}/x`, `http://[::ffff:127.0.0.1]:${port}/x`]) {
        try {
          await safePost(target, '{}', { allowPrivate: false, headers: {} });
          assert.unreachable(target);
        } catch (error) {
          assert.instance(error, RefusedTarget, `${target}: ${String(error)}`);
        }
      }
      assert.is(hits, 0, 'no request left');
      assert.equal(await safePost(`${url}/x`, '{}', { allowPrivate: true, headers: {} }), { status: 200, body: 'ok' });
      assert.is(hits, 1);
    },
  );
});

test('on creation: a private literal, localhost, or a name resolving to loopback is refused; a public or unresolvable name passes', async () => {
  for (const url of ['http://127.0.0.1:9/', 'http://[::1]/', 'https://169.254.169.254/latest', 'http://localhost:8080/', 'http://api.localhost/', 'http://LOCALHOST/', 'http://[::ffff:10.0.0.1]/']) {
    assert.match((await webhookTargetProblem(url, false)) ?? '', /private|loopback/, url);
    assert.is(await webhookTargetProblem(url, true), undefined, url);
  }
  const dns = { 'inside.example': ['203.0.113.9', '10.0.0.5'], 'outside.example': ['93.184.216.34'] } as Record<string, string[]>;
  const lookup = async (host: string) => (dns[host] ?? []).map((address) => ({ address }));
  assert.match((await webhookTargetProblem('https://inside.example/hook', false, lookup)) ?? '', /resolves to 203\.0\.113\.9/, 'any private answer refuses');
  assert.is(await webhookTargetProblem('https://outside.example/hook', false, lookup), undefined);
  assert.is(await webhookTargetProblem('https://8.8.8.8/hook', false), undefined);
  assert.is(await webhookTargetProblem('https://receiver.invalid/hook', false), undefined, 'an unresolvable name is accepted; deliveries report it');
});

test('a redirect is not followed: the 3xx is the answer', async () => {
  const paths: string[] = [];
  await withServer(
    (req, res) => {
      paths.push(req.url ?? '');
      res.statusCode = 307;
      res.setHeader('location', 'http://169.254.169.254/latest/meta-data/');
      res.end();
    },
    async (url) => {
      const answer = await safePost(`${url}/hook`, '{}', { allowPrivate: true, headers: {} });
      assert.is(answer.status, 307);
      assert.equal(paths, ['/hook']);
    },
  );
});

test('the request as sent: POST to the path and query, Host with its port, the given headers and the body', async () => {
  const seen: Array<{ method?: string; url?: string; host?: string; event?: string; length?: string; body: string }> = [];
  await withServer(
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, host: req.headers.host, event: String(req.headers['x-scorm-event']), length: req.headers['content-length'], body: Buffer.concat(chunks).toString('utf8') });
        res.end('ok');
      });
    },
    async (url) => {
      const body = '{"word":"naïve"}';
      const answer = await safePost(`${url}/hooks/in?team=a&x=1`, body, { allowPrivate: true, headers: { 'x-scorm-event': 'registration.progress' } });
      assert.equal(answer, { status: 200, body: 'ok' });
      assert.equal(seen, [{ method: 'POST', url: '/hooks/in?team=a&x=1', host: new URL(url).host, event: 'registration.progress', length: String(Buffer.byteLength(body)), body }]);
    },
  );
});

test('deliveries to one receiver share a kept connection; a kept connection never lets a private address through', async () => {
  let connections = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  try {
    for (let i = 0; i < 5; i++) assert.is((await safePost(url, `{"n":${i}}`, { allowPrivate: true, headers: {} })).status, 200);
    assert.is(connections, 1, 'five deliveries in a row, one connection');
    // The pools are per allowPrivate: the connection kept for an allowed private receiver is not
    // reused by a request that must refuse it.
    for (const target of [url, url.replace('127.0.0.1', 'localhost')]) {
      try {
        await safePost(target, '{}', { allowPrivate: false, headers: {} });
        assert.unreachable(target);
      } catch (error) {
        assert.instance(error, RefusedTarget, `${target}: ${String(error)}`);
      }
    }
    assert.is(connections, 1, 'no new connection for the refused ones');
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

test('at most 64 KiB of a large response body is read', async () => {
  let written = 0;
  await withServer(
    (_req, res) => {
      res.writeHead(500);
      const chunk = Buffer.alloc(16 * 1024, 'x');
      // Writes until the client stops reading (8 MiB at most).
      const pump = () => {
        while (written < 8 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => undefined);
      pump();
    },
    async (url) => {
      const answer = await safePost(`${url}/big`, '{}', { allowPrivate: true, headers: {} });
      assert.is(answer.status, 500);
      assert.is(answer.body.length, MAX_RESPONSE_BYTES);
    },
  );
  assert.ok(written < 8 * 1024 * 1024, `the server could not write it all (${written} bytes)`);
});

test('a receiver that never answers is given up (timeout)', async () => {
  await withServer(
    () => undefined,
    async (url) => {
      try {
        await safePost(`${url}/slow`, '{}', { allowPrivate: true, headers: {}, timeoutMs: 100 });
        assert.unreachable('timed out');
      } catch (error) {
        assert.match(String(error), /No answer within/);
      }
    },
  );
});

test('signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">; verification checks the secret, the body and the age', () => {
  const header = signatureHeader('whsec_abc', '{"a":1}', 1_700_000_000);
  assert.is(header, 't=1700000000,v1=' + createHmac('sha256', 'whsec_abc').update('1700000000.{"a":1}').digest('hex'));
  assert.ok(verifySignature('whsec_abc', '{"a":1}', header, 1_700_000_100));
  assert.not.ok(verifySignature('whsec_abd', '{"a":1}', header, 1_700_000_100), 'another secret');
  assert.not.ok(verifySignature('whsec_abc', '{"a":2}', header, 1_700_000_100), 'another body');
  assert.not.ok(verifySignature('whsec_abc', '{"a":1}', header, 1_700_001_000), 'too old');
  assert.not.ok(verifySignature('whsec_abc', '{"a":1}', 'garbage', 1_700_000_000));
});

test("the README's verification snippet accepts our signatures and refuses forgeries", async () => {
  const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
  const code = /```js\n([\s\S]*?verifyScormSignature[\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(code, 'the README has the snippet');
  const dir = mkdtempSync(join(tmpdir(), 'scorm-snippet-'));
  try {
    writeFileSync(join(dir, 'verify.mjs'), code);
    const { verifyScormSignature } = (await import(pathToFileURL(join(dir, 'verify.mjs')).href)) as { verifyScormSignature: (s: string, b: string | Buffer, h: string) => boolean };
    const body = JSON.stringify({ id: 'e1', event: 'registration.completed', name: 'Zoë' });
    const header = signatureHeader('whsec_k', body, Math.floor(Date.now() / 1000));
    assert.ok(verifyScormSignature('whsec_k', body, header));
    assert.ok(verifyScormSignature('whsec_k', Buffer.from(body), header));
    assert.not.ok(verifyScormSignature('whsec_other', body, header));
    assert.not.ok(verifyScormSignature('whsec_k', body + ' ', header));
    assert.not.ok(verifyScormSignature('whsec_k', body, signatureHeader('whsec_k', body, Math.floor(Date.now() / 1000) - 3600)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
