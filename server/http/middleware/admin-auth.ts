// Bearer-token authentication of the admin API, compared in constant time.
import type { Middleware } from 'koa';
import { safeEqual } from '../../core/signed-token.ts';
import { unauthorized } from '../../errors.ts';

export function adminAuth(adminToken: string): Middleware {
  return async (ctx, next) => {
    if (!isAdminToken(adminToken, bearerToken(ctx.get('authorization')))) {
      ctx.set('WWW-Authenticate', 'Bearer');
      throw unauthorized('Send the admin token as "Authorization: Bearer <token>".');
    }
    await next();
  };
}

export function bearerToken(header: string): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

export function isAdminToken(adminToken: string, candidate: string | undefined): boolean {
  return candidate !== undefined && safeEqual(candidate, adminToken);
}
