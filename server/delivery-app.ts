// createDeliveryApp: the delivery origin (player page, run-time protocol, package content,
// /healthz). It holds no admin credential and serves nothing of the admin API: anything else,
// `/` and `/api/*` included, is 404.
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import Koa from 'koa';
import type { AppDeps } from './app.ts';
import { createRateLimiter } from './core/rate-limiter.ts';
import { createSqlLaunchStore, writeLaunchOpening } from './db/sql-launch-store.ts';
import { createSqlSessionStore } from './db/sql-session-store.ts';
import { notFound } from './errors.ts';
import { createContentAccess } from './http/content-access.ts';
import { contentRoutes } from './http/content-routes.ts';
import { healthRoutes } from './http/health-routes.ts';
import { errorHandler } from './http/middleware/error-handler.ts';
import { requestLog } from './http/middleware/request-log.ts';
import { securityHeaders } from './http/middleware/security-headers.ts';
import { bundleUrl } from './http/bundle-manifest.ts';
import { launchDataReader } from './http/launch-data.ts';
import { playerRoutes } from './http/player-routes.ts';
import { playerStyles } from './http/player-styles.ts';
import { runtimeRoutes } from './http/runtime-routes.ts';
import { staticFiles } from './http/static-files.ts';
import type { ImportServices } from './jobs/import-services.ts';
import { createRuntimeService } from './runtime/runtime-service.ts';
import { createVersionMover } from './runtime/version-mover.ts';
import { createXapiEvents } from './xapi/xapi-events.ts';

/** The player's own assets; nothing of the console, no source maps. */
const PLAYER_FILES = /^\/(player\.css|build\/player\.js|build\/player-[0-9a-f]{16}\.js)$/;

export function createDeliveryApp(deps: AppDeps, services: ImportServices): Koa {
  const app = new Koa();
  app.proxy = true;
  app.silent = true;
  const frameAncestors = playerFrameAncestors(deps);

  app.use(requestLog(deps.logger));
  // Tokened URLs (player, runtime, content) must never leak through Referer.
  app.use(securityHeaders({ referrerPolicy: 'no-referrer' }));
  app.use(errorHandler(deps.logger));

  app.use(healthRoutes(deps.db).routes());
  const contentAccess = createContentAccess({ signer: deps.signer, registrations: services.registrations });
  app.use(contentRoutes(services, { origins: deps.origins, frameAncestors, access: contentAccess }).routes());
  const sessions = createSqlSessionStore(deps.db, Date.now, services.outbox, writeLaunchOpening, { suspendDataOnce: deps.config.suspendDataOnce });
  const runtime = createRuntimeService({
    sessions,
    packages: services.packages,
    versions: services.versions,
    registrations: services.registrations,
    launches: createSqlLaunchStore(deps.db),
    progressEvents: {
      scoItems: (contentId) => services.versions.scoItemsOf(contentId),
      packagePolicy: (packageId) => services.versions.policy(packageId),
      wanted: (types) => services.outbox.wants(types),
    },
    ...(deps.config.xapi ? { xapi: createXapiEvents(deps.config.xapi) } : {}),
  });
  const versionMover = createVersionMover({ versions: services.versions, registrations: services.registrations, sessions });
  const commitRate = createRateLimiter(deps.config.commitRate);
  app.use(runtimeRoutes({ signer: deps.signer, registrations: services.registrations, runtime, versionMover, autoCommitSeconds: deps.config.autoCommitIntervalSeconds, origins: deps.origins, contentAccess, commitRate, logger: deps.logger }).routes());
  const publicDir = deps.publicDir ?? resolve(import.meta.dirname, '../public');
  const launchData = launchDataReader({ runtime, contentAccess, versionMover, autoCommitSeconds: deps.config.autoCommitIntervalSeconds });
  app.use(playerRoutes({
    signer: deps.signer, registrations: services.registrations, frameAncestors, origins: deps.origins,
    launchData, playerScript: bundleUrl(publicDir, 'player'), playerStyles: playerStyles(publicDir),
  }).routes());
  app.use(staticFiles(publicDir, { only: PLAYER_FILES }));
  app.use(() => {
    throw notFound('That page');
  });
  return app;
}

/**
 * Who may frame the player and the content it frames (CSP frame-ancestors checks every ancestor,
 * so content needs the same list): any site by default; with SCORM_FRAME_ANCESTORS, those sites
 * plus the delivery origin itself and the admin origin (the console's preview).
 */
export function playerFrameAncestors(deps: Pick<AppDeps, 'config' | 'origins'>): string {
  const configured = deps.config.frameAncestors?.trim();
  if (!configured || configured === '*') return '*';
  return `'self' ${deps.origins.admin} ${configured}`;
}

/** The delivery origin has no WebSocket endpoint: an upgrade is answered 404 and closed. */
export function refuseUpgrades(server: Server): void {
  server.on('upgrade', (_req, socket) => {
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
}
