// A package's report computed by the database: SQL aggregates over the session and interaction
// rows (the same SQL on SQLite and MySQL/MariaDB), never a loop over rows in JavaScript, plus a
// stream of one row per registration for the CSV (report/). The figures follow
// registration-progress.ts: a SCO counts by its latest attempt, a registration is completed when
// all its SCOs are.
import type { Readable } from 'node:stream';
import type { Knex } from 'knex';
import { interactionReport } from './report/interaction-report.ts';
import { registrationRows } from './report/registration-rows.ts';
import { ATTEMPTS_OF_LATEST, HISTOGRAM_BUCKETS, histogramColumns, num, numOrNull, PER_REGISTRATION, ranked, rankedBindings, rate, round, rowReader } from './report/report-sql.ts';
import type { PackageReport } from '../../contract/reports.ts';

export type { RegistrationReportRow } from './report/registration-rows.ts';

export function createReportStore(db: Knex) {
  const rows = rowReader(db);

  async function scoItems(packageId: string) {
    // The current version's SCOs (each version's items are keyed by its content id).
    return db('package_items').whereIn('package_id', db('packages').where({ id: packageId }).select('current_content_id')).where({ scorm_type: 'sco' }).orderBy('position').select('identifier', 'title');
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

  return {
    async report(packageId: string): Promise<Omit<PackageReport, 'generated_at'>> {
      const items = await scoItems(packageId);
      const scos = items.map((item) => String(item.identifier));
      const [{ regs, agg }, scoRows, questions] = await Promise.all([summary(packageId, scos), perSco(packageId, scos), interactionReport(rows, packageId)]);
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

    registrationRows: (packageId: string, scos: string[]): Readable => registrationRows(db, packageId, scos),
  };
}

export type ReportStore = ReturnType<typeof createReportStore>;
