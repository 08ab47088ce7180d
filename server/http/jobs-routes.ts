// /api/v1/jobs/:id: the Job for polling, cancel, and the same progress messages as
// Server-Sent Events for clients behind proxies that break WebSockets.
import { PassThrough } from 'node:stream';
import Router from '@koa/router';
import { newRouter } from './router.ts';
import { conflict, notFound } from '../errors.ts';
import type { ImportServices } from '../jobs/import-services.ts';
import { watchJob } from '../jobs/job-watch.ts';
import { jobView } from './job-view.ts';

export function jobsRoutes(services: ImportServices): Router {
  const { jobs, signals, config } = services;
  const router = newRouter();

  router.get('/jobs/:id', async (ctx) => {
    const job = await jobs.get(ctx.params.id!);
    if (!job) throw notFound('That job', 'JOB_NOT_FOUND');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = jobView(job);
  });

  router.post('/jobs/:id/cancel', async (ctx) => {
    // One conditional update decides, so a job that ends meanwhile is a 409, never a 202.
    const { job, accepted } = await jobs.requestCancel(ctx.params.id!);
    if (!job) throw notFound('That job', 'JOB_NOT_FOUND');
    if (!accepted) throw conflict('JOB_ENDED', `The job has already ended (${job.status}).`);
    if (job.status === 'cancelled') await services.discardUpload(job);
    signals.changed(job.id);
    ctx.status = 202;
    ctx.body = jobView(job);
  });

  router.get('/jobs/:id/events', async (ctx) => {
    const first = await jobs.get(ctx.params.id!);
    if (!first) throw notFound('That job', 'JOB_NOT_FOUND');
    const stream = new PassThrough();
    ctx.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no', Connection: 'keep-alive' });
    ctx.status = 200;
    ctx.body = stream;
    const send = (message: unknown) => stream.write(`data: ${JSON.stringify(message)}\n\n`);
    const heartbeat = setInterval(() => send({ type: 'heartbeat', at: new Date().toISOString() }), config.wsHeartbeatMs);
    const watch = watchJob(
      jobs,
      signals,
      first.id,
      (job, terminal) => {
        send({ type: 'progress', data: jobView(job) });
        if (terminal) stream.end();
      },
      () => stream.end(),
    );
    const close = () => {
      clearInterval(heartbeat);
      watch.stop();
    };
    stream.on('close', close);
    stream.on('finish', close);
    ctx.req.on('close', () => {
      close();
      stream.destroy();
    });
  });

  return router;
}
