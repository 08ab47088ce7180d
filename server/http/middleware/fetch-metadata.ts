// The admin origin answers only its own pages: a browser request that another site (or the
// delivery origin, which is same-site on another port) started is refused before any route runs,
// whatever its path or token (Fetch Metadata, Sec-Fetch-Site). A user opening the console from a
// link is a top-level navigation and passes; clients that are not browsers send no such header.
import type { Middleware } from 'koa';
import { AppError } from '../../errors.ts';

export function fetchMetadataGuard(): Middleware {
  return async (ctx, next) => {
    const site = ctx.get('sec-fetch-site');
    if (site === 'cross-site' || site === 'same-site') {
      const navigation = ctx.get('sec-fetch-mode') === 'navigate' && ctx.get('sec-fetch-dest') === 'document' && (ctx.method === 'GET' || ctx.method === 'HEAD');
      if (!navigation) throw new AppError(403, 'CROSS_ORIGIN_REFUSED', 'The admin origin does not answer requests started by other sites.');
    }
    await next();
  };
}
