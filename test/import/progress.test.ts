// Live progress of an import job (SPEC "Packages and import jobs"): WS /ws/jobs/:id from queued to
// completed on a large package (snapshot at once, one frame per change, monotonic, heartbeats,
// close 1000), a reconnect mid-job, the close codes, Server-Sent Events, polling, progress seen
// from a web-only process while another process's worker runs the job, and dead sockets.
import { connect } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ProgressUpdate } from '../../server/db/job-store.ts';
import { ProgressReporter } from '../../server/jobs/progress-reporter.ts';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { openJobSocket, readEventStream } from '../helpers/job-stream.ts';
import { buildSyntheticPackage, type SyntheticPackage } from '../helpers/synthetic-package.ts';
import type { BlobStore } from '../../server/storage/blob-store.ts';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../helpers/test-app.ts';
import { uploadZip, waitForJobEnd } from '../helpers/uploads.ts';

const STAGES = ['uploaded', 'validating', 'extracting', 'parsing', 'storing', 'finalizing'];
const JOB_FIELDS = [
  'job_id',
  'status',
  'stage',
  'progress',
  'bytes_done',
  'bytes_total',
  'files_done',
  'files_total',
  'package_id',
  'error',
  'created_at',
  'updated_at',
].sort();
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

type Job = Record<string, any>;

/** Queues an upload with the worker held back, so a client can watch it from "queued". */
async function queueHeld(t: TestApp, pkg: SyntheticPackage): Promise<string> {
  await t.worker?.stop();
  const { status, body } = await uploadZip(t, pkg.path, '');
  assert.is(status, 202, JSON.stringify(body));
  return body.job_id as string;
}

const socketUrl = (t: TestApp, jobId: string, token = TEST_ADMIN_TOKEN) => `${t.wsUrl}/ws/jobs/${jobId}?token=${encodeURIComponent(token)}`;

function assertMonotonic(jobs: Job[], label: string): void {
  for (let i = 1; i < jobs.length; i++) {
    assert.ok(jobs[i]!.progress >= jobs[i - 1]!.progress, `${label}: progress went down at frame ${i}: ${jobs[i - 1]!.progress} → ${jobs[i]!.progress}`);
    assert.ok(jobs[i]!.bytes_done <= jobs[i]!.bytes_total || jobs[i]!.bytes_total === 0, `${label}: bytes_done past bytes_total`);
    assert.ok(jobs[i]!.files_done <= jobs[i]!.files_total || jobs[i]!.files_total === 0, `${label}: files_done past files_total`);
  }
}

/** The distinct stages in the order seen must follow SPEC's order, without going back. */
function assertStagesInOrder(jobs: Job[], label: string): string[] {
  const seen: string[] = [];
  for (const job of jobs) if (job.stage !== null && seen.at(-1) !== job.stage) seen.push(job.stage as string);
  const positions = seen.map((s) => STAGES.indexOf(s));
  assert.ok(!positions.includes(-1), `${label}: unknown stage in ${seen.join(',')}`);
  for (let i = 1; i < positions.length; i++) assert.ok(positions[i]! > positions[i - 1]!, `${label}: stages out of order: ${seen.join(' → ')}`);
  return seen;
}

function assertCompleted(job: Job, pkg: SyntheticPackage, label: string): void {
  assert.is(job.status, 'completed', `${label}: ${JSON.stringify(job)}`);
  assert.is(job.progress, 100, label);
  assert.type(job.package_id, 'string', label);
  assert.is(job.files_total, pkg.files.length, label);
  assert.is(job.files_done, pkg.files.length, label);
  assert.is(job.error, null, label);
}

