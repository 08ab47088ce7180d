// A package's report computed by the database: SQL aggregates over the session and interaction
// rows (the same SQL on SQLite and MySQL/MariaDB), never a loop over rows in JavaScript, plus a
// stream of one row per registration for the CSV. The figures follow registration-progress.ts:
// a SCO counts by its latest attempt, a registration is completed when all its SCOs are.
import type { Readable } from 'node:stream';
import type { Knex } from 'knex';

export const HISTOGRAM_BUCKETS = 10;
const WRONG_RESULTS = ['wrong', 'incorrect']; // 1.2 "wrong", 2004 "incorrect" (RTE 4.1.8 / 4.2.9)
const TOP_WRONG = 3;

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

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
const round = (v: number | null, digits = 4): number | null => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

/**
 * Each SCO attempt of the package, latest = 1 on the latest attempt of its (registration, SCO),
 * from the is_latest flag the runtime keeps. Only items that are SCOs count, as in the
 * registration's own progress; they are passed as a list, since a join with package_items leads
 * MySQL to a non-covering index. The scan reads sessions_report_idx only.
 */
function ranked(scoCount: number): string {
  const scos = Array.from({ length: Math.max(1, scoCount) }, () => '?').join(', ');
  return `ranked AS (
  SELECT s.registration_id, s.item_identifier, s.completion_status, s.success_status, s.score_scaled,
         s.total_time_seconds, s.attempt, s.session_count, s.version,
         CASE WHEN s.is_latest = 1 THEN 1 ELSE 0 END AS latest
  FROM scorm_user_sessions s
  WHERE s.package_id = ? AND s.item_identifier IN (${scos})
)`;
}

/** The bindings of ranked(): the package, then its SCO identifiers (a never-matching one when none). */
const rankedBindings = (packageId: string, scos: string[]) => [packageId, ...(scos.length ? scos : ['\u0000'])];

/** 2004 counts learner attempts; 1.2 has none, so its launches (sessions) count (as registration-progress.ts). */
const ATTEMPTS_OF_LATEST = `CASE WHEN latest = 1 THEN (CASE WHEN version = '2004' THEN attempt ELSE session_count END) ELSE 0 END`;

/** One row per started registration: its SCOs' latest statuses rolled up. */
const PER_REGISTRATION = `per_reg AS (
  SELECT registration_id,
         SUM(CASE WHEN latest = 1 AND completion_status = 'completed' THEN 1 ELSE 0 END) AS scos_completed,
         SUM(CASE WHEN latest = 1 AND success_status = 'passed' THEN 1 ELSE 0 END) AS scos_passed,
         SUM(CASE WHEN latest = 1 AND success_status = 'failed' THEN 1 ELSE 0 END) AS scos_failed,
         AVG(CASE WHEN latest = 1 THEN score_scaled END) AS score,
         SUM(total_time_seconds) AS time_seconds,
         SUM(${ATTEMPTS_OF_LATEST}) AS attempts
  FROM ranked
  GROUP BY registration_id
)`;

/** Bucket k holds scores in [k/10, (k+1)/10); the last also holds 1.0, the first anything below 0.1 (2004 allows -1). */
function histogramColumns(): string {
  const columns: string[] = [];
  for (let k = 0; k < HISTOGRAM_BUCKETS; k++) {
    const low = k === 0 ? '' : `score >= ${k / HISTOGRAM_BUCKETS}`;
    const high = k === HISTOGRAM_BUCKETS - 1 ? '' : `score < ${(k + 1) / HISTOGRAM_BUCKETS}`;
    columns.push(`SUM(CASE WHEN score IS NOT NULL${low ? ` AND ${low}` : ''}${high ? ` AND ${high}` : ''} THEN 1 ELSE 0 END) AS b${k}`);
  }
  return columns.join(',\n         ');
}

