// One log line per request: method, path (without query string, which can carry tokens),
// status and duration.
import type { Middleware } from 'koa';
import type { Logger } from '../../log.ts';

export function requestLog(logger: Logger): Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      logger.info('request', {
        method: ctx.method,
        path: redactPath(ctx.path),
        status: ctx.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      });
    }
  };
}

/** Content URLs carry a signed token in the path; keep it out of the log. */
export function redactPath(path: string): string {
  return path.replace(/^\/content\/[^/]+/, '/content/[token]');
}
