// Writes registrations, SCO attempts and interactions straight into the session tables, as the
// runtime would have left them, for report tests and bench/report.ts (fast and exact).
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { createInteractionStatsStore } from '../../server/db/interaction-stats-store.ts';

export interface SeedInteraction {
  id: string;
  response: string | null;
  result: string | null;
  type?: string;
  description?: string;
}

export interface SeedAttempt {
  item: string;
  attempt?: number;
  completion: string;
  success: string;
  scaled?: number | null;
  raw?: number | null;
  seconds?: number;
  interactions?: SeedInteraction[];
}

export interface SeedRegistration {
  id: string;
  learner: { id: string; name: string };
  attempts: SeedAttempt[];
  createdAt?: number;
}

export interface SeedRows {
  registrations: Record<string, unknown>[];
  sessions: Record<string, unknown>[];
  interactions: Record<string, unknown>[];
}

/** The rows for `registrations` on a package, without writing them (the bench batches them). */
export function seedRows(packageId: string, version: '1.2' | '2004', registrations: SeedRegistration[], now = Date.UTC(2026, 0, 1)): SeedRows {
  const rows: SeedRows = { registrations: [], sessions: [], interactions: [] };
  registrations.forEach((reg, index) => {
    const createdAt = reg.createdAt ?? now + index;
    rows.registrations.push({
      id: reg.id,
      package_id: packageId,
      learner_id: reg.learner.id,
      learner_name: reg.learner.name,
      comments_from_lms_json: '[]',
      attempt: 1,
      created_at: createdAt,
      last_accessed_at: reg.attempts.length ? createdAt + 1000 : null,
    });
    for (const a of reg.attempts) {
      const sessionId = randomUUID();
      rows.sessions.push({
        id: sessionId,
        registration_id: reg.id,
        package_id: packageId,
        item_identifier: a.item,
        attempt: a.attempt ?? 1,
        version,
        lesson_status: null,
        completion_status: a.completion,
        success_status: a.success,
        score_raw: a.raw ?? (a.scaled === null || a.scaled === undefined ? null : a.scaled * 100),
        score_min: null,
        score_max: null,
        score_scaled: a.scaled ?? null,
        total_time: 'PT0S',
        total_time_seconds: a.seconds ?? 0,
        session_time_seconds: 0,
        entry: 'ab-initio',
        exit_value: '',
        location: null,
        suspend_data: null,
        data_json: '{}',
        last_end_json: null,
        ended: true,
        session_count: 1,
        current_session_id: null,
        commit_sequence: 1,
        row_version: 1,
        created_at: createdAt,
        updated_at: createdAt + 1000,
      });
      (a.interactions ?? []).forEach((q, position) => {
        rows.interactions.push({
          session_row_id: sessionId,
          position,
          package_id: packageId,
          registration_id: reg.id,
          item_identifier: a.item,
          interaction_key: q.id.slice(0, 255),
          interaction_id: q.id,
          type: q.type ?? 'choice',
          learner_response: q.response,
          result: q.result,
          weighting: null,
          latency: null,
          timestamp: null,
          description: q.description ?? null,
          correct_responses_json: null,
        });
      });
    }
  });
  return rows;
}

export async function insertSeedRows(db: Knex, rows: SeedRows, chunk = 500): Promise<void> {
  // Seeds skip the commit path, so they set what it keeps: each SCO's latest attempt, and the
  // per-question counts (rebuilt from the interaction rows).
  const newest = new Map<string, number>();
  for (const s of rows.sessions) {
    const key = `${String(s.registration_id)}\u0000${String(s.item_identifier)}`;
    newest.set(key, Math.max(newest.get(key) ?? 0, Number(s.attempt)));
  }
  const sessions = rows.sessions.map((s) => ({ ...s, is_latest: newest.get(`${String(s.registration_id)}\u0000${String(s.item_identifier)}`) === Number(s.attempt) }));
  await db.batchInsert('registrations', rows.registrations, chunk);
  await db.batchInsert('scorm_user_sessions', sessions, chunk);
  await db.batchInsert('scorm_interactions', rows.interactions, chunk);
  const stats = createInteractionStatsStore(db);
  for (const packageId of new Set(rows.sessions.map((s) => String(s.package_id)))) await stats.rebuild(db, packageId);
}

export async function seedRegistrations(db: Knex, packageId: string, version: '1.2' | '2004', registrations: SeedRegistration[]): Promise<void> {
  await insertSeedRows(db, seedRows(packageId, version, registrations));
}
