// /api/v1/packages: upload (an import job), list, read, delete, and preview content tokens.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import Router from '@koa/router';
import { newRouter } from './router.ts';
import type { UploadAccepted } from '../../contract/jobs.ts';
import type { ContentTokenAnswer } from '../../contract/packages.ts';
import type { Origins } from '../core/origins.ts';
import type { ImportServices } from '../jobs/import-services.ts';
import { waitForJob } from '../jobs/job-watch.ts';
import { AppError, conflict, packageNotFound } from '../errors.ts';
import { jobView } from './job-view.ts';
import { parsePaging } from './paging.ts';
import { discardRest, receiveUpload } from './upload-receiver.ts';

const UPLOAD_RETRY_SECONDS = 5;

const WAIT_LIMIT_MS = 120_000;
const PREVIEW_TTL_SECONDS = 8 * 3600;

export function packagesRoutes(services: ImportServices, origins: Origins): Router {
  const { jobs, packages, blobs, signals, config, signer } = services;
  const router = newRouter();

  // Uploads being received by this process; past SCORM_MAX_CONCURRENT_UPLOADS the next waits (429).
  let receiving = 0;

  router.post('/packages', async (ctx) => {
    if (receiving >= config.maxConcurrentUploads) {
      discardRest(ctx.req);
      ctx.set('Retry-After', String(UPLOAD_RETRY_SECONDS));
      throw new AppError(429, 'TOO_MANY_UPLOADS', `${receiving} uploads are being received; send this one again in a moment.`, { retry_after: UPLOAD_RETRY_SECONDS });
    }
    const jobId = randomUUID();
    receiving++;
    let upload;
    try {
      upload = await receiveUpload(ctx.req, join(config.dataDir, 'uploads'), `${jobId}.zip`, config.limits.maxUploadBytes);
    } finally {
      receiving--;
    }
    let job;
    try {
      await services.uploads.publish(jobId, upload.path);
      job = await jobs.create({
        id: jobId,
        packageId: randomUUID(),
        uploadPath: upload.path,
        uploadName: upload.fileName,
        bytesTotal: 0,
      });
    } catch (error) {
      await rm(upload.path, { force: true });
      await services.uploads.discard({ id: jobId, uploadPath: upload.path }).catch(() => undefined);
      throw error;
    }
    services.onJobQueued();

    if (ctx.query.wait === 'true' || ctx.query.wait === '1') {
      const ended = await waitForJob(jobs, signals, jobId, WAIT_LIMIT_MS);
      if (ended?.status === 'completed') {
        ctx.status = 201;
        ctx.body = await packages.get(ended.packageId);
        return;
      }
      if (ended?.status === 'failed' || ended?.status === 'cancelled') {
        const code = ended.errorCode ?? 'IMPORT_CANCELLED';
        const message = ended.errorMessage ?? 'The import was cancelled.';
        throw new AppError(ended.status === 'failed' ? 422 : 409, code, message, { job: jobView(ended) });
      }
    }
    ctx.status = 202;
    ctx.body = {
      job_id: jobId,
      status: 'queued',
      job_url: `/api/v1/jobs/${jobId}`,
      ws_url: `/ws/jobs/${jobId}`,
      events_url: `/api/v1/jobs/${jobId}/events`,
    } satisfies UploadAccepted;
    void job;
  });

  router.get('/packages', async (ctx) => {
    const { limit, offset } = parsePaging(ctx.query);
    const q = typeof ctx.query.q === 'string' ? ctx.query.q.trim().slice(0, 200) : '';
    ctx.body = await packages.list(limit, offset, { q: q || undefined });
  });

  router.get('/packages/:id', async (ctx) => {
    const pkg = await packages.get(ctx.params.id!);
    if (!pkg) throw packageNotFound();
    ctx.body = pkg;
  });

  router.delete('/packages/:id', async (ctx) => {
    const id = ctx.params.id!;
    if (!(await packages.exists(id))) throw packageNotFound();
    const learners = await services.registrations.countForPackage(id);
    if (learners > 0 && ctx.query.force !== 'true') {
      throw conflict('PACKAGE_IN_USE', `The package has ${learners} registration(s); delete with ?force=true to remove them too.`);
    }
    if (learners > 0) await services.registrations.deleteForPackage(id);
    await packages.delete(id);
    await blobs.deletePackage(id);
    ctx.status = 204;
  });

  /** A content token for previews by an admin (registrations carry their own); absolute on the delivery origin. */
  router.post('/packages/:id/content-token', async (ctx) => {
    const id = ctx.params.id!;
    if (!(await packages.exists(id))) throw packageNotFound();
    const token = signer.sign({ purpose: 'content', subject: id }, PREVIEW_TTL_SECONDS);
    ctx.body = { token, base_url: `${origins.deliveryFor(id)}/content/${token}/${id}/`, expires_in: PREVIEW_TTL_SECONDS } satisfies ContentTokenAnswer;
  });

  return router;
}
