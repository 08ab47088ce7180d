// How a launch ended (decision 0023), decided from what is known of it: pure, so the same rules
// serve the commit that terminates, the attempt open that supersedes, the closing beacon and the
// history read that finds a launch idle too long.
import type { ExitReason } from '../../contract/launches.ts';

/**
 * A launch with no commit, content renewal or end for this long is `timed_out`. The player renews
 * its content token every 7.5 minutes while its page is open (content-renewal.ts), so 30 minutes
 * is four renewals missed: the page is gone, not a learner reading slowly.
 */
export const LAUNCH_IDLE_LIMIT_MS = 30 * 60 * 1000;

/** The SCO's own Terminate: suspend when it left to come back (1.2 cmi.core.exit, 2004 cmi.exit or suspendAll, RTE 4.2.8 / 4.4.2). */
export function exitOnTerminate(exit: string, navRequest: string | undefined): ExitReason {
  return exit === 'suspend' || navRequest === 'suspendAll' ? 'suspend' : 'terminate';
}

/** A newer launch opened the same attempt (decision 0010) while this one never ended. */
export function exitOnSupersede(lastSeenAt: number, at: number): ExitReason {
  return at - lastSeenAt > LAUNCH_IDLE_LIMIT_MS ? 'timed_out' : 'stale';
}

/**
 * Whether `next` may replace what is stored. The SCO's own end says the most: a Terminate from
 * its unload handler after the page announced its closing still counts as terminate / suspend.
 * A closed window beats what a later open would guess (stale, timed out); nothing else changes.
 */
export function mayReplace(stored: ExitReason | null, next: ExitReason): boolean {
  return replaceable(next).includes(stored);
}

/** The stored reasons `next` may replace (what a store's guarded UPDATE matches). */
export function replaceable(next: ExitReason): Array<ExitReason | null> {
  return next === 'terminate' || next === 'suspend' ? [null, 'window_closed'] : [null];
}

/**
 * The reason a reader sees: the stored one, or for a launch never ended, `timed_out` once idle
 * beyond the limit (evaluated lazily on read: no sweep, and a launch that comes back to life
 * reads as open again).
 */
export function effectiveExit(stored: ExitReason | null, lastSeenAt: number, at: number): ExitReason | null {
  if (stored !== null) return stored;
  return at - lastSeenAt > LAUNCH_IDLE_LIMIT_MS ? 'timed_out' : null;
}