const built = new Map<string, Promise<SyntheticPackage>>();
const toRemove: SyntheticPackage[] = [];
process.once('exit', () => toRemove.forEach((pkg) => pkg.remove()));
const once = (name: string, files: number, mb: number) => () => {
  if (!built.has(name)) {
    const building = buildSyntheticPackage({ files, bytes: mb * 1024 * 1024, title: `Progress test (${name})` });
    built.set(name, building.then((pkg) => (toRemove.push(pkg), pkg)));
  }
  return built.get(name)!;
};
/** 40 MB in 800 files: seconds of frames while storing. Built once for every suite of the file. */
const largePackage = once('large', 800, 40);
/** Enough for a few frames. */
const mediumPackage = once('medium', 300, 10);
/** Where only the shape matters. */
const smallPackage = once('small', 20, 1);

const reporter = suite('progress reporter');
reporter('writes at a bounded rate, moves with the bytes, never goes down', async () => {
  let clock = 0;
  const writes: Array<ProgressUpdate & { at: number }> = [];
  const progress = new ProgressReporter(async (u) => void writes.push({ ...u, at: clock }), 250, () => clock);
  await progress.enter('validating');
  await progress.enter('extracting', { filesTotal: 20_000, bytesTotal: 1_000_000_000 });
  await progress.enter('parsing');
  await progress.enter('storing', { bytesDone: 0, filesDone: 0 });
  const stageWrites = writes.length;
  // 20,000 files of 50,000 bytes in 10 s of fake time, in 8 KB chunks: 122,000 calls.
  for (let file = 0; file < 20_000; file++) {
    for (let left = 50_000; left > 0; left -= 8192) progress.advance(Math.min(8192, left));
    progress.advance(0, 1);
    clock += 0.5;
  }
  await progress.flush();
  const storingWrites = writes.length - stageWrites;
  assert.ok(storingWrites <= 10_000 / 250 + 2, `${storingWrites} writes in 10 s at one per 250 ms`);
  assert.ok(storingWrites >= 10_000 / 250 - 2, `and it keeps writing while work moves (${storingWrites})`);
  const percents = writes.map((w) => w.progress!);
  for (let i = 1; i < percents.length; i++) assert.ok(percents[i]! >= percents[i - 1]!, `write ${i} went down`);
  const half = writes.find((w) => w.stage === 'storing' && w.bytesDone! >= 500_000_000)!;
  assert.ok(half.progress! >= 45 && half.progress! <= 60, `half the bytes is about half the bar (${half.progress})`);
  assert.is(writes.at(-1)!.bytesDone, 1_000_000_000);
  assert.is(writes.at(-1)!.filesDone, 20_000);
  assert.ok(writes.at(-1)!.progress! < 100, '100 is only written with completion');
  await progress.enter('finalizing');
  assert.ok(writes.at(-1)!.progress! >= percents.at(-1)!);
});
reporter.run();

