// A token bucket per key (a registration's commits): `burst` at once, refilled at `perSecond`.
// Pure but for the clock it is given. Buckets that have refilled completely are forgotten, so
// memory follows the registrations active in the last burst/perSecond seconds.

export interface RateLimiterOptions {
  perSecond: number;
  burst: number;
  now?: () => number;
}

export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export function createRateLimiter(options: RateLimiterOptions) {
  const now = options.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const fullAfterMs = (options.burst / options.perSecond) * 1000;
  let sweptAt = now();

  const refill = (bucket: { tokens: number; at: number }, t: number) => {
    bucket.tokens = Math.min(options.burst, bucket.tokens + ((t - bucket.at) / 1000) * options.perSecond);
    bucket.at = t;
  };

  function sweep(t: number): void {
    if (t - sweptAt < Math.max(1000, fullAfterMs)) return;
    sweptAt = t;
    for (const [key, bucket] of buckets) if (t - bucket.at >= fullAfterMs) buckets.delete(key);
  }

  return {
    take(key: string): RateVerdict {
      const t = now();
      sweep(t);
      let bucket = buckets.get(key);
      if (!bucket) buckets.set(key, (bucket = { tokens: options.burst, at: t }));
      else refill(bucket, t);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / options.perSecond)) };
    },
    get size(): number {
      return buckets.size;
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
