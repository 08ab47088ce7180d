// SCORM_ROLE split over real processes: a web process (no worker) queues an upload, a worker
// process (no HTTP server, no secrets) imports it, and the web process serves the package.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fixturePath } from '../helpers/fixtures.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

const test = suite<{ dir: string }>('SCORM_ROLE=web and SCORM_ROLE=worker as two processes');
test.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'scorm-roles-'));
});
test.after.each((ctx) => rmSync(ctx.dir, { recursive: true, force: true }));

test('the worker process imports what the web process queued, and serves nothing itself', async ({ dir }) => {
  const env = { SCORM_DATA_DIR: dir, SCORM_ADMIN_TOKEN: 'roles-admin-token-0123456789' };
  const web = await startServerProcess({ ...env, SCORM_ROLE: 'web' });
  let worker: ServerProcess | undefined;
  try {
    const auth = { authorization: `Bearer ${env.SCORM_ADMIN_TOKEN}` };
    const upload = await fetch(`${web.url}/api/v1/packages`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/zip' },
      body: readFileSync(fixturePath('golf-runtime-basic-12')),
    });
    assert.is(upload.status, 202);
    const { job_id } = (await upload.json()) as { job_id: string };
    // No worker yet: the job waits in the queue.
    await new Promise((r) => setTimeout(r, 300));
    const queued = (await (await fetch(`${web.url}/api/v1/jobs/${job_id}`, { headers: auth })).json()) as { status: string };
    assert.is(queued.status, 'queued');

    // A data dir of its own shows what the worker makes there; database and content are shared.
    const workerDir = join(dir, 'worker');
    worker = await startServerProcess(
      { SCORM_DATA_DIR: workerDir, DATABASE_URL: `sqlite:${join(dir, 'scorm.sqlite')}`, SCORM_LOCAL_PATH: join(dir, 'content'), SCORM_ROLE: 'worker' },
      30_000,
      [],
      /import worker running/,
    );
    assert.not.match(worker.output(), /listening on|admin token/);
    assert.not.ok(existsSync(join(workerDir, 'signing-secret')) || existsSync(join(workerDir, 'admin-token')), 'the worker made no secrets');

    let job: { status: string; package_id: string | null } = { status: 'queued', package_id: null };
    for (const started = Date.now(); Date.now() - started < 30_000 && (job.status === 'queued' || job.status === 'processing'); ) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await (await fetch(`${web.url}/api/v1/jobs/${job_id}`, { headers: auth })).json()) as typeof job;
    }
    assert.is(job.status, 'completed', worker.output());
    const pkg = (await (await fetch(`${web.url}/api/v1/packages/${job.package_id}`, { headers: auth })).json()) as { version: string };
    assert.is(pkg.version, '1.2');
  } finally {
    await worker?.stop();
    await web.stop();
  }
});

test.run();
