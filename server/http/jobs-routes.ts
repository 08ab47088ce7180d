// /api/v1/jobs/:id: the Job for polling, cancel, and the job's progress stream (the one the
// WebSocket sends) as Server-Sent Events, for clients behind proxies that break WebSockets.
import { PassThrough } from 'node:stream';
import Router from '@koa/router';
import { newRouter } from './router.ts';
import { conflict, jobNotFound } from '../errors.ts';
import type { ImportServices } from '../jobs/import-services.ts';
import { openJobStream } from '../jobs/job-progress-stream.ts';
import { jobView } from './job-view.ts';

export function jobsRoutes(services: ImportServices): Router {
  const { jobs, signals, config } = services;
  const router = newRouter();

  router.get('/jobs/:id', async (ctx) => {
    const job = await jobs.get(ctx.params.id!);
    if (!job) throw jobNotFound();
    ctx.set('Cache-Control', 'no-store');
    ctx.body = jobView(job);
  });

  router.post('/jobs/:id/cancel', async (ctx) => {
    // One conditional update decides, so a job that ends meanwhile is a 409, never a 202.
    const { job, accepted } = await jobs.requestCancel(ctx.params.id!);
    if (!job) throw jobNotFound();
    if (!accepted) throw conflict('JOB_ENDED', `The job has already ended (${job.status}).`);
    if (job.status === 'cancelled') await services.discardUpload(job);
    signals.changed(job.id);
    ctx.status = 202;
    ctx.body = jobView(job);
  });

  router.get('/jobs/:id/events', async (ctx) => {
    const first = await jobs.get(ctx.params.id!);
    if (!first) throw jobNotFound();
    const body = new PassThrough();
    ctx.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no', Connection: 'keep-alive' });
    ctx.status = 200;
    ctx.body = body;
    const stream = openJobStream({ jobs, signals, heartbeatMs: config.wsHeartbeatMs }, first.id, {
      send(message, last) {
        body.write(`data: ${JSON.stringify(message)}\n\n`);
        if (last) body.end();
      },
      gone: () => body.end(),
    });
    body.on('close', () => stream.close());
    body.on('finish', () => stream.close());
    ctx.req.on('close', () => {
      stream.close();
      body.destroy();
    });
  });

  return router;
}
