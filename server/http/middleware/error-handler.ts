// Renders every error as {"error": {"code", "message"}}: domain errors with their own code and
// status, anything else as a 500 whose details go to the log only.
import type { Middleware } from 'koa';
import { isAppError } from '../../errors.ts';
import type { Logger } from '../../log.ts';

export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (isAppError(error)) {
        ctx.status = error.status;
        ctx.body = { error: { code: error.code, message: error.message, ...(error.details ?? {}) } };
        return;
      }
      const httpError = error as { status?: number; expose?: boolean; message?: string };
      if (typeof httpError.status === 'number' && httpError.status < 500 && httpError.expose) {
        // Koa's own client errors (e.g. a body parser refusing JSON).
        ctx.status = httpError.status;
        ctx.body = { error: { code: 'BAD_REQUEST', message: httpError.message ?? 'Bad request.' } };
        return;
      }
      logger.error('unhandled error', {
        method: ctx.method,
        path: ctx.path,
        error: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? error.stack : undefined,
      });
      ctx.status = 500;
      ctx.body = { error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on the server.' } };
    }
  };
}
