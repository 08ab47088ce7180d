// /runtime/:registrationId: what the player page calls (docs/runtime-protocol.md), each request
// authorised by the registration's launch token.
import Router, { type RouterContext } from '@koa/router';
import { newRouter } from './router.ts';
import type { TokenSigner } from '../core/signed-token.ts';
import type { RegistrationStore } from '../db/registration-store.ts';
import { badRequest, notFound } from '../errors.ts';
import { parseCommitInput } from '../runtime/commit-input.ts';
import type { RuntimeService } from '../runtime/runtime-service.ts';
import { verifyLaunchToken } from './launch-auth.ts';
import { readJson, readJsonObject } from './read-json.ts';

/** SPEC: beacon bodies (text/plain) stay under 64 KiB, which the player splits commits to fit. */
const MAX_BEACON_BYTES = 64 * 1024;
/**
 * A plain fetch commit may be larger: one 2004 suspend_data of 64,000 characters can grow past
 * 64 KiB once JSON-escaped (quotes, non-ASCII), and a single value cannot be split.
 */
const MAX_COMMIT_BYTES = 1024 * 1024;

export interface RuntimeRouteDeps {
  signer: TokenSigner;
  registrations: RegistrationStore;
  runtime: RuntimeService;
  autoCommitSeconds: number;
}

export function runtimeRoutes(deps: RuntimeRouteDeps): Router {
  const router = newRouter('/runtime');

  async function authorise(ctx: RouterContext) {
    ctx.set('Cache-Control', 'no-store');
    const launch = verifyLaunchToken(deps.signer, ctx.query.token, ctx.params.registrationId!);
    const registration = await deps.registrations.get(launch.registrationId);
    if (!registration) throw notFound('That registration', 'REGISTRATION_NOT_FOUND');
    return { launch, registration };
  }

  router.get('/:registrationId', async (ctx) => {
    const { launch, registration } = await authorise(ctx);
    const ttl = Math.max(60, launch.expiresAt - Math.floor(Date.now() / 1000));
    const contentToken = deps.signer.sign({ purpose: 'content', subject: registration.packageId }, ttl);
    ctx.body = await deps.runtime.launchData(registration, launch, `/content/${contentToken}/${registration.packageId}/`, deps.autoCommitSeconds);
  });

  router.post('/:registrationId/attempts', async (ctx) => {
    const { launch, registration } = await authorise(ctx);
    const body = await readJsonObject(ctx, 16 * 1024);
    if (typeof body.item !== 'string' || body.item === '') throw badRequest('INVALID_REQUEST', 'item must be the identifier of the item to open.');
    ctx.status = 201;
    ctx.body = await deps.runtime.openAttempt(registration, launch, body.item);
  });

  // The hot path: no registration read. The token proves the registration, and its attempt row
  // (locked by the commit) exists only while the registration does.
  router.post('/:registrationId/commit', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const launch = verifyLaunchToken(deps.signer, ctx.query.token, ctx.params.registrationId!);
    // sendBeacon can only send text/plain without a preflight; the body is the same JSON.
    const type = ctx.get('content-type');
    const beacon = /^text\/plain\b/i.test(type);
    const body = await readJson(
      { req: ctx.req, get: (f) => (f.toLowerCase() === 'content-type' && beacon ? 'application/json' : ctx.get(f)) },
      beacon ? MAX_BEACON_BYTES : MAX_COMMIT_BYTES,
    );
    ctx.body = await deps.runtime.commit(launch.registrationId, parseCommitInput(body), launch.mode);
  });

  router.put('/:registrationId/sequencing-state', async (ctx) => {
    const { launch, registration } = await authorise(ctx);
    const body = await readJsonObject(ctx, MAX_BEACON_BYTES);
    if (typeof body.state !== 'object' || body.state === null || Array.isArray(body.state)) throw badRequest('INVALID_REQUEST', 'state must be an object.');
    // A review launch leaves the learner's navigation state as it was, like their data.
    if (launch.mode !== 'review') await deps.runtime.saveSequencingState(registration, body.state);
    ctx.status = 204;
  });

  return router;
}