export function createReportStore(db: Knex) {
  const mysql = db.client.config.client === 'mysql2';
  const rows = async (sql: string, bindings: unknown[]): Promise<Array<Record<string, unknown>>> => {
    const result = (await db.raw(sql, bindings as Knex.RawBinding[])) as unknown;
    return (mysql ? (result as [Array<Record<string, unknown>>])[0] : result) as Array<Record<string, unknown>>;
  };

  async function scoItems(packageId: string) {
    return db('package_items').where({ package_id: packageId, scorm_type: 'sco' }).orderBy('position').select('identifier', 'title');
  }

  async function summary(packageId: string, scos: string[]) {
    const scoCount = scos.length;
    const [regs] = await rows('SELECT COUNT(*) AS registrations, COUNT(DISTINCT learner_id) AS learners FROM registrations WHERE package_id = ?', [packageId]);
    const [agg] = await rows(
      `WITH ${ranked(scoCount)}, ${PER_REGISTRATION}
       SELECT COUNT(*) AS started,
         SUM(attempts) AS attempts,
         SUM(CASE WHEN scos_completed >= ? THEN 1 ELSE 0 END) AS completed,
         SUM(CASE WHEN scos_failed > 0 THEN 1 ELSE 0 END) AS failed,
         SUM(CASE WHEN scos_failed = 0 AND scos_passed >= ? THEN 1 ELSE 0 END) AS passed,
         COUNT(score) AS scored,
         AVG(score) AS average_score,
         AVG(time_seconds) AS average_time,
         ${histogramColumns()}
       FROM per_reg`,
      [...rankedBindings(packageId, scos), Math.max(1, scoCount), Math.max(1, scoCount)],
    );
    return { regs: regs!, agg: agg! };
  }

  async function perSco(packageId: string, scos: string[]): Promise<Map<string, Record<string, unknown>>> {
    const list = await rows(
      `WITH ${ranked(scos.length)}
       SELECT item_identifier,
         SUM(CASE WHEN latest = 1 THEN 1 ELSE 0 END) AS learners,
         SUM(${ATTEMPTS_OF_LATEST}) AS attempts,
         SUM(CASE WHEN latest = 1 AND completion_status = 'completed' THEN 1 ELSE 0 END) AS completed,
         SUM(CASE WHEN latest = 1 AND success_status = 'passed' THEN 1 ELSE 0 END) AS passed,
         SUM(CASE WHEN latest = 1 AND success_status = 'failed' THEN 1 ELSE 0 END) AS failed,
         AVG(CASE WHEN latest = 1 THEN score_scaled END) AS average_score,
         SUM(total_time_seconds) AS total_time
       FROM ranked
       GROUP BY item_identifier`,
      rankedBindings(packageId, scos),
    );
    return new Map(list.map((r) => [String(r.item_identifier), r]));
  }

  /**
   * Per question, from the counts kept at commit time (interaction_stats): totals by result
   * class, and the most common wrong responses (by their first 100 characters) per question.
   */
  async function interactions(packageId: string): Promise<InteractionReport[]> {
    const wrongIn = WRONG_RESULTS.map(() => '?').join(', ');
    const groups = await rows(
      `SELECT item, ikey, cls, resp, n, cls_total FROM (
         SELECT item, ikey, cls, resp, n,
           SUM(n) OVER (PARTITION BY item, ikey, cls) AS cls_total,
           ROW_NUMBER() OVER (PARTITION BY item, ikey, cls ORDER BY n DESC, resp) AS rk
         FROM (
           SELECT item, ikey,
             CASE WHEN result = 'correct' THEN 'c' WHEN result IN (${wrongIn}) THEN 'w' ELSE 'o' END AS cls,
             CASE WHEN result IN (${wrongIn}) THEN resp END AS resp,
             SUM(n) AS n
           FROM (
             SELECT item_identifier AS item, interaction_key AS ikey, NULLIF(result, '') AS result, NULLIF(response_key, '') AS resp, n
             FROM interaction_stats
             WHERE package_id = ? AND n > 0
           ) by_response
           GROUP BY item, ikey, CASE WHEN result = 'correct' THEN 'c' WHEN result IN (${wrongIn}) THEN 'w' ELSE 'o' END, CASE WHEN result IN (${wrongIn}) THEN resp END
         ) by_class
       ) ranked_groups
       WHERE cls <> 'w' OR (rk <= ${TOP_WRONG} AND resp IS NOT NULL) OR rk = 1`,
      [...WRONG_RESULTS, ...WRONG_RESULTS, packageId, ...WRONG_RESULTS, ...WRONG_RESULTS],
    );
    const key = (item: unknown, ikey: unknown) => `${String(item)}\u0000${String(ikey)}`;
    const byQuestion = new Map<string, InteractionReport & { key: string }>();
    for (const g of groups) {
      const k = key(g.item, g.ikey);
      let q = byQuestion.get(k);
      if (!q) {
        q = { key: String(g.ikey), item_identifier: String(g.item), interaction_id: String(g.ikey), type: null, description: null, answered: 0, correct: 0, wrong: 0, correct_rate: null, common_wrong_responses: [] };
        byQuestion.set(k, q);
      }
      const n = num(g.n);
      if (g.cls === 'w') {
        q.wrong = num(g.cls_total);
        if (g.resp !== null && g.resp !== undefined && q.common_wrong_responses.length < TOP_WRONG) q.common_wrong_responses.push({ response: String(g.resp), count: n });
      } else if (g.cls === 'c') {
        q.correct = num(g.cls_total);
      }
    }
    const others = new Map<string, number>();
    for (const g of groups) if (g.cls === 'o') others.set(key(g.item, g.ikey), num(g.cls_total));
    const list = [...byQuestion.entries()].map(([k, q]) => {
      q.answered = q.correct + q.wrong + (others.get(k) ?? 0);
      q.correct_rate = round(rate(q.correct, q.answered));
      return q;
    });
    await describeQuestions(packageId, list);
    return list.map(({ key: _key, ...q }) => q);
  }

  /** The full id, type and description of each question, from one of its rows (50 per query). */
  async function describeQuestions(packageId: string, list: Array<InteractionReport & { key: string }>): Promise<void> {
    for (let i = 0; i < list.length; i += 50) {
      const chunk = list.slice(i, i + 50);
      const sql = chunk
        .map((_, j) => `SELECT * FROM (SELECT item_identifier, interaction_key, interaction_id, type, description FROM scorm_interactions WHERE package_id = ? AND item_identifier = ? AND interaction_key = ? LIMIT 1) q${j}`)
        .join(' UNION ALL ');
      const found = await rows(sql, chunk.flatMap((q) => [packageId, q.item_identifier, q.key]));
      const byKey = new Map(found.map((r) => [`${String(r.item_identifier)}\u0000${String(r.interaction_key)}`, r]));
      for (const q of chunk) {
        const r = byKey.get(`${q.item_identifier}\u0000${q.key}`);
        if (!r) continue;
        q.interaction_id = String(r.interaction_id);
        q.type = (r.type as string | null) ?? null;
        q.description = (r.description as string | null) ?? null;
      }
    }
  }

  return {
    async report(packageId: string): Promise<PackageReport> {
      const items = await scoItems(packageId);
      const scos = items.map((item) => String(item.identifier));
      const [{ regs, agg }, scoRows, questions] = await Promise.all([summary(packageId, scos), perSco(packageId, scos), interactions(packageId)]);
      const registrations = num(regs.registrations);
      const passed = num(agg.passed);
      const failed = num(agg.failed);
      const order = new Map(items.map((item, i) => [String(item.identifier), i]));
      questions.sort((a, b) => (order.get(a.item_identifier) ?? 0) - (order.get(b.item_identifier) ?? 0) || (a.interaction_id < b.interaction_id ? -1 : a.interaction_id > b.interaction_id ? 1 : 0));
      return {
        package_id: packageId,
        registrations,
        learners: num(regs.learners),
        started: num(agg.started),
        attempts: num(agg.attempts),
        completed: num(agg.completed),
        completion_rate: round(rate(num(agg.completed), registrations)),
        passed,
        failed,
        pass_rate: round(rate(passed, passed + failed)),
        score: {
          count: num(agg.scored),
          average: round(numOrNull(agg.average_score)),
          histogram: Array.from({ length: HISTOGRAM_BUCKETS }, (_, k) => ({ from: k / HISTOGRAM_BUCKETS, to: (k + 1) / HISTOGRAM_BUCKETS, count: num(agg[`b${k}`]) })),
        },
        average_time_seconds: round(numOrNull(agg.average_time), 2),
        scos: items.map((item) => {
          const r = scoRows.get(String(item.identifier)) ?? {};
          const learners = num(r.learners);
          const scoPassed = num(r.passed);
          const scoFailed = num(r.failed);
          return {
            item_identifier: String(item.identifier),
            title: String(item.title),
            learners,
            attempts: num(r.attempts),
            completed: num(r.completed),
            completion_rate: round(rate(num(r.completed), learners)),
            passed: scoPassed,
            failed: scoFailed,
            pass_rate: round(rate(scoPassed, scoPassed + scoFailed)),
            average_score: round(numOrNull(r.average_score)),
            average_time_seconds: learners > 0 ? round(num(r.total_time) / learners, 2) : null,
          };
        }),
        interactions: questions,
      };
    },

    /**
     * One row per registration (oldest first), streamed from the database so memory stays flat
     * however many there are. The caller must consume or destroy the stream.
     */
    registrationRows(packageId: string, scos: string[]): Readable {
      const scoCount = scos.length;
      const sql = `WITH ${ranked(scoCount)}, ${PER_REGISTRATION}
        SELECT r.id AS registration_id, r.learner_id, r.learner_name, r.created_at, r.last_accessed_at,
          p.scos_completed, p.scos_passed, p.scos_failed, p.score, p.time_seconds, p.attempts
        FROM registrations r
        LEFT JOIN per_reg p ON p.registration_id = r.id
        WHERE r.package_id = ?
        ORDER BY r.created_at, r.id`;
      const stream = db.raw(sql, [...rankedBindings(packageId, scos), packageId]).stream() as unknown as Readable;
      const total = Math.max(1, scoCount);
      return stream.map((raw: Record<string, unknown>): RegistrationReportRow => {
        const started = raw.scos_completed !== null && raw.scos_completed !== undefined;
        const completedScos = num(raw.scos_completed);
        const completion = !started ? 'not attempted' : completedScos >= total ? 'completed' : 'incomplete';
        const success = num(raw.scos_failed) > 0 ? 'failed' : started && num(raw.scos_passed) >= total ? 'passed' : 'unknown';
        return {
          registration_id: String(raw.registration_id),
          learner_id: String(raw.learner_id),
          learner_name: String(raw.learner_name),
          created_at: num(raw.created_at),
          last_accessed_at: numOrNull(raw.last_accessed_at),
          completion_status: completion,
          success_status: success,
          score_scaled: round(numOrNull(raw.score)),
          total_time_seconds: round(num(raw.time_seconds), 2) ?? 0,
          attempts: num(raw.attempts),
          scos_completed: completedScos,
          sco_count: scoCount,
        };
      }) as Readable;
    },
  };
}

export type ReportStore = ReturnType<typeof createReportStore>;
