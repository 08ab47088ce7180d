// The shapes of the public API the console reads (SPEC "HTTP API (v1)"). Where the server has
// the type of an answer, it is used as is (types only: nothing of the server is bundled), so the
// console cannot drift from the API.
import type { Diagnostic as ManifestDiagnostic } from '../scorm/manifest/diagnostics.ts';
import type { JobView } from '../server/http/job-view.ts';
import type { Score as ProgressScore, ScoProgress } from '../server/runtime/registration-progress.ts';

export interface ApiErrorBody {
  error: { code: string; message: string };
}

export type Job = JobView;

export interface UploadAccepted {
  job_id: string;
  status: string;
  job_url: string;
  ws_url: string;
  events_url?: string;
}

export interface PackageSummary {
  id: string;
  title: string;
  version: '1.2' | '2004';
  edition: string | null;
  sco_count: number;
  asset_count: number;
  file_count: number;
  size_bytes: number;
  created_at: string;
  learners: number;
}

export type Diagnostic = ManifestDiagnostic;

export interface Item {
  identifier: string;
  title: string;
  visible: boolean;
  parameters: string | null;
  resource: { identifier: string; href: string | null; scorm_type: 'sco' | 'asset' } | null;
  launch_url: string | null;
  children: Item[];
  [extra: string]: unknown;
}

export interface Organization {
  identifier: string;
  title: string;
  items: Item[];
  [extra: string]: unknown;
}

export interface PackageDetail extends Omit<PackageSummary, 'learners'> {
  schemaversion: string | null;
  identifier: string;
  default_organization: string | null;
  storage: string;
  organizations: Organization[];
  diagnostics: Diagnostic[];
}

export type Score = ProgressScore;

export interface Registration {
  id: string;
  package_id: string;
  learner: { id: string; name: string };
  completion_status: string;
  success_status: string;
  score: Score;
  total_time_seconds: number;
  attempt: number;
  created_at: string;
  last_accessed_at: string | null;
  launch_url?: string;
  scos: ScoProgress[];
}

export interface Page<T> {
  items: T[];
  total: number;
}
