import Koa from 'koa';
import knex from 'knex';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createApps } from '../../server/app.ts';
import { resolveOrigins } from '../../server/core/origins.ts';
import { loadConfig } from '../../server/config.ts';
import { createTokenSigner } from '../../server/core/signed-token.ts';
import { errorHandler } from '../../server/http/middleware/error-handler.ts';
import { createMemoryLogger } from '../../server/log.ts';
import { badRequest } from '../../server/errors.ts';
import { createMemoryBlobStore } from '../../server/storage/memory-blob-store.ts';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../helpers/test-app.ts';
import { testDatabaseKinds } from '../helpers/databases.ts';

for (const kind of testDatabaseKinds()) {
  const app = suite<{ t: TestApp }>(`app on ${kind}`);
  app.before(async (ctx) => {
    ctx.t = await startTestApp(kind);
  });
  app.after(async (ctx) => ctx.t?.stop());

  app('GET /healthz answers ok with the database', async ({ t }) => {
    const res = await fetch(`${t.url}/healthz`);
    assert.is(res.status, 200);
    assert.equal(await res.json(), { status: 'ok', db: 'ok' });
  });

  app('unknown routes are 404 NOT_FOUND in the error shape', async ({ t }) => {
    for (const path of ['/nope', '/api/v1/nothing-here']) {
      const res = await t.admin(path);
      assert.is(res.status, 404, path);
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.is(body.error.code, 'NOT_FOUND');
      assert.type(body.error.message, 'string');
    }
  });

  app('the admin API needs the bearer token', async ({ t }) => {
    for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${TEST_ADMIN_TOKEN}`, 'Bearer']) {
      const headers: Record<string, string> = authorization ? { authorization } : {};
      const res = await fetch(`${t.url}/api/v1/packages`, { headers });
      assert.is(res.status, 401, String(authorization));
      assert.is(((await res.json()) as { error: { code: string } }).error.code, 'UNAUTHORIZED');
    }
    const ok = await t.admin('/api/v1/whatever');
    assert.is.not(ok.status, 401);
  });

  app('one log line per request, without tokens', async ({ t }) => {
    await fetch(`${t.url}/healthz?token=secret-in-query`);
    await t.admin('/api/v1/x');
    const requests = t.logger.lines.filter((l) => l.message === 'request');
    const health = requests.find((l) => l.path === '/healthz');
    assert.ok(health);
    assert.is(health!.method, 'GET');
    assert.is(health!.status, 200);
    assert.type(health!.ms, 'number');
    const all = JSON.stringify(t.logger.lines);
    assert.not.ok(all.includes('secret-in-query'));
    assert.not.ok(all.includes(TEST_ADMIN_TOKEN));
  });

  app('the console page is served at /', async ({ t }) => {
    const res = await fetch(`${t.url}/`);
    assert.is(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await res.text(), /SCORM LMS/);
  });

  app('static files cannot escape public/', async ({ t }) => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/%00']) {
      const res = await fetch(`${t.url}${path}`);
      assert.is(res.status, 404, path);
    }
  });

  app.run();
}

const failures = suite('failures');

failures('/healthz answers 503 when the database is unreachable', async () => {
  const db = knex({
    client: 'mysql2',
    connection: { host: '127.0.0.1', port: 1, user: 'nobody', connectTimeout: 1000 },
    pool: { min: 0, max: 1 },
    acquireConnectionTimeout: 2000,
    log: { error() {}, warn() {}, debug() {}, deprecate() {} },
  });
  const config = loadConfig({});
  const { admin: app } = createApps({
    config,
    origins: resolveOrigins(config, { admin: 3000, delivery: 3001 }),
    db,
    logger: createMemoryLogger(),
    adminToken: TEST_ADMIN_TOKEN,
    signer: createTokenSigner('s'.repeat(32)),
    blobs: createMemoryBlobStore(),
  });
  const server = createServer(app.callback()).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`);
    assert.is(res.status, 503);
    assert.equal(await res.json(), { status: 'error', db: 'unreachable' });
  } finally {
    server.close();
    await db.destroy();
  }
});

failures('a thrown bug is a 500 without its stack; the stack goes to the log', async () => {
  const logger = createMemoryLogger();
  const app = new Koa();
  app.silent = true;
  app.use(errorHandler(logger));
  app.use((ctx) => {
    if (ctx.path === '/domain') throw badRequest('INVALID_REQUEST', 'That was wrong.');
    throw new Error('secret internal detail');
  });
  const server = createServer(app.callback()).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const res = await fetch(`${base}/bug`);
    assert.is(res.status, 500);
    const text = await res.text();
    assert.equal(JSON.parse(text), {
      error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on the server.' },
    });
    assert.not.ok(text.includes('secret internal detail'));
    const logged = logger.lines.find((l) => l.message === 'unhandled error');
    assert.ok(logged);
    assert.match(String(logged!.stack), /secret internal detail/);

    const domain = await fetch(`${base}/domain`);
    assert.is(domain.status, 400);
    assert.equal(await domain.json(), { error: { code: 'INVALID_REQUEST', message: 'That was wrong.' } });
  } finally {
    server.close();
  }
});

failures.run();
