// GET /content/<signed token>/<package id>/<path>: package files served same-origin from either
// storage, streamed, with Content-Type, ETag / If-None-Match, Range (206/416) and caching.
// The token is in the path, so the package's relative links keep working without cookies.
// Served on the delivery origin only (with per-package origins, only on the package's own).
import Router, { type RouterContext } from '@koa/router';
import { newRouter } from './router.ts';
import { normalizePackagePath } from '../../scorm/path-gate.ts';
import { AppError, fileNotFound } from '../errors.ts';
import type { ImportServices } from '../jobs/import-services.ts';
import type { BlobStat } from '../storage/blob-store.ts';
import type { Origins } from '../core/origins.ts';
import type { ContentAccess } from './content-access.ts';
import { onPackageOrigin } from './delivery-host.ts';
import { parseRangeHeader } from './range-header.ts';

export interface ContentRouteOptions {
  origins: Origins;
  /** The CSP frame-ancestors source list (the player's, since CSP checks every ancestor). */
  frameAncestors: string;
  access: ContentAccess;
}

export function contentRoutes(services: ImportServices, options: ContentRouteOptions): Router {
  const router = newRouter();
  router.get('/content/:token/:packageId/{*path}', serve);
  router.head('/content/:token/:packageId/{*path}', serve);

  async function serve(ctx: RouterContext) {
    const { token, packageId } = ctx.params as { token: string; packageId: string };
    // Each version's files live under its own content id; the URL keeps naming the package.
    const contentId = await options.access.check(token, packageId);
    if (!onPackageOrigin(ctx, options.origins, packageId)) throw fileNotFound();

    let raw = (ctx.params as { path?: string }).path ?? '';
    try {
      raw = decodeURIComponent(raw);
    } catch {
      throw fileNotFound();
    }
    const gate = normalizePackagePath(raw === '' ? 'index.html' : raw);
    if (!gate.ok || gate.path.endsWith('/')) throw fileNotFound();

    const rangeHeader = ctx.get('range');
    // The common request, a whole file the browser does not hold yet: one read gives the headers
    // and the body (a stat, then the read, doubled the file operations of every SCO page and
    // asset, and the requests to S3). A conditional one is mostly answered 304 from a stat alone.
    if (ctx.method === 'GET' && !rangeHeader && !ctx.get('if-none-match') && !ctx.get('if-modified-since')) {
      const got = await services.blobs.get(contentId, gate.path);
      if (!got) throw fileNotFound();
      describe(ctx, got);
      ctx.status = 200;
      ctx.length = got.size;
      ctx.body = got.body;
      return;
    }

    const stat = await services.blobs.stat(contentId, gate.path);
    if (!stat) throw fileNotFound();
    if (describe(ctx, stat)) return;

    const ifRange = ctx.get('if-range');
    const range = rangeHeader && (!ifRange || ifRange === stat.etag) ? parseRangeHeader(rangeHeader, stat.size) : null;
    if (range === 'unsatisfiable') {
      ctx.set('Content-Range', `bytes */${stat.size}`);
      throw new AppError(416, 'RANGE_NOT_SATISFIABLE', 'The requested range is outside the file.');
    }
    if (ctx.method === 'HEAD') {
      ctx.status = 200;
      ctx.length = stat.size;
      return;
    }
    const got = await services.blobs.get(contentId, gate.path, range ? { range } : {});
    if (!got) throw fileNotFound();
    if (range && got.range) {
      ctx.status = 206;
      ctx.set('Content-Range', `bytes ${got.range.start}-${got.range.end}/${stat.size}`);
      ctx.length = got.range.end - got.range.start + 1;
    } else {
      ctx.status = 200;
      ctx.length = stat.size;
    }
    ctx.body = got.body;
  }
  /** The file's headers; true when the client's copy is current (answered 304). */
  function describe(ctx: RouterContext, stat: BlobStat): boolean {
    ctx.set('ETag', stat.etag);
    ctx.set('Last-Modified', stat.lastModified.toUTCString());
    ctx.set('Accept-Ranges', 'bytes');
    // Private: the URL carries a learner's token. Content of a package never changes in place.
    ctx.set('Cache-Control', 'private, max-age=3600');
    ctx.set('Content-Security-Policy', `frame-ancestors ${options.frameAncestors}`);
    ctx.type = stat.contentType;
    if (!(ctx.fresh || ctx.get('if-none-match').split(',').map((tag: string) => tag.trim()).includes(stat.etag))) return false;
    ctx.status = 304;
    return true;
  }
  return router;
}
