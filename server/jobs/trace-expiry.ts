// Removes API trace parts older than SCORM_TRACE_DAYS (decision 0023): once at start and then
// every hour, in the worker role (server/jobs/worker-process.ts), so a web-only process never
// spends time on it. Several workers may run it at once: a DELETE by age is harmless twice.
import type { LaunchStore } from '../db/launch-store.ts';
import type { Logger } from '../log.ts';

export const TRACE_EXPIRY_EVERY_MS = 60 * 60 * 1000;

export interface TraceExpiryDeps {
  launches: Pick<LaunchStore, 'deleteTracesBefore'>;
  traceDays: number;
  logger: Logger;
  now?: () => number;
  everyMs?: number;
}

/** One pass: what is older than the limit goes; how many parts. */
export async function expireTraces(deps: TraceExpiryDeps): Promise<number> {
  const now = deps.now ?? Date.now;
  return deps.launches.deleteTracesBefore(now() - deps.traceDays * 24 * 3600 * 1000);
}

/** Runs expireTraces now and on a timer that does not keep the process alive; returns stop. */
export function startTraceExpiry(deps: TraceExpiryDeps): () => void {
  const run = () =>
    expireTraces(deps).then(
      (removed) => {
        if (removed > 0) deps.logger.info('expired API traces', { parts: removed });
      },
      (error: unknown) => deps.logger.error('trace expiry failed', { error: String(error) }),
    );
  void run();
  const timer = setInterval(() => void run(), deps.everyMs ?? TRACE_EXPIRY_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
