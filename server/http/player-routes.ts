// GET /player/:registrationId?token=: the learner's page, made to sit in an integrator's iframe.
// Framing is allowed (CSP frame-ancestors from SCORM_FRAME_ANCESTORS, any site by default, never
// X-Frame-Options); a launch that cannot start gets a friendly HTML page with its status.
// Delivery origin only; with per-package origins, only on the registration's package's origin.
import Router, { type RouterContext } from '@koa/router';
import { newRouter } from './router.ts';
import type { Origins } from '../core/origins.ts';
import type { TokenSigner } from '../core/signed-token.ts';
import type { RegistrationStore } from '../db/registration-store.ts';
import { AppError } from '../errors.ts';
import { onPackageOrigin } from './delivery-host.ts';
import { requireCurrent, verifyLaunchToken } from './launch-auth.ts';
import type { LaunchDataReader } from './launch-data.ts';
import { errorPage, shellPage, type ErrorPageInput } from './player-page.ts';

export interface PlayerRouteDeps {
  signer: TokenSigner;
  registrations: RegistrationStore;
  /** The CSP frame-ancestors source list (playerFrameAncestors). */
  frameAncestors: string;
  origins: Origins;
  /** The launch data the page carries inline (docs/runtime-protocol.md §1). */
  launchData: LaunchDataReader;
  /** The player bundle's current URL (content-hashed, cached for a year). */
  playerScript: () => string;
  /** The player's stylesheet, carried in the page (null: the page links it). */
  playerStyles?: () => string | null;
}

const PAGES = {
  missingToken: { heading: 'This link is incomplete', message: 'The course link is missing its access key. Open the course again from your learning platform.' },
  invalid: { heading: 'This link is not valid', message: 'The course link could not be verified. Open the course again from your learning platform.' },
  expired: { heading: 'This link has expired', message: 'For your security, course links stop working after a while. Open the course again from your learning platform to get a fresh one.' },
  otherRegistration: { heading: 'This link is for another course', message: 'The access key in this link belongs to a different enrolment. Open the course again from your learning platform.' },
  noRegistration: { heading: 'This enrolment no longer exists', message: 'The enrolment behind this link was removed. Ask your learning platform or administrator for a new link.' },
  otherOrigin: { heading: 'This link points to the wrong address', message: 'The course link was opened on another course\'s address. Open the course again from your learning platform.' },
  revoked: { heading: 'This link has been replaced', message: 'A newer link to this course was issued, so this one no longer works. Open the course again from your learning platform.' },
  noPackage: { heading: 'This course is no longer available', message: 'The course behind this link was removed. Ask your learning platform or administrator for help.' },
} satisfies Record<string, ErrorPageInput>;

export function playerRoutes(deps: PlayerRouteDeps): Router {
  const router = newRouter();
  const frameAncestors = deps.frameAncestors;

  function answer(ctx: RouterContext, status: number, html: string): void {
    ctx.status = status;
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Content-Security-Policy', `frame-ancestors ${frameAncestors}`);
    // The URL carries the learner's token: keep it out of caches (and, by the delivery app's
    // Referrer-Policy, out of Referer headers).
    ctx.set('Cache-Control', 'no-store');
    ctx.body = html;
  }

  router.get('/player/:registrationId', async (ctx) => {
    const registrationId = ctx.params.registrationId!;
    const token = typeof ctx.query.token === 'string' ? ctx.query.token : '';
    if (token === '') return answer(ctx, 401, errorPage(PAGES.missingToken));
    let launch;
    try {
      launch = verifyLaunchToken(deps.signer, token, registrationId);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const page = error.code === 'TOKEN_EXPIRED' ? PAGES.expired : error.status === 403 ? PAGES.otherRegistration : PAGES.invalid;
      return answer(ctx, error.status, errorPage(page));
    }
    const found = await deps.registrations.get(registrationId);
    if (!found) return answer(ctx, 401, errorPage(PAGES.noRegistration));
    let registration;
    try {
      registration = requireCurrent(launch, found);
    } catch {
      return answer(ctx, 401, errorPage(PAGES.revoked));
    }
    if (!onPackageOrigin(ctx, deps.origins, registration.packageId)) return answer(ctx, 404, errorPage(PAGES.otherOrigin));
    // Stable across launches of this registration (journals survive a relaunch), new after a
    // revoke; another registration's page never gets this key.
    const journalKey = deps.signer.deriveKey(`journal:${registrationId}:${registration.packageId}:${registration.launchNonce ?? ''}`);
    // The launch data names the package version the learner runs, title included: no read of its own.
    let launchData;
    try {
      launchData = await deps.launchData(registration, launch);
    } catch (error) {
      if (error instanceof AppError && error.code === 'PACKAGE_NOT_FOUND') return answer(ctx, 404, errorPage(PAGES.noPackage));
      throw error;
    }
    answer(ctx, 200, shellPage({ title: launchData.package.title, packageId: registration.packageId, journalKey, launchData, playerScript: deps.playerScript(), styles: deps.playerStyles?.() ?? null }));
  });

  return router;
}
