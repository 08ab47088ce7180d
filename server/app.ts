// createApp: builds the Koa application from its dependencies. It never listens; server/main.ts
// (or a test) decides where it runs.
import { resolve } from 'node:path';
import Koa from 'koa';
import Router from '@koa/router';
import type { Knex } from 'knex';
import type { Config } from './config.ts';
import type { TokenSigner } from './core/signed-token.ts';
import { notFound } from './errors.ts';
import { healthRoutes } from './http/health-routes.ts';
import { adminAuth } from './http/middleware/admin-auth.ts';
import { errorHandler } from './http/middleware/error-handler.ts';
import { requestLog } from './http/middleware/request-log.ts';
import { staticFiles } from './http/static-files.ts';
import type { Logger } from './log.ts';

export interface AppDeps {
  config: Config;
  db: Knex;
  logger: Logger;
  adminToken: string;
  signer: TokenSigner;
  /** Where the built console and player live; defaults to ./public. */
  publicDir?: string;
}

export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  app.proxy = true;
  // Errors are logged by errorHandler; Koa's default logger would print them twice.
  app.silent = true;

  app.use(requestLog(deps.logger));
  app.use(errorHandler(deps.logger));

  const health = healthRoutes(deps.db);
  app.use(health.routes());

  const api = new Router({ prefix: '/api/v1' });
  api.use(adminAuth(deps.adminToken));
  api.all('/{*rest}', () => {
    throw notFound('That API endpoint');
  });
  app.use(api.routes());

  app.use(staticFiles(deps.publicDir ?? resolve(import.meta.dirname, '../public'), { index: 'index.html' }));

  app.use(() => {
    throw notFound('That page');
  });
  return app;
}
