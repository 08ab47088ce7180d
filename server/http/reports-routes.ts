// /api/v1/packages/:id/report (JSON, SQL aggregates) and /report.csv (one row per registration,
// streamed from the database at constant memory).
import Router from '@koa/router';
import { newRouter } from './router.ts';
import type { PackageStore } from '../db/package-store.ts';
import type { ReportStore } from '../db/report-store.ts';
import { packageNotFound } from '../errors.ts';
import { reportCsv } from './report-csv.ts';

export interface ReportDeps {
  reports: ReportStore;
  packages: PackageStore;
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
    // Koa destroys this body when the client goes, which destroys the database stream.
    ctx.body = reportCsv(deps.reports.registrationRows(id, scos));
  });

  return router;
}
