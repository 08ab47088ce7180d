// Signed, expiring tokens (HMAC-SHA256) for launch and content URLs. A token names its purpose,
// so a content token can never be used as a launch token and the other way round.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  /** What the token is for, e.g. "launch" or "content". */
  purpose: string;
  /** The thing it grants access to, e.g. a registration id. */
  subject: string;
  /** Expiry, seconds since the epoch. */
  expiresAt: number;
  /** Further claims the purpose needs (package id, mode...). */
  extra?: Record<string, string | number | boolean>;
}

export type VerifyResult =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'wrong_purpose' }
  /** Authentic but past its expiry: the claims are given for callers that allow a grace. */
  | { ok: false; reason: 'expired'; claims: TokenClaims };

export interface TokenSigner {
  sign(claims: Omit<TokenClaims, 'expiresAt'>, ttlSeconds: number): string;
  verify(token: string, purpose: string): VerifyResult;
  /** A key derived from the secret for `label` (HMAC), for values the server hands to one page. */
  deriveKey(label: string): string;
}

interface Wire {
  p: string;
  s: string;
  e: number;
  x?: Record<string, string | number | boolean>;
}

/**
 * Tokens whose signature this signer has checked, kept with their decoded payload: a learner's
 * launch token comes with every commit (one HMAC and one JSON parse each were 7 % of the
 * server's time under bench/runtime-commits.ts). Only authentic tokens are kept, by their whole
 * text, so a forged one is always checked; purpose and expiry are checked on every call.
 */
const VERIFIED_LIMIT = 10_000;

export function createTokenSigner(secret: string, now: () => number = Date.now): TokenSigner {
  if (secret.length < 32) throw new Error('The signing secret must be at least 32 characters.');
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest();
  const verified = new Map<string, Wire>();

  /** The token's payload when its signature is this secret's and its shape a token's. */
  function authentic(token: string): Wire | 'malformed' | 'bad_signature' {
    const parts = token.split('.');
    if (parts.length !== 2 || !/^[\w-]+$/.test(parts[0]!) || !/^[\w-]+$/.test(parts[1]!)) return 'malformed';
    const [payload, signature] = parts as [string, string];
    // Compared as text: base64url decoding ignores the spare low bits of the last character,
    // so comparing decoded bytes would accept several spellings of one signature.
    const expected = Buffer.from(mac(payload).toString('base64url'));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad_signature';
    let wire: Wire;
    try {
      wire = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Wire;
    } catch {
      return 'malformed';
    }
    if (typeof wire.p !== 'string' || typeof wire.s !== 'string' || typeof wire.e !== 'number') return 'malformed';
    return wire;
  }

  return {
    sign(claims, ttlSeconds) {
      const wire: Wire = {
        p: claims.purpose,
        s: claims.subject,
        e: Math.floor(now() / 1000) + Math.floor(ttlSeconds),
      };
      if (claims.extra && Object.keys(claims.extra).length > 0) wire.x = claims.extra;
      const payload = Buffer.from(JSON.stringify(wire)).toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },

    deriveKey(label) {
      return mac(`derive:${label}`).toString('base64url');
    },

    verify(token, purpose) {
      let wire = verified.get(token);
      if (!wire) {
        const checked = authentic(token);
        if (typeof checked === 'string') return { ok: false, reason: checked };
        // Frozen: every caller of this token gets the same claims object.
        wire = Object.freeze({ ...checked, ...(checked.x ? { x: Object.freeze(checked.x) } : {}) });
        verified.set(token, wire);
        // The oldest goes first; a token still in use is checked and kept again.
        if (verified.size > VERIFIED_LIMIT) verified.delete(verified.keys().next().value!);
      }
      if (wire.p !== purpose) return { ok: false, reason: 'wrong_purpose' };
      const claims: TokenClaims = { purpose: wire.p, subject: wire.s, expiresAt: wire.e, ...(wire.x ? { extra: wire.x } : {}) };
      if (wire.e * 1000 <= now()) return { ok: false, reason: 'expired', claims };
      return { ok: true, claims };
    },
  };
}

/** Compares two secrets in constant time (for the admin bearer token). */
export function safeEqual(a: string, b: string): boolean {
  const left = createHmac('sha256', 'compare').update(a).digest();
  const right = createHmac('sha256', 'compare').update(b).digest();
  return timingSafeEqual(left, right);
}
