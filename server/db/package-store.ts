// The package store port: a stored package's summary, manifest tree and file list. The SQL
// adapter is sql-package-store.ts (it also writes a package inside the import's transaction),
// the in-memory fake memory-package-store.ts; both pass test/db/package-store-contract.ts.
import type { PackageDetail, PackageListItem, PackageSummary } from '../../contract/packages.ts';
import type { Diagnostic, ParsedPackage } from '../../scorm/manifest/model.ts';

export type { PackageDetail, PackageListItem, PackageSummary };

export interface StoredFile {
  path: string;
  size: number;
}

export interface NewPackage {
  id: string;
  importJobId: string;
  parsed: ParsedPackage;
  diagnostics: Diagnostic[];
  files: StoredFile[];
  storage: 'local' | 's3';
}

export interface PackageListFilter {
  /** Case-insensitive substring of the title. */
  q?: string;
}

export interface PackageStore {
  get(id: string): Promise<PackageDetail | undefined>;
  /** Newest first (then by id), with each package's number of distinct learners. */
  list(limit: number, offset: number, filter?: PackageListFilter): Promise<{ items: PackageListItem[]; total: number }>;
  hasFile(packageId: string, path: string): Promise<boolean>;
  /** The SCOs of a package in tree order (what a registration reports on). */
  scoItems(packageId: string): Promise<Array<{ identifier: string; title: string }>>;
  exists(id: string): Promise<boolean>;
  files(packageId: string): Promise<StoredFile[]>;
  delete(id: string): Promise<boolean>;
}