for (const kind of testDatabaseKinds()) {
  const test = suite<{ t: TestApp; pkg: SyntheticPackage; medium: SyntheticPackage; small: SyntheticPackage }>(`job progress (${kind})`);
  test.before(async (ctx) => {
    ctx.pkg = await largePackage();
    ctx.medium = await mediumPackage();
    ctx.small = await smallPackage();
    ctx.t = await startTestApp(kind, { env: { SCORM_WS_HEARTBEAT_MS: '200' } });
  });
  test.after(async (ctx) => {
    await ctx.t?.stop();
  });

  test('a WebSocket follows a large package from queued to completed; a second one joins midway', async ({ t, pkg }) => {
    const jobId = await queueHeld(t, pkg);
    const client = openJobSocket(socketUrl(t, jobId));
    const first = await client.first;
    assert.is(first.type, 'progress', 'the snapshot comes first');
    assert.is(first.data!.job_id, jobId);
    assert.is(first.data!.status, 'queued');
    assert.is(first.data!.stage, 'uploaded');
    assert.is(first.data!.progress, 0);
    t.worker!.start();

    // Reconnect mid-job: the new socket's snapshot is the current state, nothing older.
    const midway = await client.until((j) => j.stage === 'storing' && j.progress >= 20);
    const late = openJobSocket(socketUrl(t, jobId));
    const snapshot = await late.first;
    assert.is(snapshot.type, 'progress');
    assert.ok(snapshot.data!.progress >= midway.progress, `reconnect snapshot ${snapshot.data!.progress} ≥ ${midway.progress} seen before`);
    assert.ok(STAGES.indexOf(snapshot.data!.stage) >= STAGES.indexOf('storing'), `snapshot stage ${snapshot.data!.stage}`);

    const [closed, lateClosed] = await Promise.all([client.closed, late.closed]);
    assert.is(closed.code, 1000, `closed normally after the terminal frame (${closed.reason})`);
    assert.is(lateClosed.code, 1000);
    assertMonotonic(late.progress(), 'second socket');
    assert.equal(late.progress().at(-1), client.progress().at(-1), 'both sockets end on the same terminal job');
    const jobs = client.progress();
    assert.ok(client.frames.at(-1)!.type === 'progress', 'the last frame is the terminal one');
    assertMonotonic(jobs, 'ws');
    assertCompleted(jobs.at(-1)!, pkg, 'last frame');
    const stages = assertStagesInOrder(jobs, 'ws');
    assert.ok(stages.includes('storing') && stages.at(-1) === 'finalizing', `stages seen: ${stages.join(' → ')}`);
    // One message per change: no frame repeats the one before it.
    for (let i = 1; i < jobs.length; i++) {
      const a = jobs[i - 1]!;
      const b = jobs[i]!;
      const same = a.status === b.status && a.stage === b.stage && a.progress === b.progress && a.bytes_done === b.bytes_done && a.files_done === b.files_done;
      assert.not.ok(same, `frame ${i} repeats frame ${i - 1}`);
    }
    // Storing moves with the bytes, so the bar is seen moving, not only jumping to 100.
    const storing = jobs.filter((j) => j.stage === 'storing' && j.status === 'processing');
    assert.ok(new Set(storing.map((j) => j.progress)).size >= 2, `storing progress seen moving: ${storing.map((j) => j.progress).join(',')}`);
    for (const j of storing) assert.ok(j.progress > 0 && j.progress < 100, `storing progress inside the bar: ${j.progress}`);
    assert.ok(client.frames.some((f) => f.type === 'heartbeat'), 'heartbeats arrive while the job runs');
  });

  test('heartbeats every SCORM_WS_HEARTBEAT_MS while nothing changes', async ({ t, small: pkg }) => {
    const jobId = await queueHeld(t, pkg);
    const client = openJobSocket(socketUrl(t, jobId));
    await client.first;
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (client.frames.filter((f) => f.type === 'heartbeat').length >= 3) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    const beats = client.frames.filter((f) => f.type === 'heartbeat');
    for (const beat of beats) {
      assert.match(beat.at!, ISO);
      assert.equal(Object.keys(beat).sort(), ['at', 'receivedAt', 'type']);
    }
    assert.is(client.progress().length, 1, 'a queued job that does not move sends only its snapshot');
    t.worker!.start();
    assert.is((await client.closed).code, 1000);
    assertCompleted(client.progress().at(-1)!, pkg, 'heartbeat job');
  });

  test('bad token closes 4401, an unknown job 4404, any other path is closed', async ({ t, small: pkg }) => {
    const { body } = await uploadZip(t, pkg.path, '');
    const jobId = body.job_id as string;
    for (const token of ['wrong-token-0123456789', '']) {
      const bad = openJobSocket(socketUrl(t, jobId, token));
      const closed = await bad.closed;
      assert.is(closed.code, 4401, `token "${token}"`);
      assert.is(bad.frames.length, 0, 'nothing is sent before the token is checked');
    }
    const noToken = openJobSocket(`${t.wsUrl}/ws/jobs/${jobId}`);
    assert.is((await noToken.closed).code, 4401, 'no token at all');

    const unknown = openJobSocket(socketUrl(t, '00000000-0000-4000-8000-000000000000'));
    assert.is((await unknown.closed).code, 4404);
    assert.is(unknown.frames.length, 0);

    for (const path of ['/ws/nothing', '/ws/jobs', `/ws/jobs/${jobId}/extra`, '/api/v1/jobs']) {
      const other = openJobSocket(`${t.wsUrl}${path}?token=${TEST_ADMIN_TOKEN}`);
      const closed = await other.closed;
      assert.ok(closed.code !== 1000 && closed.code !== 4401 && closed.code !== 4404, `${path} closed with ${closed.code}`);
      assert.is(other.frames.length, 0, path);
    }

    // A finished job: the terminal snapshot, then the close.
    await waitForJobEnd(t, jobId);
    const done = openJobSocket(socketUrl(t, jobId));
    assert.is((await done.closed).code, 1000);
    assert.is(done.progress().length, 1);
    assert.is(done.progress()[0]!.status, 'completed');
  });

  test('Server-Sent Events carry the same messages and end after the terminal one', async ({ t, medium: pkg }) => {
    const jobId = await queueHeld(t, pkg);
    const reading = readEventStream(`${t.url}/api/v1/jobs/${jobId}/events`, { authorization: `Bearer ${TEST_ADMIN_TOKEN}` });
    // Let the stream deliver its snapshot of the queued job before the worker starts.
    await new Promise((r) => setTimeout(r, 300));
    t.worker!.start();
    const events = await reading;
    assert.is(events.status, 200);
    assert.is(events.headers.get('cache-control'), 'no-cache');
    assert.is(events.headers.get('x-accel-buffering'), 'no');
    assert.match(events.headers.get('content-type') ?? '', /^text\/event-stream/);
    for (const m of events.messages) assert.ok(m.type === 'progress' || m.type === 'heartbeat', JSON.stringify(m));
    const jobs = events.messages.filter((m) => m.type === 'progress').map((m) => m.data as Job);
    assert.is(jobs[0]!.status, 'queued');
    for (const job of jobs) assert.equal(Object.keys(job).sort(), JOB_FIELDS);
    assertMonotonic(jobs, 'sse');
    assertStagesInOrder(jobs, 'sse');
    assertCompleted(jobs.at(-1)!, pkg, 'sse last');
    assert.is(events.messages.at(-1)!.type, 'progress', 'the terminal message is the last one');
    assert.ok(jobs.length >= 3, `several progress events: ${jobs.length}`);

    const unknown = await t.admin('/api/v1/jobs/00000000-0000-4000-8000-000000000000/events');
    assert.is(unknown.status, 404);
    const anonymous = await fetch(`${t.url}/api/v1/jobs/${jobId}/events`);
    assert.is(anonymous.status, 401);
    await anonymous.body?.cancel();
  });

  test('GET /api/v1/jobs/:id is exactly SPEC\'s Job', async ({ t, small: pkg }) => {
    const jobId = await queueHeld(t, pkg);
    const queued = (await (await t.admin(`/api/v1/jobs/${jobId}`)).json()) as Job;
    assert.equal(Object.keys(queued).sort(), JOB_FIELDS);
    assert.equal(
      { ...queued, created_at: 'x', updated_at: 'x' },
      {
        job_id: jobId,
        status: 'queued',
        stage: 'uploaded',
        progress: 0,
        bytes_done: 0,
        bytes_total: 0,
        files_done: 0,
        files_total: 0,
        package_id: null,
        error: null,
        created_at: 'x',
        updated_at: 'x',
      },
    );
    assert.match(queued.created_at, ISO);
    assert.match(queued.updated_at, ISO);
    t.worker!.start();
    const done = await waitForJobEnd(t, jobId);
    assert.equal(Object.keys(done).sort(), JOB_FIELDS);
    assertCompleted(done, pkg, 'polled');
    assert.is(done.bytes_total, pkg.contentBytes, 'bytes_total is the inflated size of the package');
    assert.is(done.bytes_done, pkg.contentBytes);
    assert.ok(Date.parse(done.updated_at) >= Date.parse(done.created_at));
    const pkgRes = await t.admin(`/api/v1/packages/${done.package_id}`);
    assert.is(pkgRes.status, 200);
    assert.is(((await pkgRes.json()) as Job).file_count, pkg.files.length);

    const missing = await t.admin('/api/v1/jobs/00000000-0000-4000-8000-000000000000');
    assert.is(missing.status, 404);
    assert.is(((await missing.json()) as Job).error.code, 'JOB_NOT_FOUND');
  });

  test('dead and stalled sockets do not hold the job back', async ({ t, medium: pkg }) => {
    const jobId = await queueHeld(t, pkg);
    // One that stops reading: its TCP socket is paused, so frames pile up in the kernel buffers.
    const stalled = openJobSocket(socketUrl(t, jobId));
    await stalled.first;
    (stalled.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    // One destroyed without a close handshake.
    const killed = openJobSocket(socketUrl(t, jobId));
    await killed.first;
    killed.socket.terminate();
    // A raw upgrade that never reads a byte of the answer.
    const raw = connect(Number(new URL(t.url).port), '127.0.0.1');
    raw.pause();
    raw.write(
      `GET /ws/jobs/${jobId}?token=${TEST_ADMIN_TOKEN} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    const healthy = openJobSocket(socketUrl(t, jobId));
    await healthy.first;
    t.worker!.start();
    assert.is((await healthy.closed).code, 1000);
    assertCompleted(healthy.progress().at(-1)!, pkg, 'healthy socket');
    assertCompleted(await waitForJobEnd(t, jobId), pkg, 'polled');
    raw.destroy();
    stalled.socket.terminate();
  });

  const cross = suite<{ pkg: SyntheticPackage; web: TestApp; worker?: TestApp }>(`job progress across processes (${kind})`);
  cross.before(async (ctx) => {
    ctx.pkg = await largePackage();
    ctx.web = await startTestApp(kind, { worker: false });
  });
  cross.after(async (ctx) => {
    await ctx.worker?.stop();
    await ctx.web?.stop();
  });

  cross('a web-only process reports a job that another process runs, from the table', async (ctx) => {
    const { web, pkg } = ctx;
    const { status, body } = await uploadZip(web, pkg.path, '');
    assert.is(status, 202);
    const client = openJobSocket(socketUrl(web, body.job_id));
    assert.is((await client.first).data!.status, 'queued');
    // The worker lives in another app with its own database pool and its own in-memory signals:
    // nothing reaches the web app but the rows of import_jobs. Its storing waits until the web
    // process has reported the job as processing: however fast an import has become, there is
    // a processing state for the web process's table reads (every 500 ms) to find.
    const seenProcessing = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (client.progress().some((j) => j.status === 'processing')) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    const holdUntilReported = (blobs: BlobStore): BlobStore => {
      const put = blobs.put;
      blobs.put = async (...args) => {
        await seenProcessing;
        return put(...args);
      };
      return blobs;
    };
    ctx.worker = await startTestApp(kind, { database: web.database, dataDir: web.dataDir, wrapBlobs: holdUntilReported });
    const closed = await client.closed;
    assert.is(closed.code, 1000);
    const jobs = client.progress();
    assertMonotonic(jobs, 'cross-process');
    assertStagesInOrder(jobs, 'cross-process');
    assertCompleted(jobs.at(-1)!, pkg, 'cross-process');
    assert.ok(jobs.some((j) => j.status === 'processing'), `frames while processing: ${jobs.map((j) => `${j.status}/${j.stage}/${j.progress}`).join(' ')}`);
    const pkgRes = await web.admin(`/api/v1/packages/${jobs.at(-1)!.package_id}`);
    assert.is(pkgRes.status, 200, 'the web process serves the package the other one imported');
  });

  test.run();
  cross.run();
}

