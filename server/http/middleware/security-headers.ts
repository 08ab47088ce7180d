// Headers every response of an origin carries: nosniff always, a Referrer-Policy, and the admin
// origin's Content-Security-Policy (the console runs its own bundle only and is never framed).
import type { Middleware } from 'koa';
import type { Origins } from '../../core/origins.ts';

export interface SecurityHeaderOptions {
  /** Set on every response unless a route set its own. */
  contentSecurityPolicy?: string;
  referrerPolicy?: string;
}

export function securityHeaders(options: SecurityHeaderOptions): Middleware {
  return async (ctx, next) => {
    // Set before next(): error answers and 404s carry them too. Routes may replace the CSP.
    ctx.set('X-Content-Type-Options', 'nosniff');
    if (options.referrerPolicy) ctx.set('Referrer-Policy', options.referrerPolicy);
    if (options.contentSecurityPolicy) ctx.set('Content-Security-Policy', options.contentSecurityPolicy);
    await next();
  };
}

/**
 * The console: scripts from its own origin only (its bundle; no inline script, no eval), API and
 * job socket calls to itself, the preview player framed from the delivery origin(s), and the
 * console itself never framed by anyone (clickjacking).
 */
export function consolePolicy(origins: Origins): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    `frame-src ${origins.deliverySource}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
