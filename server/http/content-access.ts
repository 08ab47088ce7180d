// Content tokens of learners, derived from a live launch: they name the package, the registration
// and its launch nonce, live CONTENT_TOKEN_TTL at most (never past the launch), and stop serving
// the moment the registration is deleted or its launch URLs revoked.
import type { TokenSigner } from '../core/signed-token.ts';
import type { RegistrationRecord, RegistrationStore } from '../db/registration-store.ts';
import { forbidden, unauthorized } from '../errors.ts';
import type { VerifiedLaunch } from './launch-auth.ts';

/** Short: a leaked content URL stops working soon; the player renews well before this. */
export const CONTENT_TOKEN_TTL_SECONDS = 15 * 60;
/** How long a registration looked up for content requests is trusted (a SCO loads many files). */
const LOOKUP_CACHE_MS = 3000;

export interface ContentAccess {
  /** A content token for the launch's package, tied to the registration as it is now. */
  issue(registration: RegistrationRecord, launch: VerifiedLaunch): { token: string; expiresIn: number };
  /**
   * Throws 401/403 unless `token` may read files of `packageId` now; answers the content id of
   * the package version it reads (the registration's, or the current one of an admin preview).
   */
  check(token: string, packageId: string): Promise<string>;
}

export function createContentAccess(deps: { signer: TokenSigner; registrations: Pick<RegistrationStore, 'get'>; now?: () => number }): ContentAccess {
  const now = deps.now ?? Date.now;
  const cache = new Map<string, { at: number; registration: Promise<RegistrationRecord | undefined> }>();

  function lookup(id: string, fresh = false): Promise<RegistrationRecord | undefined> {
    const hit = cache.get(id);
    if (!fresh && hit && now() - hit.at < LOOKUP_CACHE_MS) return hit.registration;
    if (cache.size > 10_000) cache.clear();
    const registration = deps.registrations.get(id);
    cache.set(id, { at: now(), registration });
    // A failed read (the database away) is not remembered.
    registration.catch(() => cache.delete(id));
    return registration;
  }

  return {
    issue(registration, launch) {
      const left = launch.expiresAt - Math.floor(now() / 1000);
      const expiresIn = Math.max(1, Math.min(CONTENT_TOKEN_TTL_SECONDS, left));
      const extra: Record<string, string | number> = { r: registration.id, h: launch.expiresAt, v: registration.contentId };
      if (registration.launchNonce !== null) extra.n = registration.launchNonce;
      // The record a token is made from was read by this very request: the SCO's page, asked for
      // within the next moment with this token, need not read it again (decision 0041). Like any
      // cached record it only ever lets a request through; a refusal still reads afresh.
      if (cache.size > 10_000) cache.clear();
      cache.set(registration.id, { at: now(), registration: Promise.resolve(registration) });
      return { token: deps.signer.sign({ purpose: 'content', subject: registration.packageId, extra }, expiresIn), expiresIn };
    },

    async check(token, packageId) {
      const verdict = deps.signer.verify(token, 'content');
      if (!verdict.ok && verdict.reason !== 'expired') throw unauthorized('This content link is not valid.');
      const { claims } = verdict;
      if (claims.subject !== packageId) throw forbidden('This content link is for another package.');
      const extra = claims.extra ?? {};
      // Tokens from before package versions name no version: the package's first (its own id).
      const contentId = typeof extra.v === 'string' ? extra.v : packageId;
      if (typeof extra.r !== 'string') {
        // An admin's preview token (POST /api/v1/packages/:id/content-token): its expiry is all.
        if (!verdict.ok) throw unauthorized('This content link has expired; relaunch the course.');
        return contentId;
      }
      const nonce = typeof extra.n === 'string' ? extra.n : null;
      const current = (registration: RegistrationRecord | undefined): registration is RegistrationRecord =>
        registration !== undefined && registration.launchNonce === nonce && registration.packageId === packageId && registration.contentId === contentId;
      // The cache only ever lets a request through: a refusal is decided on a fresh read (a page
      // launched just after its registration moved to a new version holds a token the cached
      // record does not know yet).
      let registration = await lookup(extra.r);
      if (!current(registration)) registration = await lookup(extra.r, true);
      if (!registration || registration.launchNonce !== nonce || registration.packageId !== packageId) {
        throw unauthorized('This content link was revoked with its launch; relaunch the course.');
      }
      // The registration moved to a newer version at a later launch: this page's files are gone with it.
      if (registration.contentId !== contentId) throw unauthorized('The course was updated since this page opened; relaunch the course.');
      if (verdict.ok) return contentId;
      // A SCO left open keeps loading files with the token of its page's URL. While the player
      // runs it renews (which marks the registration accessed), so such a token keeps serving
      // until its launch expires; once the player has been gone a full TTL, it does not.
      const hardExpiry = typeof extra.h === 'number' ? extra.h * 1000 : 0;
      const active = registration.lastAccessedAt !== null && now() - registration.lastAccessedAt < CONTENT_TOKEN_TTL_SECONDS * 1000;
      if (now() < hardExpiry && active) return contentId;
      throw unauthorized('This content link has expired; relaunch the course.');
    },
  };
}
