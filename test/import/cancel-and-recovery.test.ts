// Cancel and crash recovery of import jobs (SPEC "Packages and import jobs", "Operations and
// scale"): cancel mid-storing stops the worker and removes what it wrote; cancel of an ended or a
// queued job; leases as the job store grants them (fake clock); a server killed with SIGKILL
// mid-job whose job another process finishes once the lease expires, from a clean start; and a
// job that lost its worker SCORM_JOB_MAX_ATTEMPTS times ends WORKER_LOST with nothing stored.
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createJobStore } from '../../server/db/job-store.ts';
import { createLocalBlobStore } from '../../server/storage/local-blob-store.ts';
import type { BlobStore } from '../../server/storage/blob-store.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/databases.ts';
import { openJobSocket } from '../helpers/job-stream.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { buildSyntheticPackage, type SyntheticPackage } from '../helpers/synthetic-package.ts';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../helpers/test-app.ts';
import { uploadZip, waitForJobEnd } from '../helpers/uploads.ts';

type Job = Record<string, any>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const toRemove: SyntheticPackage[] = [];
process.once('exit', () => toRemove.forEach((pkg) => pkg.remove()));
let large: Promise<SyntheticPackage> | undefined;
/** 80 MB in 3,000 files: storing lasts long enough to act in the middle of it (about 1.5 s here). */
const largePackage = () =>
  (large ??= buildSyntheticPackage({ files: 3000, bytes: 80 * 1024 * 1024, title: 'Recovery test' }).then((p) => (toRemove.push(p), p)));
let small: Promise<SyntheticPackage> | undefined;
const smallPackage = () => (small ??= buildSyntheticPackage({ files: 10, bytes: 200_000 }).then((p) => (toRemove.push(p), p)));

async function jobRow(db: TestDatabase, jobId: string): Promise<Record<string, any>> {
  return (await db.db('import_jobs').where({ id: jobId }).first()) as Record<string, any>;
}

async function storedPaths(blobs: BlobStore, packageId: string): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for await (const entry of blobs.list(packageId)) found.set(entry.path, entry.size);
  return found;
}

async function count(db: TestDatabase, table: string, where: Record<string, string> = {}): Promise<number> {
  const [{ n }] = (await db.db(table).where(where).count({ n: '*' })) as [{ n: number | string }];
  return Number(n);
}

/** Files the local store is still writing (temp parts) under a content root. */
function partFiles(contentRoot: string): string[] {
  const dir = join(contentRoot, '.tmp');
  return existsSync(dir) ? readdirSync(dir) : [];
}

