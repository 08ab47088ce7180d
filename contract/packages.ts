// Packages on the wire: GET /api/v1/packages (list items), GET /api/v1/packages/:id (detail).
import type { Diagnostic, ParsedPackage } from '../scorm/manifest/model.ts';
import type { PackageDiff } from '../scorm/manifest/package-diff.ts';

export type { DiffItem, LaunchUrlChange, PackageDiff } from '../scorm/manifest/package-diff.ts';

/**
 * What happens to a registration's version when a newer one is imported, applied at its next
 * launch (docs/decisions/0024-package-versions.md): keep it, restart on the newest (earlier
 * attempts set aside), or migrate to the newest carrying SCO data over by item identifier.
 */
export type OnNewVersion = 'keep' | 'restart' | 'migrate';
export const ON_NEW_VERSION_POLICIES: readonly OnNewVersion[] = ['keep', 'restart', 'migrate'];

export interface PackageSummary {
  id: string;
  title: string;
  version: '1.2' | '2004';
  edition: string | null;
  schemaversion: string | null;
  identifier: string;
  default_organization: string | null;
  sco_count: number;
  asset_count: number;
  file_count: number;
  size_bytes: number;
  storage: string;
  created_at: string;
  /** The number of the version new registrations get (1 for a package never updated). */
  current_version: number;
  /** The package's default policy for its registrations when a new version comes. */
  on_new_version: OnNewVersion;
}

/** A list row: the summary plus how many distinct learners have a registration on it. */
export interface PackageListItem extends PackageSummary {
  learners: number;
}

export interface PackageDetail extends PackageSummary {
  organizations: ParsedPackage['organizations'];
  resources: ParsedPackage['resources'];
  metadata: ParsedPackage['metadata'];
  diagnostics: Diagnostic[];
}

/** Every paged list answer. */
export interface Page<T> {
  items: T[];
  total: number;
}

/** POST /api/v1/packages/:id/content-token. */
export interface ContentTokenAnswer {
  token: string;
  base_url: string;
  expires_in: number;
}

/** The difference of a version from the one before it (the import report of a new version). */
export interface VersionDiff extends PackageDiff {
  from_version: number;
}

/** GET /api/v1/packages/:id/versions (items, newest first). */
export interface PackageVersion {
  version_number: number;
  title: string;
  scorm_version: '1.2' | '2004';
  sco_count: number;
  file_count: number;
  size_bytes: number;
  created_at: string;
  import_job_id: string;
  /** The version new registrations get. */
  current: boolean;
  /** Registrations running this version now. */
  registrations: number;
  /** Its content was removed by the cleanup (no registration used it any more). */
  content_removed: boolean;
  /** null for a package's first version. */
  diff: VersionDiff | null;
}

/** PATCH /api/v1/packages/:id. */
export interface PackagePatch {
  on_new_version?: OnNewVersion;
}
