// When a failed delivery is tried again: exponential backoff with "equal jitter" (half the delay
// fixed, half random), so receivers coming back are not hit by every sender at the same moment.

export interface BackoffPolicy {
  /** Delay after the first failed attempt. */
  baseMs: number;
  /** The longest delay between two attempts. */
  maxMs: number;
}

export function retryDelay(attempts: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 40);
  const delay = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(delay / 2 + random() * (delay / 2));
}
