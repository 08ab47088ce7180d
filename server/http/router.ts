// newRouter: every router of the app matches paths exactly as written: case-sensitive and
// strict about trailing slashes, so only the one spelling the admin gate also reads reaches
// a handler (test/server/route-table.test.ts checks every layer).
import Router from '@koa/router';

export function newRouter(prefix?: string) {
  return new Router({ sensitive: true, strict: true, ...(prefix ? { prefix } : {}) });
}
