// Packages on the wire: GET /api/v1/packages (list items), GET /api/v1/packages/:id (detail).
import type { Diagnostic, ParsedPackage } from '../scorm/manifest/model.ts';

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
