// The shapes of the public API the console reads (SPEC "HTTP API (v1)").

export interface ApiErrorBody {
  error: { code: string; message: string };
}

export interface Job {
  job_id: string;
  status: 'queued' | 'processing' | 'completed' | 'failed' | 'cancelled';
  stage: string | null;
  progress: number;
  bytes_done: number;
  bytes_total: number;
  files_done: number;
  files_total: number;
  package_id: string | null;
  error: { code: string; message: string } | null;
  created_at: string;
  updated_at: string;
}

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

export interface Diagnostic {
  level: 'error' | 'warning';
  code: string;
  message: string;
  path: string;
}

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

export interface Score {
  scaled: number | null;
  raw: number | null;
  min: number | null;
  max: number | null;
}

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
  scos: Array<{
    item_identifier: string;
    title: string;
    completion_status: string;
    success_status: string;
    score: Score;
    total_time_seconds: number;
    attempts: number;
    last_accessed_at: string | null;
  }>;
}

export interface Page<T> {
  items: T[];
  total: number;
}
