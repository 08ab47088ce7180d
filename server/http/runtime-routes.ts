// /runtime/:registrationId: what the player page calls (docs/runtime-protocol.md), each request
// authorised by the registration's launch token.
import Router, { type RouterContext } from '@koa/router';
import { newRouter } from './router.ts';
import type { Origins } from '../core/origins.ts';
import type { TokenSigner } from '../core/signed-token.ts';
import type { ContentRenewal } from '../../contract/runtime.ts';
import type { RegistrationRecord, RegistrationStore } from '../db/registration-store.ts';
import { badRequest, registrationNotFound } from '../errors.ts';
import { applyCommitBatch, parseCommitBatch } from '../runtime/commit-batch.ts';
import { parseCommitBody } from '../runtime/parse-commit-body.ts';
import type { RuntimeService } from '../runtime/runtime-service.ts';
import type { VersionMover } from '../runtime/version-mover.ts';
import type { ContentAccess } from './content-access.ts';
import { onPackageOrigin } from './delivery-host.ts';
import { launchDataReader } from './launch-data.ts';
import { requireCurrent, verifyLaunchToken, type VerifiedLaunch } from './launch-auth.ts';
import { readJson, readJsonObject } from './read-json.ts';
import type { RateLimiter } from '../core/rate-limiter.ts';
import type { Logger } from '../log.ts';
import { createTurnBatcher, fulfilledAll } from '../core/turn-batcher.ts';
import { AppError } from '../errors.ts';
import { checkCommitSize, checkSequencingStateSize } from '../runtime/commit-limits.ts';

/** SPEC: beacon bodies (text/plain) stay under 64 KiB, which the player splits commits to fit. */
const MAX_BEACON_BYTES = 64 * 1024;
/**
 * A plain fetch commit may be larger: one 2004 suspend_data of 64,000 characters can grow past
 * 64 KiB once JSON-escaped (quotes, non-ASCII), and a single value cannot be split.
 */
const MAX_COMMIT_BYTES = 1024 * 1024;

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * `?token=` as ctx.query.token reads it (the same URLSearchParams parse; an array when repeated,
 * which the token check refuses), without building the whole query object on every request.
 */
function tokenOf(querystring: string): string | string[] | undefined {
  const values = new URLSearchParams(querystring).getAll('token');
  return values.length <= 1 ? values[0] : values;
}

export interface RuntimeRouteDeps {
  signer: TokenSigner;
  registrations: RegistrationStore;
  runtime: RuntimeService;
  versionMover: VersionMover;
  autoCommitSeconds: number;
  origins: Origins;
  contentAccess: ContentAccess;
  /** Per registration, shared by commits and sequencing-state saves (SCORM_COMMIT_RATE/_BURST). */
  commitRate: RateLimiter;
  /** Where a batch's refused commits are told: a beacon's answer is read by nobody. */
  logger?: Logger;
}

