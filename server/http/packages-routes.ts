// /api/v1/packages: upload (an import job), new versions, list, read, policy, delete, and preview content tokens.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import Router, { type RouterContext } from '@koa/router';
import { newRouter } from './router.ts';
import type { UploadAccepted } from '../../contract/jobs.ts';
import type { ContentTokenAnswer, Page, PackageVersion } from '../../contract/packages.ts';
import type { JobRecord } from '../db/job-store.ts';
import { parseOnNewVersion } from '../core/version-policy-input.ts';
import { readJsonObject } from './read-json.ts';
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
  const { jobs, packages, versions, blobs, signals, config, signer } = services;
  const router = newRouter();

  // Uploads being received by this process; past SCORM_MAX_CONCURRENT_UPLOADS the next waits (429).
  let receiving = 0;

  /** Receives a zip and queues its import: a new package, or a new version of `versionOf`. */
  async function acceptUpload(ctx: RouterContext, versionOf?: string): Promise<JobRecord | undefined> {
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
    try {
      await services.uploads.publish(jobId, upload.path);
      await jobs.create({
        id: jobId,
        // A new package's id, or the new version's content id (its own storage prefix).
        packageId: randomUUID(),
        ...(versionOf !== undefined ? { versionOf } : {}),
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
      if (ended?.status === 'completed') return ended;
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
    return undefined;
  }

  router.post('/packages', async (ctx) => {
    const ended = await acceptUpload(ctx);
    if (!ended) return;
    ctx.status = 201;
    ctx.body = await packages.get(ended.packageId);
  });

  /** A new version of the package (docs/decisions/0024-package-versions.md); ?wait=true answers the version. */
  router.post('/packages/:id/versions', async (ctx) => {
    const id = ctx.params.id!;
    if (!(await packages.exists(id))) {
      discardRest(ctx.req);
      throw packageNotFound();
    }
    const ended = await acceptUpload(ctx, id);
    if (!ended) return;
    const version = (await versions.list(id)).find((v) => v.import_job_id === ended.id);
    if (!version) throw packageNotFound();
    ctx.status = 201;
    ctx.body = version;
  });

  router.get('/packages/:id/versions', async (ctx) => {
    const id = ctx.params.id!;
    if (!(await packages.exists(id))) throw packageNotFound();
    const items = await versions.list(id);
    ctx.body = { items, total: items.length } satisfies Page<PackageVersion>;
  });

  /** The package's default on_new_version (what its registrations without their own do). */
  router.patch('/packages/:id', async (ctx) => {
    const id = ctx.params.id!;
    const body = await readJsonObject(ctx, 4096);
    if (!(await packages.exists(id))) throw packageNotFound();
    if (body.on_new_version !== undefined) {
      await versions.setPolicy(id, parseOnNewVersion(body.on_new_version, { nullable: false })!);
    }
    ctx.body = await packages.get(id);
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
    // Every version's content goes with the package.
    const contents = await versions.contentIds(id);
    await packages.delete(id);
    for (const contentId of contents) await blobs.deletePackage(contentId);
    ctx.status = 204;
  });

  /** A content token for previews by an admin (registrations carry their own); absolute on the delivery origin. */
  router.post('/packages/:id/content-token', async (ctx) => {
    const id = ctx.params.id!;
    if (!(await packages.exists(id))) throw packageNotFound();
    // The preview shows the current version (its content id rides in the token).
    const current = await versions.current(id);
    const token = signer.sign({ purpose: 'content', subject: id, extra: { v: current?.contentId ?? id } }, PREVIEW_TTL_SECONDS);
    ctx.body = { token, base_url: `${origins.deliveryFor(id)}/content/${token}/${id}/`, expires_in: PREVIEW_TTL_SECONDS } satisfies ContentTokenAnswer;
  });

  return router;
}
