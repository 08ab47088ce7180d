// The package report's shapes: the JSON of GET /api/v1/packages/:id/report and the rows of its CSV.

export interface ScoReport {
  item_identifier: string;
  title: string;
  learners: number;
  attempts: number;
  completed: number;
  completion_rate: number | null;
  passed: number;
  failed: number;
  pass_rate: number | null;
  average_score: number | null;
  average_time_seconds: number | null;
}

export interface InteractionReport {
  item_identifier: string;
  interaction_id: string;
  type: string | null;
  description: string | null;
  answered: number;
  correct: number;
  wrong: number;
  correct_rate: number | null;
  common_wrong_responses: Array<{ response: string; count: number }>;
}

export interface PackageReport {
  package_id: string;
  registrations: number;
  learners: number;
  started: number;
  attempts: number;
  completed: number;
  completion_rate: number | null;
  passed: number;
  failed: number;
  pass_rate: number | null;
  score: { count: number; average: number | null; histogram: Array<{ from: number; to: number; count: number }> };
  average_time_seconds: number | null;
  scos: ScoReport[];
  interactions: InteractionReport[];
}

export interface RegistrationReportRow {
  registration_id: string;
  learner_id: string;
  learner_name: string;
  created_at: number;
  last_accessed_at: number | null;
  completion_status: string;
  success_status: string;
  score_scaled: number | null;
  total_time_seconds: number;
  attempts: number;
  scos_completed: number;
  sco_count: number;
}
