// Serves the built console and player assets from public/ (GET/HEAD only, no directory escape).
import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Middleware } from 'koa';
import { contentTypeFor } from '../core/content-type.ts';

/** `only` lists what this origin may serve (its path, after the index is applied). */
export function staticFiles(root: string, options: { index?: string; only?: RegExp } = {}): Middleware {
  const base = normalize(root + sep);
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    let relative = ctx.path === '/' && options.index ? options.index : ctx.path;
    try {
      relative = decodeURIComponent(relative);
    } catch {
      return next();
    }
    if (relative.includes('\0')) return next();
    if (options.only && !options.only.test(relative.startsWith('/') ? relative : `/${relative}`)) return next();
    const file = normalize(join(base, relative));
    if (!file.startsWith(base)) return next();
    let info: Stats;
    try {
      info = await stat(file);
    } catch {
      return next();
    }
    if (!info.isFile()) return next();
    ctx.type = contentTypeFor(file);
    ctx.length = info.size;
    ctx.lastModified = info.mtime;
    ctx.set('Cache-Control', cacheControlFor(file));
    ctx.body = ctx.method === 'HEAD' ? null : createReadStream(file);
  };
}

/** A content-hashed bundle (name-<16 hex>.js) never changes: a new build is a new name. */
function cacheControlFor(file: string): string {
  if (/-[0-9a-f]{16}\.js$/.test(file)) return 'public, max-age=31536000, immutable';
  return extname(file) === '.html' ? 'no-cache' : 'public, max-age=300';
}
