// The package report on the wire: GET /api/v1/packages/:id/report, with the figures named as in
// its definitions (README "Admin console and reports"); the CSV has its own columns.

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
  generated_at: string;
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
