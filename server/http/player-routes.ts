// GET /player/:registrationId?token=: the learner's page, made to sit in an integrator's iframe.
// Framing is allowed (CSP frame-ancestors from SCORM_FRAME_ANCESTORS, any site by default, never
// X-Frame-Options); a launch that cannot start gets a friendly HTML page with its status.
import Router, { type RouterContext } from '@koa/router';
import { newRouter } from './router.ts';
import type { TokenSigner } from '../core/signed-token.ts';
import type { PackageStore } from '../db/package-store.ts';
import type { RegistrationStore } from '../db/registration-store.ts';
import { AppError } from '../errors.ts';
import { verifyLaunchToken } from './launch-auth.ts';
import { errorPage, shellPage, type ErrorPageInput } from './player-page.ts';

export interface PlayerRouteDeps {
  signer: TokenSigner;
  registrations: RegistrationStore;
  packages: PackageStore;
  /** config.frameAncestors: the CSP frame-ancestors source list; undefined allows any site. */
  frameAncestors: string | undefined;
}

const PAGES = {
  missingToken: { heading: 'This link is incomplete', message: 'The course link is missing its access key. Open the course again from your learning platform.' },
  invalid: { heading: 'This link is not valid', message: 'The course link could not be verified. Open the course again from your learning platform.' },
  expired: { heading: 'This link has expired', message: 'For your security, course links stop working after a while. Open the course again from your learning platform to get a fresh one.' },
  otherRegistration: { heading: 'This link is for another course', message: 'The access key in this link belongs to a different enrolment. Open the course again from your learning platform.' },
  noRegistration: { heading: 'This enrolment no longer exists', message: 'The enrolment behind this link was removed. Ask your learning platform or administrator for a new link.' },
  noPackage: { heading: 'This course is no longer available', message: 'The course behind this link was removed. Ask your learning platform or administrator for help.' },
} satisfies Record<string, ErrorPageInput>;

export function playerRoutes(deps: PlayerRouteDeps): Router {
  const router = newRouter();
  const frameAncestors = deps.frameAncestors?.trim() || '*';

  function answer(ctx: RouterContext, status: number, html: string): void {
    ctx.status = status;
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Content-Security-Policy', `frame-ancestors ${frameAncestors}`);
    // The URL carries the learner's token: keep it out of caches and out of Referer headers.
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.body = html;
  }

  router.get('/player/:registrationId', async (ctx) => {
    const registrationId = ctx.params.registrationId!;
    const token = typeof ctx.query.token === 'string' ? ctx.query.token : '';
    if (token === '') return answer(ctx, 401, errorPage(PAGES.missingToken));
    try {
      verifyLaunchToken(deps.signer, token, registrationId);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const page = error.code === 'TOKEN_EXPIRED' ? PAGES.expired : error.status === 403 ? PAGES.otherRegistration : PAGES.invalid;
      return answer(ctx, error.status, errorPage(page));
    }
    const registration = await deps.registrations.get(registrationId);
    if (!registration) return answer(ctx, 404, errorPage(PAGES.noRegistration));
    const pkg = await deps.packages.get(registration.packageId);
    if (!pkg) return answer(ctx, 404, errorPage(PAGES.noPackage));
    answer(ctx, 200, shellPage({ title: pkg.title, registrationId, token }));
  });

  return router;
}
