// The cleanup of old package versions: a version that is no longer current and that no
// registration runs any more loses its stored content, its item and file rows; its
// package_versions row stays for the history (content_removed). Safe with several worker
// processes: storage deletes are idempotent and the row is marked once, after a fresh check.
// A grace period after a version is superseded covers a registration created from a read of the
// package made just before the new version became current.
import type { Logger } from '../log.ts';
import type { PackageVersionStore } from '../db/package-version-store.ts';
import type { BlobStore } from '../storage/blob-store.ts';

export const CLEANUP_GRACE_MS = 10 * 60_000;
const BATCH = 50;

export interface VersionCleanupDeps {
  versions: Pick<PackageVersionStore, 'unused' | 'markContentRemoved'>;
  blobs: Pick<BlobStore, 'deletePackage'>;
  logger?: Logger;
  now?: () => number;
}

/** One pass; answers the content ids it removed. */
export async function cleanUpOldVersions(deps: VersionCleanupDeps, graceMs = CLEANUP_GRACE_MS): Promise<string[]> {
  const now = deps.now ?? Date.now;
  const removed: string[] = [];
  for (const version of await deps.versions.unused(now() - graceMs, BATCH)) {
    // Storage first: a pass that dies here leaves the row unmarked, and the next pass repeats it.
    await deps.blobs.deletePackage(version.contentId);
    if (await deps.versions.markContentRemoved(version.contentId)) {
      removed.push(version.contentId);
      deps.logger?.info('old package version removed', { package: version.packageId, version: version.versionNumber });
    }
  }
  return removed;
}

/** Runs a pass every `intervalMs` until stopped (the worker role, server/jobs/worker-process.ts). */
export function startVersionCleanup(deps: VersionCleanupDeps, options: { intervalMs: number; graceMs?: number }) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = cleanUpOldVersions(deps, options.graceMs)
      .catch((error: unknown) => deps.logger?.error('version cleanup failed', { error: String(error) }))
      .finally(() => {
        if (timer !== undefined) timer = setTimeout(tick, options.intervalMs);
      });
  };
  timer = setTimeout(tick, options.intervalMs);
  return {
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
