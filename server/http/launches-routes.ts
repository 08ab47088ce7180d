// /api/v1: a registration's launch history and a launch's API trace (decision 0023). The "trace"
// switches are fields of PATCH /registrations/:id and /packages/:id (their own routers).
import Router from '@koa/router';
import type { LaunchTrace, LaunchView } from '../../contract/launches.ts';
import type { Page } from '../../contract/packages.ts';
import type { LaunchStore } from '../db/launch-store.ts';
import type { PackageStore } from '../db/package-store.ts';
import type { RegistrationStore } from '../db/registration-store.ts';
import type { SessionStore } from '../db/session-store.ts';
import { notFound, registrationNotFound } from '../errors.ts';
import { launchView } from '../runtime/launch-view.ts';
import { droppedCalls, traceCalls } from '../runtime/trace-lines.ts';
import { parsePaging } from './paging.ts';
import { newRouter } from './router.ts';

export interface LaunchesRouteDeps {
  launches: LaunchStore;
  registrations: Pick<RegistrationStore, 'get'>;
  packages: Pick<PackageStore, 'get'>;
  sessions: Pick<SessionStore, 'forRegistration'>;
  now?: () => number;
}

export function launchesRoutes(deps: LaunchesRouteDeps): Router {
  const { launches, registrations, packages, sessions } = deps;
  const now = deps.now ?? Date.now;
  const router = newRouter();

  router.get('/registrations/:id/launches', async (ctx) => {
    const { limit, offset } = parsePaging(ctx.query);
    const registration = await registrations.get(ctx.params.id!);
    if (!registration) throw registrationNotFound();
    const [page, rows, pkg] = await Promise.all([launches.list(registration.id, limit, offset), sessions.forRegistration(registration.id), packages.get(registration.packageId)]);
    const owners = new Map(rows.filter((r) => r.current_session_id !== null).map((r) => [r.current_session_id!, r]));
    const at = now();
    ctx.body = {
      items: page.items.map((l) => launchView(l, pkg?.version ?? '2004', owners.get(l.id), registration.lastAccessedAt, at)),
      total: page.total,
    } satisfies Page<LaunchView>;
  });

  router.get('/launches/:id/trace', async (ctx) => {
    const launch = await launches.get(ctx.params.id!);
    if (!launch) throw notFound('That launch', 'LAUNCH_NOT_FOUND');
    const parts = await launches.traceParts(launch.id);
    if (parts.length === 0) {
      throw notFound(launch.traced ? 'The trace of that launch (expired, or nothing was called)' : 'A trace of that launch (it was not traced)', 'TRACE_NOT_FOUND');
    }
    const pkg = await packages.get(launch.packageId);
    const dropped = droppedCalls(parts);
    ctx.body = {
      launch_id: launch.id,
      registration_id: launch.registrationId,
      item_identifier: launch.itemIdentifier,
      started_at: new Date(launch.startedAt).toISOString(),
      calls: traceCalls(parts, pkg?.version ?? '2004', launch.startedAt),
      truncated: launch.traceTruncated || dropped > 0,
      dropped,
    } satisfies LaunchTrace;
  });

  return router;
}
