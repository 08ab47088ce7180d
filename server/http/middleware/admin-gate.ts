// The one gate of the admin API: every request whose path, however spelled (case, duplicate
// slashes, dot segments, percent-encoding, encoded slashes), reads as /api/... must carry the
// admin token, before any router sees it. The WebSocket twin guards /ws/... the same way.
import type { Middleware } from 'koa';
import type WebSocket from 'ws';
import { unauthorized } from '../../errors.ts';
import { canonicalPath, isUnder } from '../canonical-path.ts';
import { bearerToken, isAdminToken } from './admin-auth.ts';

/** Paths that belong to the admin: the REST API and the job progress sockets. */
export const ADMIN_HTTP_PREFIX = '/api';
export const ADMIN_SOCKET_PREFIX = '/ws';

export function isAdminPath(path: string, prefix = ADMIN_HTTP_PREFIX): boolean {
  return isUnder(canonicalPath(path), prefix);
}

/**
 * `publicPaths`: admin paths a GET (or HEAD) may read without the token, matched on the raw path
 * exactly as sent, never on a canonical reading: any other spelling still needs the token, so
 * no handler but the one named is reached without it (the OpenAPI description, decision 0025).
 */
export function adminGate(adminToken: string, publicPaths: readonly string[] = []): Middleware {
  return async (ctx, next) => {
    const isPublic = (ctx.method === 'GET' || ctx.method === 'HEAD') && publicPaths.includes(ctx.path);
    if (isAdminPath(ctx.path) && !isPublic && !isAdminToken(adminToken, bearerToken(ctx.get('authorization')))) {
      ctx.set('WWW-Authenticate', 'Bearer');
      throw unauthorized('Send the admin token as "Authorization: Bearer <token>".');
    }
    await next();
  };
}

/** Browsers cannot set headers on a WebSocket, so the token comes as ?token=. */
export function adminSocketGate(adminToken: string): Middleware {
  return async (ctx, next) => {
    if (isAdminPath(ctx.path, ADMIN_SOCKET_PREFIX)) {
      const token = typeof ctx.query.token === 'string' ? ctx.query.token : undefined;
      if (!isAdminToken(adminToken, token)) {
        (ctx as unknown as { websocket: WebSocket }).websocket.close(4401, 'unauthorized');
        return;
      }
    }
    await next();
  };
}
