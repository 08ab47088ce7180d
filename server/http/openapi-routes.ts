// GET /api/v1/openapi.json: the OpenAPI 3.1 description (server/openapi/), built once per app
// with the admin origin as its server. Public: the admin gate lets this one exact path through.
import Router from '@koa/router';
import { newRouter } from './router.ts';
import { openApiDocument } from '../openapi/document.ts';

export function openApiRoutes(adminOrigin: string): Router {
  const router = newRouter();
  const body = JSON.stringify(openApiDocument(adminOrigin));
  router.get('/openapi.json', (ctx) => {
    ctx.type = 'application/json';
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = body;
  });
  return router;
}
