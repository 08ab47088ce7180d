// createApps: builds the two Koa applications from their dependencies: the admin app (console,
// /api/v1, /ws) and the delivery app (player, runtime, content; server/delivery-app.ts). Neither
// listens; server/main.ts (or a test) decides where they run and attaches the WebSocket server.
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import Koa from 'koa';
import websockify from 'koa-websocket';
import type { Knex } from 'knex';
import type { Config } from './config.ts';
import type { Origins } from './core/origins.ts';
import { createDeliveryApp } from './delivery-app.ts';
import { securityHeaders, consolePolicy } from './http/middleware/security-headers.ts';
import type { TokenSigner } from './core/signed-token.ts';
import { notFound } from './errors.ts';
import { healthRoutes } from './http/health-routes.ts';
import { jobsRoutes } from './http/jobs-routes.ts';
import { adminGate, adminSocketGate } from './http/middleware/admin-gate.ts';
import { errorHandler } from './http/middleware/error-handler.ts';
import { fetchMetadataGuard } from './http/middleware/fetch-metadata.ts';
import { requestLog } from './http/middleware/request-log.ts';
import { newRouter } from './http/router.ts';
import { openApiRoutes } from './http/openapi-routes.ts';
import { OPENAPI_PATH } from './openapi/service.ts';
import { packagesRoutes } from './http/packages-routes.ts';
import { registrationsRoutes } from './http/registrations-routes.ts';
import { reportsRoutes } from './http/reports-routes.ts';
import { webhooksRoutes } from './http/webhooks-routes.ts';
import { xapiRoutes } from './http/xapi-routes.ts';
import { LRS } from './outbox/outbox-wiring.ts';
import { createWebhookStore } from './db/webhook-store.ts';
import { createReportStore } from './db/report-store.ts';
import { createSqlSessionStore } from './db/sql-session-store.ts';
import { createSqlLaunchStore, writeLaunchOpening } from './db/sql-launch-store.ts';
import { launchesRoutes } from './http/launches-routes.ts';
import { staticFiles } from './http/static-files.ts';
import { createImportServices, type ImportServices } from './jobs/import-services.ts';
import type { JobSignals } from './jobs/job-watch.ts';
import type { Logger } from './log.ts';
import type { OutboxStore } from './db/outbox-store.ts';
import type { BlobStore } from './storage/blob-store.ts';
import { jobSocket } from './ws/job-socket.ts';

export interface AppDeps {
  config: Config;
  db: Knex;
  logger: Logger;
  adminToken: string;
  signer: TokenSigner;
  blobs: BlobStore;
  /** The admin and delivery origins as users reach them (known once both ports listen). */
  origins: Origins;
  /** Shared with the worker of this process, so progress reaches sockets sooner. */
  signals?: JobSignals;
  onJobQueued?: () => void;
  /** The outbox of this process (shared with its worker, whose dispatcher it wakes); made from db when absent. */
  outbox?: OutboxStore;
  /** Where the built console and player live; defaults to ./public. */
  publicDir?: string;
}

export type App = ReturnType<typeof websockify> & { services: ImportServices };

export interface Apps {
  admin: App;
  delivery: Koa;
}

/** Both apps over one set of services. */
export function createApps(deps: AppDeps): Apps {
  const services = createImportServices(deps);
  return { admin: createAdminApp(deps, services), delivery: createDeliveryApp(deps, services) };
}

/** The admin origin: console, /api/v1/*, /ws/*, /healthz. No course content is ever served here. */
export function createAdminApp(deps: AppDeps, services: ImportServices = createImportServices(deps)): App {
  const app = websockify(new Koa()) as App;
  app.proxy = true;
  // Errors are logged by errorHandler; Koa's default logger would print them twice.
  app.silent = true;
  app.services = services;

  app.use(requestLog(deps.logger));
  app.use(securityHeaders({ contentSecurityPolicy: consolePolicy(deps.origins), referrerPolicy: 'no-referrer' }));
  app.use(errorHandler(deps.logger));
  // Before any router: no spelling of /api reaches a handler without the admin token.
  app.use(adminGate(deps.adminToken, [OPENAPI_PATH]));
  app.use(fetchMetadataGuard());

  app.use(healthRoutes(deps.db).routes());

  const sessions = createSqlSessionStore(deps.db, Date.now, services.outbox, writeLaunchOpening, { suspendDataOnce: deps.config.suspendDataOnce });
  const launches = createSqlLaunchStore(deps.db);
  const api = newRouter('/api/v1');
  api.use(packagesRoutes(services, deps.origins, launches).routes());
  api.use(jobsRoutes(services).routes());
  api.use(registrationsRoutes({ registrations: services.registrations, packages: services.packages, versions: services.versions, sessions, launches, signer: deps.signer, origins: deps.origins }).routes());
  api.use(launchesRoutes({ launches, registrations: services.registrations, packages: services.packages, sessions }).routes());
  api.use(reportsRoutes({ reports: createReportStore(deps.db), packages: services.packages }).routes());
  api.use(webhooksRoutes({ webhooks: createWebhookStore(deps.db), outbox: services.outbox, allowPrivate: deps.config.webhookAllowPrivate }).routes());
  api.use(xapiRoutes({ xapi: deps.config.xapi, destination: LRS, outbox: services.outbox }).routes());
  api.use(openApiRoutes(deps.origins.admin).routes());
  api.all('/{*rest}', () => {
    throw notFound('That API endpoint');
  });
  app.use(api.routes());

  app.use(staticFiles(deps.publicDir ?? resolve(import.meta.dirname, '../public'), { index: 'index.html', only: CONSOLE_FILES }));
  app.use(() => {
    throw notFound('That page');
  });

  app.ws.use(adminSocketGate(deps.adminToken));
  app.ws.use(jobSocket(services, deps.adminToken));
  return app;
}

/** The console's own files; the player's assets are served only on the delivery origin. */
const CONSOLE_FILES = /^\/(index\.html|console\.css|build\/console\.js(\.map)?)$/;

/** Serves the app's WebSocket routes on an HTTP server made from app.callback(). */
export function attachWebSockets(app: App, server: Server): void {
  app.ws.listen({ server });
}
