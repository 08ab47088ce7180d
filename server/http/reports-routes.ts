// /api/v1/packages/:id/report (JSON, SQL aggregates) and /report.csv (one row per registration,
// streamed from the database at constant memory).
import { Readable } from 'node:stream';
import Router from '@koa/router';
import { newRouter } from './router.ts';
import { csvLine } from '../core/csv.ts';
import type { PackageStore } from '../db/package-store.ts';
import type { RegistrationReportRow, ReportStore } from '../db/report-store.ts';
import { packageNotFound } from '../errors.ts';

export interface ReportDeps {
  reports: ReportStore;
  packages: PackageStore;
}

export const CSV_COLUMNS = [
  'registration_id', 'learner_id', 'learner_name', 'completion_status', 'success_status', 'score_scaled',
  'total_time_seconds', 'attempts', 'scos_completed', 'sco_count', 'created_at', 'last_accessed_at',
] as const;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

async function* csvLines(rows: AsyncIterable<RegistrationReportRow>): AsyncGenerator<string> {
  yield csvLine([...CSV_COLUMNS]);
  for await (const r of rows) {
    yield csvLine([
      r.registration_id, r.learner_id, r.learner_name, r.completion_status, r.success_status, r.score_scaled,
      r.total_time_seconds, r.attempts, r.scos_completed, r.sco_count, iso(r.created_at), iso(r.last_accessed_at),
    ]);
  }
}

export function reportsRoutes(deps: ReportDeps): Router {
  const router = newRouter();

  router.get('/packages/:id/report', async (ctx) => {
    const id = ctx.params.id!;
    if (!(await deps.packages.exists(id))) throw packageNotFound();
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { ...(await deps.reports.report(id)), generated_at: new Date().toISOString() };
  });

  router.get('/packages/:id/report.csv', async (ctx) => {
    const id = ctx.params.id!;
    if (!(await deps.packages.exists(id))) throw packageNotFound();
    const scos = (await deps.packages.scoItems(id)).map((item) => item.identifier);
    ctx.set({
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': `attachment; filename="report-${id.replace(/[^A-Za-z0-9-]/g, '_')}.csv"`,
      'Cache-Control': 'no-store',
    });
    // Destroying this body (client gone) ends the generator, which destroys the database stream.
    ctx.body = Readable.from(csvLines(deps.reports.registrationRows(id, scos)));
  });

  return router;
}