export function runtimeRoutes(deps: RuntimeRouteDeps): Router {
  const router = newRouter('/runtime');
  // Read per request, never cached, so a revoke answers TOKEN_REVOKED at once on every process;
  // the requests of one event-loop turn share one query (server/core/turn-batcher.ts).
  const currentRegistration = createTurnBatcher((ids: string[]) => deps.registrations.getMany(ids).then(fulfilledAll));

  async function authorise(ctx: RouterContext) {
    ctx.set('Cache-Control', 'no-store');
    const launch = verifyLaunchToken(deps.signer, tokenOf(ctx.querystring), ctx.params.registrationId!);
    if (!onPackageOrigin(ctx, deps.origins, launch.packageId)) throw registrationNotFound();
    const registration = requireCurrent(launch, await currentRegistration(launch.registrationId));
    return { launch, registration };
  }

  /** 429 with Retry-After; the player keeps the commit in its journal and sends it then. */
  function throttle(ctx: RouterContext, registrationId: string): void {
    const verdict = deps.commitRate.take(registrationId);
    if (verdict.ok) return;
    ctx.set('Retry-After', String(verdict.retryAfterSeconds));
    throw new AppError(429, 'RATE_LIMITED', `Too many saves for this registration; send again in ${verdict.retryAfterSeconds} s.`, { retry_after: verdict.retryAfterSeconds });
  }

  const contentBase = (registration: RegistrationRecord, launch: VerifiedLaunch) => {
    const { token, expiresIn } = deps.contentAccess.issue(registration, launch);
    return { base: `/content/${token}/${registration.packageId}/`, expiresIn };
  };

  const launchData = launchDataReader(deps);
  router.get('/:registrationId', async (ctx) => {
    const { launch, registration } = await authorise(ctx);
    ctx.body = await launchData(registration, launch);
  });

  /** The player renews its content token while the session runs (docs/runtime-protocol.md). */
  router.post('/:registrationId/content-token', async (ctx) => {
    const { launch, registration } = await authorise(ctx);
    // Marks the session alive, which keeps the open SCO's older content URLs serving; a review
    // launch records nothing, so its SCO pages live on their token's own expiry.
    if (launch.mode !== 'review') await deps.registrations.touch(registration.id);
    const content = contentBase(registration, launch);
    ctx.body = { content_base: content.base, content_expires_in: content.expiresIn } satisfies ContentRenewal;
  });

  router.post('/:registrationId/attempts', async (ctx) => {
    const { launch, registration } = await authorise(ctx);
    const body = await readJsonObject(ctx, 16 * 1024);
    if (typeof body.item !== 'string' || body.item === '') throw badRequest('INVALID_REQUEST', 'item must be the identifier of the item to open.');
    if (body.new_tree_attempt !== undefined && typeof body.new_tree_attempt !== 'boolean') throw badRequest('INVALID_REQUEST', 'new_tree_attempt must be true or false.');
    ctx.status = 201;
    ctx.body = await deps.runtime.openAttempt(registration, launch, body.item, { newTreeAttempt: body.new_tree_attempt === true, userAgent: ctx.get('user-agent') });
  });

  // The hot path: the registration is read (shared with the turn's other requests), so a revoked
  // or deleted launch (or a re-created id) can commit nothing.
  router.post('/:registrationId/commit', async (ctx) => {
    const { launch, registration } = await authorise(ctx);
    throttle(ctx, launch.registrationId);
    // sendBeacon can only send text/plain without a preflight; the body is the same JSON.
    const type = ctx.get('content-type');
    const beacon = /^text\/plain\b/i.test(type);
    const body = await readJson(
      { req: ctx.req, get: (f) => (f.toLowerCase() === 'content-type' && beacon ? 'application/json' : ctx.get(f)) },
      beacon ? MAX_BEACON_BYTES : MAX_COMMIT_BYTES,
    );
    const commit = parseCommitBody(body);
    const tooLarge = checkCommitSize(commit);
    if (tooLarge) throw tooLarge;
    // The bytes as received (its launch counts them); a chunked body has no length: measured.
    const bytes = Number(ctx.get('content-length')) || Buffer.byteLength(JSON.stringify(body));
    const answer = await deps.runtime.commit(launch.registrationId, commit, launch.mode, bytes, registration);
    // The type as a header: given an object alone, Koa looks "json" up in the MIME table on every answer.
    ctx.set('Content-Type', JSON_TYPE);
    ctx.body = answer;
  });

  // A closing page's beacon: every commit it has not seen acknowledged, oldest first, and its
  // pending navigation state, in one body, so none of them can arrive before the one it follows.
  router.post('/:registrationId/commits', async (ctx) => {
    const { launch, registration } = await authorise(ctx);
    // One token per request: a batch is no way around the commit rate (its beacon is never
    // acknowledged, so a refused one stays journaled for the next launch).
    throttle(ctx, registration.id);
    const beacon = /^text\/plain\b/i.test(ctx.get('content-type'));
    const body = await readJson(
      { req: ctx.req, get: (f) => (f.toLowerCase() === 'content-type' && beacon ? 'application/json' : ctx.get(f)) },
      beacon ? MAX_BEACON_BYTES : MAX_COMMIT_BYTES,
    );
    const batch = parseCommitBatch(body);
    const tooLarge = batch.commits.map((c) => checkCommitSize(c)).find(Boolean) ?? (batch.sequencingState !== undefined ? checkSequencingStateSize(batch.sequencingState) : undefined);
    if (tooLarge) throw tooLarge;
    const results = await applyCommitBatch(batch, (input) => deps.runtime.commit(launch.registrationId, input, launch.mode, Buffer.byteLength(JSON.stringify(input)), registration));
    // The page that sent a beacon is gone and never reads this answer: a refusal is logged, so
    // that support can tell why data stayed in a learner's journal until the next launch.
    for (const r of results) {
      if (!r.ok) deps.logger?.warn('batch commit refused', { registration: registration.id, session: r.session_id, sequence: r.sequence, code: r.error.code, beacon });
    }
    if (batch.sequencingState !== undefined && launch.mode !== 'review') await deps.runtime.saveSequencingState(registration, batch.sequencingState);
    // After the commits: a SCO that terminated in them keeps its own exit reason (decision 0023).
    for (const closed of batch.closed) await deps.runtime.closeLaunch(registration.id, closed);
    ctx.body = { ok: true, results };
  });

  router.put('/:registrationId/sequencing-state', async (ctx) => {
    const { launch, registration } = await authorise(ctx);
    throttle(ctx, registration.id);
    const body = await readJsonObject(ctx, MAX_BEACON_BYTES);
    if (typeof body.state !== 'object' || body.state === null || Array.isArray(body.state)) throw badRequest('INVALID_REQUEST', 'state must be an object.');
    const tooLarge = checkSequencingStateSize(body.state);
    if (tooLarge) throw tooLarge;
    // A review launch leaves the learner's navigation state as it was, like their data.
    if (launch.mode !== 'review') await deps.runtime.saveSequencingState(registration, body.state);
    ctx.status = 204;
  });

  return router;
}
