// The package versions port (docs/decisions/0024-package-versions.md): each upload of a course
// is a version with its own content id; the packages row describes the current one. The SQL
// adapter is sql-package-version-store.ts (tested by test/db/package-version-store.test.ts on
// both databases).
import type { OnNewVersion, PackageDetail, PackageVersion, VersionDiff } from '../../contract/packages.ts';
import type { VersionChange } from '../../contract/registrations.ts';

export interface CurrentVersion {
  contentId: string;
  versionNumber: number;
  onNewVersion: OnNewVersion;
}

/** One version's manifest as a registration runs it: id is the package's, version_number its own. */
export type VersionContent = PackageDetail & { content_id: string; version_number: number };

/** What moving a registration onto a newer version writes (runtime/version-move.ts decides it). */
export interface VersionMove {
  toContentId: string;
  toVersion: number;
  /** Items whose attempt rows are set aside (kept for the report, no longer its progress). */
  archive: 'all' | string[];
  clearSequencingState: boolean;
  /** A restart begins the registration's next attempt. */
  newAttempt: boolean;
  change: VersionChange;
}

/** A version whose content no registration uses and that is not current any more. */
export interface UnusedVersion {
  packageId: string;
  contentId: string;
  versionNumber: number;
}

export interface PackageVersionStore {
  current(packageId: string): Promise<CurrentVersion | undefined>;
  /**
   * The package's on_new_version for the registration events a commit causes, as of
   * POLICY_FRESH_MS ago at most: a change made in this process is seen at once.
   */
  policy(packageId: string): Promise<OnNewVersion | undefined>;
  /** Newest first. */
  list(packageId: string): Promise<PackageVersion[]>;
  content(contentId: string): Promise<VersionContent | undefined>;
  scoItemsOf(contentId: string): Promise<Array<{ identifier: string; title: string }>>;
  /** Every content id of a package, removed or not (what deleting it must clear from storage). */
  contentIds(packageId: string): Promise<string[]>;
  setPolicy(packageId: string, policy: OnNewVersion): Promise<boolean>;
  /** Moves the registration if it still runs `fromContentId`; false when it moved meanwhile. */
  moveRegistration(registrationId: string, fromContentId: string, move: VersionMove): Promise<boolean>;
  /** Superseded before `supersededBefore`, not current, used by no registration, content still there. */
  unused(supersededBefore: number, limit: number): Promise<UnusedVersion[]>;
  /** Checks again that the version is unused, then drops its item and file rows and marks it removed. */
  markContentRemoved(contentId: string): Promise<boolean>;
}
