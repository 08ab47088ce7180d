// GET /healthz: is this process up and can it reach its database?
import Router from '@koa/router';
import { newRouter } from './router.ts';
import type { Knex } from 'knex';
import { checkDatabase } from '../db/connect.ts';

export function healthRoutes(db: Knex): Router {
  const router = newRouter();
  router.get('/healthz', async (ctx) => {
    const dbOk = await checkDatabase(db);
    ctx.set('Cache-Control', 'no-store');
    ctx.status = dbOk ? 200 : 503;
    ctx.body = dbOk ? { status: 'ok', db: 'ok' } : { status: 'error', db: 'unreachable' };
  });
  return router;
}
