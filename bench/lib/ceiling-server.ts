// The commit bench's ceilings: a server process that answers the bench's commits without the
// database, to show what the same load generator reaches on this machine before any commit work.
// Bench only; the product has no such switch.
//   bare: node:http alone, the body read and a small JSON answered 200.
//   koa:  the delivery app's stack up to the commit route (request log, security headers, error
//         handler, router, launch token checked with the product's signer, rate limiter, body
//         read and parsed as the route does), answering what an applied commit answers.
//   node --import tsx bench/lib/ceiling-server.ts bare|koa [data dir holding signing-secret]
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { argv } from 'node:process';
import Koa from 'koa';
import { createRateLimiter } from '../../server/core/rate-limiter.ts';
import { createTokenSigner } from '../../server/core/signed-token.ts';
import { errorHandler } from '../../server/http/middleware/error-handler.ts';
import { requestLog } from '../../server/http/middleware/request-log.ts';
import { securityHeaders } from '../../server/http/middleware/security-headers.ts';
import { verifyLaunchToken } from '../../server/http/launch-auth.ts';
import { readJson } from '../../server/http/read-json.ts';
import { newRouter } from '../../server/http/router.ts';
import { createLogger } from '../../server/log.ts';
import { checkCommitSize } from '../../server/runtime/commit-limits.ts';
import { parseCommitBody } from '../../server/runtime/parse-commit-body.ts';
import { loadOrCreateSecret } from '../../server/secrets.ts';

const mode = argv[2];

function bare(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = '{"ok":true,"applied":true,"sequence":1}';
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}

function koa(dataDir: string): Koa {
  const logger = createLogger();
  const signer = createTokenSigner(loadOrCreateSecret(dataDir, 'signing-secret').value);
  const commitRate = createRateLimiter({ perSecond: 1_000_000, burst: 1_000_000 });
  const app = new Koa();
  app.proxy = true;
  app.silent = true;
  app.use(requestLog(logger));
  app.use(securityHeaders({ referrerPolicy: 'no-referrer' }));
  app.use(errorHandler(logger));
  const router = newRouter('/runtime');
  router.post('/:registrationId/commit', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const launch = verifyLaunchToken(signer, ctx.query.token, ctx.params.registrationId!);
    if (!commitRate.take(launch.registrationId).ok) ctx.throw(429);
    const commit = parseCommitBody(await readJson({ req: ctx.req, get: (f) => ctx.get(f) }, 1024 * 1024));
    const tooLarge = checkCommitSize(commit);
    if (tooLarge) throw tooLarge;
    ctx.body = { ok: true, applied: true, sequence: commit.sequence };
  });
  app.use(router.routes());
  return app;
}

const handler = mode === 'bare' ? bare : mode === 'koa' ? koa(argv[3]!).callback() : undefined;
if (!handler) throw new Error('usage: ceiling-server.ts bare|koa [data dir]');
const server = createServer(handler);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The lines startServerProcess waits for.
  process.stdout.write(`ceiling (${mode}) listening on ${origin}/\n  delivery: ${origin}/\n`);
});
process.on('SIGTERM', () => process.exit(0));
