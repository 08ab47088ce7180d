// createApp: builds the Koa application from its dependencies. It never listens; server/main.ts
// (or a test) decides where it runs and attaches the WebSocket server to its HTTP server.
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import Koa from 'koa';
import websockify from 'koa-websocket';
import type { Knex } from 'knex';
import type { Config } from './config.ts';
import type { TokenSigner } from './core/signed-token.ts';
import { notFound } from './errors.ts';
import { contentRoutes } from './http/content-routes.ts';
import { healthRoutes } from './http/health-routes.ts';
import { jobsRoutes } from './http/jobs-routes.ts';
import { adminGate, adminSocketGate } from './http/middleware/admin-gate.ts';
import { errorHandler } from './http/middleware/error-handler.ts';
import { requestLog } from './http/middleware/request-log.ts';
import { newRouter } from './http/router.ts';
import { packagesRoutes } from './http/packages-routes.ts';
import { playerRoutes } from './http/player-routes.ts';
import { registrationsRoutes } from './http/registrations-routes.ts';
import { reportsRoutes } from './http/reports-routes.ts';
import { runtimeRoutes } from './http/runtime-routes.ts';
import { createReportStore } from './db/report-store.ts';
import { createSessionStore } from './db/session-store.ts';
import { createSharedDataStore } from './db/shared-data-store.ts';
import { createRuntimeService } from './runtime/runtime-service.ts';
import { staticFiles } from './http/static-files.ts';
import { createImportServices, type ImportServices } from './jobs/import-services.ts';
import type { JobSignals } from './jobs/job-watch.ts';
import type { Logger } from './log.ts';
import type { BlobStore } from './storage/blob-store.ts';
import { jobSocket } from './ws/job-socket.ts';

export interface AppDeps {
  config: Config;
  db: Knex;
  logger: Logger;
  adminToken: string;
  signer: TokenSigner;
  blobs: BlobStore;
  /** Shared with the worker of this process, so progress reaches sockets sooner. */
  signals?: JobSignals;
  onJobQueued?: () => void;
  /** Where the built console and player live; defaults to ./public. */
  publicDir?: string;
}

export type App = ReturnType<typeof websockify> & { services: ImportServices };

export function createApp(deps: AppDeps): App {
  const app = websockify(new Koa()) as App;
  app.proxy = true;
  // Errors are logged by errorHandler; Koa's default logger would print them twice.
  app.silent = true;
  const services = createImportServices(deps);
  app.services = services;

  app.use(requestLog(deps.logger));
  app.use(errorHandler(deps.logger));
  // Before any router: no spelling of /api reaches a handler without the admin token.
  app.use(adminGate(deps.adminToken));

  app.use(healthRoutes(deps.db).routes());
  app.use(contentRoutes(services).routes());
  const sessions = createSessionStore(deps.db);
  const runtime = createRuntimeService({ db: deps.db, sessions, packages: services.packages, sharedData: createSharedDataStore(deps.db) });
  app.use(runtimeRoutes({ signer: deps.signer, registrations: services.registrations, runtime, autoCommitSeconds: deps.config.autoCommitIntervalSeconds }).routes());
  app.use(playerRoutes({ signer: deps.signer, registrations: services.registrations, packages: services.packages, frameAncestors: deps.config.frameAncestors }).routes());

  const api = newRouter('/api/v1');
  api.use(packagesRoutes(services).routes());
  api.use(jobsRoutes(services).routes());
  api.use(registrationsRoutes({ registrations: services.registrations, packages: services.packages, sessions, signer: deps.signer }).routes());
  api.use(reportsRoutes({ reports: createReportStore(deps.db), packages: services.packages }).routes());
  api.all('/{*rest}', () => {
    throw notFound('That API endpoint');
  });
  app.use(api.routes());

  app.use(staticFiles(deps.publicDir ?? resolve(import.meta.dirname, '../public'), { index: 'index.html' }));
  app.use(() => {
    throw notFound('That page');
  });

  app.ws.use(adminSocketGate(deps.adminToken));
  app.ws.use(jobSocket(services, deps.adminToken));
  return app;
}

/** Serves the app's WebSocket routes on an HTTP server made from app.callback(). */
export function attachWebSockets(app: App, server: Server): void {
  app.ws.listen({ server });
}