async function pollJob(url: string, jobId: string, until: (job: Job) => boolean, timeoutMs = 30_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await (await fetch(`${url}/api/v1/jobs/${jobId}`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } })).json()) as Job;
    if (until(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} never matched: ${JSON.stringify(job)}`);
    await sleep(25);
  }
}

for (const kind of testDatabaseKinds()) {
  const cancel = suite<{ t: TestApp; pkg: SyntheticPackage; small: SyntheticPackage }>(`cancel (${kind})`);
  cancel.before(async (ctx) => {
    ctx.pkg = await largePackage();
    ctx.small = await smallPackage();
    ctx.t = await startTestApp(kind);
  });
  cancel.after(async (ctx) => ctx.t?.stop());

  cancel('cancel mid-storing stops the worker, removes what it wrote, ends cancelled', async ({ t, pkg }) => {
    await t.worker!.stop();
    const { body } = await uploadZip(t, pkg.path, '');
    const jobId = body.job_id as string;
    const { package_id: packageId, upload_path: uploadPath } = await jobRow(t.database, jobId);
    assert.ok(existsSync(uploadPath), 'the upload waits in the data dir');
    const client = openJobSocket(`${t.wsUrl}/ws/jobs/${jobId}?token=${TEST_ADMIN_TOKEN}`);
    await client.first;
    // Once storing is seen under way, further puts wait until the cancel has been answered: the
    // cancel lands mid-storing however fast storing has become (the worker shares t.blobs).
    const put = t.blobs.put;
    let holding = false;
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    t.blobs.put = async (...args) => {
      if (holding) await released;
      return put(...args);
    };
    t.worker!.start();
    await client.until((j) => j.stage === 'storing' && j.files_done >= 20);
    holding = true;
    assert.ok((await storedPaths(t.blobs, packageId)).size > 0, 'files were being stored when the cancel came');

    const asked = Date.now();
    const res = await t.admin(`/api/v1/jobs/${jobId}/cancel`, { method: 'POST' });
    release();
    t.blobs.put = put;
    assert.is(res.status, 202);
    const answer = (await res.json()) as Job;
    assert.is(answer.job_id, jobId);
    assert.ok(['processing', 'cancelled'].includes(answer.status), answer.status);

    const ended = await client.until((j) => ['completed', 'failed', 'cancelled'].includes(j.status));
    const took = Date.now() - asked;
    assert.is(ended.status, 'cancelled', JSON.stringify(ended));
    assert.ok(took < 3000, `the worker stopped within a second or so (took ${took} ms)`);
    // Files are written first and made durable together before completion (decision 0026), so
    // a quick storing stage may have written every file when the cancel lands during that wait:
    // what counts is that the job never completed and nothing of it stays (checked below).
    assert.ok(ended.files_done <= pkg.files.length, 'it never went past the package');
    assert.is(ended.package_id, null);
    assert.is(ended.error, null);
    assert.is((await client.closed).code, 1000, 'the socket closes after the terminal message');

    assert.is(await count(t.database, 'packages', { id: packageId }), 0, 'no package row');
    assert.is(await count(t.database, 'package_files', { package_id: packageId }), 0, 'no package_files rows');
    assert.is((await storedPaths(t.blobs, packageId)).size, 0, 'nothing stored');
    assert.not.ok(existsSync(uploadPath), 'the upload temp file is gone');
    assert.equal(partFiles(join(t.dataDir, 'content')), [], 'no half-written temp parts');
    // Nothing still in flight writes after the job ended.
    await sleep(500);
    assert.is((await storedPaths(t.blobs, packageId)).size, 0, 'still nothing stored a moment later');
    assert.is((await jobRow(t.database, jobId)).status, 'cancelled');
    assert.is((await (await t.admin(`/api/v1/packages/${packageId}`)).json() as Job).error.code, 'PACKAGE_NOT_FOUND');
  });

  cancel('cancel of an ended job is 409 JOB_ENDED; of an unknown one 404', async ({ t, small }) => {
    const done = await uploadZip(t, small.path);
    assert.is(done.status, 201);
    const jobId = (await t.database.db('import_jobs').where({ package_id: done.body.id }).first('id')).id as string;
    const res = await t.admin(`/api/v1/jobs/${jobId}/cancel`, { method: 'POST' });
    assert.is(res.status, 409);
    assert.is(((await res.json()) as Job).error.code, 'JOB_ENDED');
    assert.is((await (await t.admin(`/api/v1/jobs/${jobId}`)).json() as Job).status, 'completed', 'the package stays');
    assert.is((await t.admin(`/api/v1/packages/${done.body.id}`)).status, 200);

    const missing = await t.admin('/api/v1/jobs/00000000-0000-4000-8000-000000000000/cancel', { method: 'POST' });
    assert.is(missing.status, 404);
    assert.is(((await missing.json()) as Job).error.code, 'JOB_NOT_FOUND');
  });

  const queued = suite<{ web: TestApp; worker?: TestApp; small: SyntheticPackage }>(`cancel a queued job (${kind})`);
  queued.before(async (ctx) => {
    ctx.small = await smallPackage();
    ctx.web = await startTestApp(kind, { worker: false });
  });
  queued.after(async (ctx) => {
    await ctx.worker?.stop();
    await ctx.web?.stop();
  });

  queued('a queued job is cancelled at once and no worker takes it up later', async (ctx) => {
    const { web, small } = ctx;
    const { status, body } = await uploadZip(web, small.path, '');
    assert.is(status, 202);
    const { package_id: packageId, upload_path: uploadPath } = await jobRow(web.database, body.job_id);
    const res = await web.admin(`/api/v1/jobs/${body.job_id}/cancel`, { method: 'POST' });
    assert.is(res.status, 202);
    const job = (await res.json()) as Job;
    assert.is(job.status, 'cancelled', 'no worker needed to cancel a queued job');
    assert.is(job.package_id, null);
    assert.not.ok(existsSync(uploadPath), 'its upload is discarded');
    const again = await web.admin(`/api/v1/jobs/${body.job_id}/cancel`, { method: 'POST' });
    assert.is(again.status, 409);

    ctx.worker = await startTestApp(kind, { database: web.database, dataDir: web.dataDir });
    // A job queued after it proves the worker is running; the cancelled one must stay as it is.
    const after = await uploadZip(ctx.worker, small.path, '?wait=true');
    assert.is(after.status, 201);
    const row = await jobRow(web.database, body.job_id);
    assert.is(row.status, 'cancelled');
    assert.is(Number(row.attempts), 0, 'never claimed');
    assert.is(await count(web.database, 'packages', { id: packageId }), 0);
    assert.is((await storedPaths(ctx.worker.blobs, packageId)).size, 0);
  });

  const leases = suite<{ database: TestDatabase }>(`job leases with a fake clock (${kind})`);
  leases.before(async (ctx) => {
    ctx.database = await createTestDatabase(kind);
  });
  leases.after(async (ctx) => ctx.database?.drop());

  leases('a lease holds the job, expires, is claimed again, and ends WORKER_LOST after the last attempt', async ({ database }) => {
    let clock = 1_000_000;
    const jobs = createJobStore(database.db, () => clock);
    assert.is(await jobs.anyUnowned(), false, 'no job: an idle worker has nothing to look at');
    await jobs.create({ id: 'job-lease', packageId: 'pkg-lease', uploadPath: '/nowhere.zip', uploadName: null, bytesTotal: 0 });
    assert.is(await jobs.anyUnowned(), true, 'a queued job');

    const a = await jobs.claim('worker-a', 1000, 3);
    assert.is(await jobs.anyUnowned(), false, 'held by a live lease');
    assert.is(a?.id, 'job-lease');
    assert.is(a!.attempts, 1);
    assert.is(a!.leaseOwner, 'worker-a');
    await jobs.updateProgress('job-lease', 'worker-a', { stage: 'storing', progress: 40, bytesDone: 500, filesDone: 5 });

    clock += 500;
    assert.is(await jobs.claim('worker-b', 1000, 3), undefined, 'a live lease is not taken');
    assert.equal(await jobs.renewLease('job-lease', 'worker-a', 1000), { owned: true, cancelRequested: false });
    clock += 900; // 1400 ms after the claim, but the lease was renewed at 500
    assert.is(await jobs.claim('worker-b', 1000, 3), undefined, 'a renewed lease is not taken');
    assert.equal(await jobs.failLostJobs(3), [], 'nor is it lost');

    clock += 700; // worker-a died: no renewal for 1200 ms
    assert.is(await jobs.anyUnowned(), true, 'its lease ran out');
    const b = await jobs.claim('worker-b', 1000, 3);
    assert.is(b?.attempts, 2, 'claimed again once the lease ran out');
    assert.is(b!.leaseOwner, 'worker-b');
    assert.is(b!.filesDone, 0, 'a clean start: counters reset');
    assert.is(b!.bytesDone, 0);
    assert.is(b!.progress, 40, 'but progress never goes down');
    assert.equal(await jobs.renewLease('job-lease', 'worker-a', 1000), { owned: false, cancelRequested: false }, 'the old owner has lost it');
    await jobs.updateProgress('job-lease', 'worker-a', { progress: 90, filesDone: 99 });
    const afterStale = (await jobs.get('job-lease'))!;
    assert.is(afterStale.progress, 40, 'a lost worker cannot write progress');
    assert.is(afterStale.filesDone, 0);
    assert.not.ok(await jobs.complete(database.db, 'job-lease', 'worker-a'), 'nor complete the job');
    await jobs.updateProgress('job-lease', 'worker-b', { progress: 10 });
    assert.is((await jobs.get('job-lease'))!.progress, 40, 'progress is monotonic across attempts');

    clock += 1001;
    const c = await jobs.claim('worker-c', 1000, 3);
    assert.is(c?.attempts, 3);

    clock += 1001;
    assert.is(await jobs.claim('worker-d', 1000, 3), undefined, 'no attempt past SCORM_JOB_MAX_ATTEMPTS');
    const lost = await jobs.failLostJobs(3);
    assert.equal(lost.map((j) => j.id), ['job-lease']);
    const failed = (await jobs.get('job-lease'))!;
    assert.is(failed.status, 'failed');
    assert.is(failed.errorCode, 'WORKER_LOST');
    assert.is(failed.leaseOwner, null);
    assert.equal(await jobs.failLostJobs(3), [], 'reported once');
    assert.is(await jobs.anyUnowned(), false, 'an ended job is nobody\'s business');
  });

  leases('a job cancelled while its worker is dead ends cancelled once the lease runs out, never rerun', async ({ database }) => {
    let clock = 5_000_000;
    const jobs = createJobStore(database.db, () => clock);
    await jobs.create({ id: 'job-orphan', packageId: 'pkg-orphan', uploadPath: '/nowhere.zip', uploadName: null, bytesTotal: 0 });
    assert.is((await jobs.claim('worker-a', 1000, 3))?.id, 'job-orphan');
    const asked = await jobs.requestCancel('job-orphan');
    assert.is(asked.accepted, true);
    assert.is(asked.job!.status, 'processing', 'a running job is flagged; its worker stops it');
    assert.equal(await jobs.renewLease('job-orphan', 'worker-a', 1000), { owned: true, cancelRequested: true });
    const cleaned: string[] = [];
    const cleanup = async (job: { packageId: string }) => void cleaned.push(job.packageId);
    assert.equal(await jobs.cancelAbandonedJobs(cleanup), [], 'not while the lease is alive');

    clock += 1500; // worker-a died before it saw the flag
    assert.is(await jobs.anyUnowned(), true, 'cancelled while its worker was gone: the sweep must see it');
    assert.is(await jobs.claim('worker-b', 1000, 3), undefined, 'a cancelled job is not run again');
    assert.equal(await jobs.failLostJobs(1, cleanup), [], 'nor counted as lost');
    assert.equal((await jobs.cancelAbandonedJobs(cleanup)).map((j) => j.id), ['job-orphan']);
    assert.equal(cleaned, ['pkg-orphan'], 'what the dead attempt wrote is cleaned up first');
    const ended = (await jobs.get('job-orphan'))!;
    assert.is(ended.status, 'cancelled');
    assert.is(ended.leaseOwner, null);
    assert.is((await jobs.requestCancel('job-orphan')).accepted, false, 'an ended job refuses another cancel');
    assert.is((await jobs.requestCancel('no-such-job')).job, undefined);
  });

  const lost = suite<{ web: TestApp; worker?: TestApp; small: SyntheticPackage }>(`a job out of attempts (${kind})`);
  lost.before(async (ctx) => {
    ctx.small = await smallPackage();
    ctx.web = await startTestApp(kind, { worker: false });
  });
  lost.after(async (ctx) => {
    await ctx.worker?.stop();
    await ctx.web?.stop();
  });

  lost('a job whose lease expired on its last attempt fails WORKER_LOST and leaves nothing', async (ctx) => {
    const { web, small } = ctx;
    const { body } = await uploadZip(web, small.path, '');
    const jobId = body.job_id as string;
    const { package_id: packageId, upload_path: uploadPath } = await jobRow(web.database, jobId);
    // What a worker that died on the third attempt leaves behind: a lapsed lease and some files.
    await web.database
      .db('import_jobs')
      .where({ id: jobId })
      .update({ status: 'processing', stage: 'storing', attempts: 3, lease_owner: 'dead-worker', lease_expires_at: Date.now() - 1000, progress: 30 });
    await web.blobs.put(packageId, 'index.html', Readable.from([Buffer.from('<p>half</p>')]), { contentType: 'text/html' });
    assert.is((await storedPaths(web.blobs, packageId)).size, 1);

    ctx.worker = await startTestApp(kind, { database: web.database, dataDir: web.dataDir, env: { SCORM_JOB_MAX_ATTEMPTS: '3' } });
    const job = await waitForJobEnd(web, jobId, 15_000);
    assert.is(job.status, 'failed');
    assert.is(job.error?.code, 'WORKER_LOST');
    assert.type(job.error?.message, 'string');
    assert.is(job.package_id, null);
    assert.ok(job.progress >= 30, 'progress did not go down');
    const row = await jobRow(web.database, jobId);
    assert.is(Number(row.attempts), 3, 'not run a fourth time');
    assert.is(row.lease_owner, null);
    assert.is(await count(web.database, 'packages', { id: packageId }), 0);
    assert.is((await storedPaths(web.blobs, packageId)).size, 0, 'the files of the lost attempts are removed');
    assert.not.ok(existsSync(uploadPath), 'the upload is removed');
  });

  const killed = suite<{ pkg: SyntheticPackage; database: TestDatabase; dataDir: string; servers: ServerProcess[] }>(
    `a server killed mid-job (${kind})`,
  );
  killed.before(async (ctx) => {
    ctx.pkg = await largePackage();
    ctx.database = await createTestDatabase(kind);
    ctx.dataDir = mkdtempSync(join(tmpdir(), 'scorm-killed-'));
    ctx.servers = [];
  });
  killed.after(async (ctx) => {
    for (const server of ctx.servers ?? []) await server.stop('SIGKILL');
    await ctx.database?.drop();
    if (ctx.dataDir) rmSync(ctx.dataDir, { recursive: true, force: true });
  });

  killed('SIGKILL mid-storing: another process takes the job once the lease expires and completes it once', async (ctx) => {
    const { pkg, database, dataDir } = ctx;
    const env = {
      DATABASE_URL: database.config.client === 'sqlite' ? `sqlite:${database.config.filename}` : database.config.url,
      SCORM_DATA_DIR: dataDir,
      SCORM_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      SCORM_WORKER_CONCURRENCY: '1',
      SCORM_JOB_LEASE_MS: '2000',
    };
    const first = await startServerProcess(env);
    ctx.servers.push(first);
    const res = await fetch(`${first.url}/api/v1/packages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/zip' },
      // Streamed from disk, as a real client sends a large package.
      body: Readable.toWeb(createReadStream(pkg.path)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    assert.is(res.status, 202);
    const jobId = ((await res.json()) as Job).job_id as string;
    await pollJob(first.url, jobId, (j) => j.stage === 'storing' && j.files_done >= 20);
    first.child.kill('SIGKILL');
    await first.stop();

    const orphan = await jobRow(database, jobId);
    assert.is(orphan.status, 'processing', 'the dead worker left the job running');
    assert.is(Number(orphan.attempts), 1);
    const packageId = String(orphan.package_id);
    const blobs = createLocalBlobStore(join(dataDir, 'content'));
    const partial = await storedPaths(blobs, packageId);
    assert.ok(partial.size > 0 && partial.size < pkg.files.length, `the first attempt stored part of the package (${partial.size})`);
    assert.ok(existsSync(orphan.upload_path), 'the upload is kept for the next attempt');

    const second = await startServerProcess(env);
    ctx.servers.push(second);
    const done = await pollJob(second.url, jobId, (j) => j.status !== 'processing', 30_000);
    assert.is(done.status, 'completed', JSON.stringify(done));
    assert.is(done.progress, 100);
    assert.is(done.package_id, packageId);

    const row = await jobRow(database, jobId);
    assert.is(Number(row.attempts), 2, 'one retry');
    assert.is(await count(database, 'packages'), 1, 'exactly one package row');
    assert.is(await count(database, 'package_files', { package_id: packageId }), pkg.files.length, 'each file listed once');
    const paths = await database.db('package_files').where({ package_id: packageId }).select('path');
    assert.is(new Set(paths.map((p) => p.path)).size, pkg.files.length, 'no duplicate paths');
    const stored = await storedPaths(blobs, packageId);
    assert.is(stored.size, pkg.files.length, 'every file stored, none twice');
    for (const file of pkg.files) assert.is(stored.get(file.path), file.size, file.path);
    assert.not.ok(existsSync(orphan.upload_path), 'the upload is removed once the job completed');
    const served = await fetch(`${second.url}/api/v1/packages/${packageId}`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    assert.is(((await served.json()) as Job).file_count, pkg.files.length);
  });

  cancel.run();
  queued.run();
  leases.run();
  lost.run();
  killed.run();
}
