// Checks a learner's launch token against the registration in the URL: expired 401, forged 401,
// another registration's 403. Returns the launch's mode and credit.
import type { TokenSigner } from '../core/signed-token.ts';
import { AppError, forbidden, unauthorized } from '../errors.ts';
import type { LaunchClaims } from '../runtime/runtime-service.ts';

export interface VerifiedLaunch extends LaunchClaims {
  registrationId: string;
  packageId: string;
  expiresAt: number;
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
  return { registrationId, packageId: String(extra.p ?? ''), mode, credit, expiresAt: verdict.claims.expiresAt };
}
