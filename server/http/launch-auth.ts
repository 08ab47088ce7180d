// Checks a learner's launch token against the registration in the URL: expired 401, forged 401,
// another registration's 403; then against the registration as it is now: deleted, re-created or
// revoked (another launch nonce) or for another package, 401 TOKEN_REVOKED.
import type { TokenSigner } from '../core/signed-token.ts';
import type { RegistrationRecord } from '../db/registration-store.ts';
import { AppError, forbidden, unauthorized } from '../errors.ts';
import type { LaunchClaims } from '../runtime/runtime-service.ts';

export interface VerifiedLaunch extends LaunchClaims {
  registrationId: string;
  packageId: string;
  expiresAt: number;
  /** The registration's launch nonce when the token was minted (null: a token from before nonces). */
  nonce: string | null;
}

export function verifyLaunchToken(signer: TokenSigner, token: unknown, registrationId: string): VerifiedLaunch {
  if (typeof token !== 'string' || token === '') throw unauthorized('This launch needs its token (?token=).');
  const verdict = signer.verify(token, 'launch');
  if (!verdict.ok) {
    if (verdict.reason === 'expired') throw new AppError(401, 'TOKEN_EXPIRED', 'This launch link has expired; open the course again from your learning platform.');
    throw unauthorized('This launch link is not valid.');
  }
  if (verdict.claims.subject !== registrationId) throw forbidden('This launch token belongs to another registration.');
  const extra = verdict.claims.extra ?? {};
  const mode = extra.m === 'browse' || extra.m === 'review' ? extra.m : 'normal';
  const credit = extra.c === 'no-credit' ? 'no-credit' : 'credit';
  const nonce = typeof extra.n === 'string' ? extra.n : null;
  return { registrationId, packageId: String(extra.p ?? ''), mode, credit, expiresAt: verdict.claims.expiresAt, nonce };
}

export const tokenRevoked = (message = 'This launch link was replaced or its enrolment removed; open the course again from your learning platform.') =>
  new AppError(401, 'TOKEN_REVOKED', message);

/**
 * The token must name what exists now: the registration (a deleted one kills its tokens), its
 * current launch nonce (a re-created id or a revoke_previous gives a new one) and its package.
 */
export function requireCurrent(launch: Pick<VerifiedLaunch, 'packageId' | 'nonce'>, registration: RegistrationRecord | undefined): RegistrationRecord {
  if (!registration || registration.launchNonce !== launch.nonce || registration.packageId !== launch.packageId) throw tokenRevoked();
  return registration;
}
