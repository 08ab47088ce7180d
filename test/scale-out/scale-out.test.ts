// Scale-out on the engines the product already has (docs/deployment.md): two SCORM_ROLE=web
// processes behind a round-robin proxy per origin (no sticky sessions), one SCORM_ROLE=worker, one
// MariaDB, one S3 (s3rver). Upload through one web process and progress over WebSocket from the
// other; launch through one and commit through the other; a worker killed mid-import whose job a
// restarted worker finishes; a web process killed with SIGKILL while a learner in Chromium and
// six other learners commit, with no commit lost. MySQL only: SQLite is one file on one host.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createS3BlobStore } from '../../server/storage/s3-blob-store.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { ensureBundles, releaseBrowser, sharedBrowser } from '../helpers/browser-suite.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { openJobSocket } from '../helpers/job-stream.ts';
import { eventually, scoFrame, testPackage } from '../helpers/player.ts';
import { ADMIN_TOKEN, startCluster, type Cluster } from '../helpers/scale-out-cluster.ts';
import { buildSyntheticPackage } from '../helpers/synthetic-package.ts';

type Json = Record<string, any>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A wait that fails the test instead of hanging it. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
const mysqlUrl = process.env.TEST_DATABASE_URL?.startsWith('mysql://') ? process.env.TEST_DATABASE_URL : undefined;

if (!mysqlUrl) {
  console.log('\n  !!! SKIPPED scale-out: needs TEST_DATABASE_URL=mysql://… (several processes cannot share one SQLite file this way; CI runs it on MariaDB) !!!\n');
} else {
  const test = suite<{ c: Cluster; packageId: string }>('scale-out: 2 web processes behind round robin, 1 worker, MariaDB, S3');
  test.before(async (ctx) => {
    ctx.c = await startCluster(mysqlUrl);
  });
  test.after(async (ctx) => {
    await ctx.c?.stop();
  });

  async function registration(c: Cluster, packageId: string, id: string): Promise<{ id: string; launchUrl: string; token: string }> {
    const res = await c.admin('/api/v1/registrations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, package_id: packageId, learner: { id: `learner-${id}`, name: `Learner ${id}` } }),
    });
    const body = (await res.json()) as Json;
    assert.is(res.status, 201, JSON.stringify(body));
    return { id, launchUrl: body.launch_url, token: new URL(body.launch_url).searchParams.get('token')! };
  }

  const runtimeUrl = (c: Cluster, id: string, path: string, token: string) => `${c.deliveryProxy.origin}/runtime/${id}/${path}?token=${token}`;
  const postJson = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  test('three processes started at once on an empty database: one migrated, none failed', async ({ c }) => {
    const [{ n }] = (await c.db('knex_migrations').count({ n: '*' })) as [{ n: number }];
    const [{ dup }] = (await c.db('knex_migrations').countDistinct({ dup: 'name' })) as [{ dup: number }];
    assert.ok(Number(n) > 10);
    assert.is(Number(dup), Number(n), 'no migration ran twice');
    for (const w of c.web) assert.ok(w.adminPort > 0 && w.deliveryPort > 0 && w.adminPort !== w.deliveryPort);
  });

  test('upload through one web process, progress over WebSocket from the other', async (ctx) => {
    const { c } = ctx;
    const before = c.adminProxy.served.length;
    const upload = await c.admin('/api/v1/packages', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: readFileSync(fixturePath('golf-runtime-basic-2004-3rd')) });
    assert.is(upload.status, 202);
    const { job_id, ws_url } = (await upload.json()) as Json;
    const socket = openJobSocket(`${c.adminProxy.origin.replace('http', 'ws')}${ws_url}?token=${ADMIN_TOKEN}`);
    const closed = await within(30_000, 'the job socket closing', socket.closed);
    assert.is(closed.code, 1000, JSON.stringify(socket.frames));
    const progress = socket.progress();
    assert.is(progress.at(-1)!.status, 'completed');
    assert.ok(progress.length >= 1);
    const served = c.adminProxy.served.slice(before);
    const uploadedBy = served.find((s) => s.method === 'POST' && s.path === '/api/v1/packages')!.backend;
    const watchedBy = served.find((s) => s.upgrade && s.path === `/ws/jobs/${job_id}`)!.backend;
    assert.is.not(uploadedBy, watchedBy, 'the socket was served by the process that did not receive the upload');
    assert.is.not(watchedBy, -1);
    ctx.packageId = progress.at(-1)!.package_id;
  });

  test('launch through one web process, commit through the other: same seal key, same session', async ({ c, packageId }) => {
    const reg = await registration(c, packageId, 'launch-a-commit-b');
    assert.ok(reg.launchUrl.startsWith(c.deliveryProxy.origin + '/'), 'launch URLs point at the load balancer');
    // The player page twice, one from each process: the journal seal key is derived from the shared secret.
    const keys: string[] = [];
    const pageServers: number[] = [];
    for (let i = 0; i < 2; i++) {
      const page = await fetch(reg.launchUrl);
      assert.is(page.status, 200);
      keys.push(/data-journal-key="([^"]+)"/.exec(await page.text())![1]!);
      pageServers.push(c.deliveryProxy.served.at(-1)!.backend);
    }
    assert.is.not(pageServers[0], pageServers[1]);
    assert.is(keys[0], keys[1]);

    const opened = await postJson(runtimeUrl(c, reg.id, 'attempts', reg.token), { item: 'item_1' });
    assert.ok(opened.ok, String(opened.status));
    const launchedBy = c.deliveryProxy.served.at(-1)!.backend;
    const { session_id, attempt } = (await opened.json()) as Json;
    const commitServers: number[] = [];
    for (let sequence = 1; sequence <= 2; sequence++) {
      const res = await postJson(runtimeUrl(c, reg.id, 'commit', reg.token), {
        session_id,
        sequence,
        item: 'item_1',
        attempt,
        reason: 'commit',
        changes: [['cmi.location', `page-${sequence}`]],
      });
      assert.is(res.status, 200, await res.text());
      commitServers.push(c.deliveryProxy.served.at(-1)!.backend);
    }
    assert.ok(commitServers.includes(1 - launchedBy), `launched by ${launchedBy}, commits by ${commitServers}`);
    const cmi = (await (await c.admin(`/api/v1/registrations/${reg.id}/cmi`)).json()) as Json;
    assert.ok(JSON.stringify(cmi).includes('page-2'));
  });

  test('the worker killed mid-import: a restarted worker finishes the job, the package is whole on S3', async ({ c }) => {
    const pkg = await buildSyntheticPackage({ files: 400, bytes: 12 * 1024 * 1024, title: 'Scale-out import' });
    try {
      const upload = await c.admin('/api/v1/packages', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: readFileSync(pkg.path) });
      assert.is(upload.status, 202);
      const { job_id, ws_url } = (await upload.json()) as Json;
      const socket = openJobSocket(`${c.adminProxy.origin.replace('http', 'ws')}${ws_url}?token=${ADMIN_TOKEN}`);
      await within(30_000, 'storing under way', socket.until((job) => job.stage === 'storing' && job.files_done >= 20));
      const killedWorker = c.worker;
      const killed = await killedWorker.stop('SIGKILL');
      assert.is(killed, null, 'killed by a signal');
      const stuck = (await c.db('import_jobs').where({ id: job_id }).first()) as Json;
      assert.is(stuck.status, 'processing', 'the dead worker still holds the lease');
      const restarted = await c.startWorker();
      const done = await within(45_000, 'the job ending', socket.until((job) => job.status !== 'queued' && job.status !== 'processing'));
      assert.is(done.status, 'completed', restarted.output());
      const row = (await c.db('import_jobs').where({ id: job_id }).first()) as Json;
      assert.is(Number(row.attempts), 2);

      const blobs = createS3BlobStore(
        { driver: 's3', bucket: c.s3.bucket, region: c.s3.region, endpoint: c.s3.endpoint, forcePathStyle: true, prefix: c.s3Prefix },
        { credentials: c.s3.credentials },
      );
      const stored = new Map<string, number>();
      for await (const entry of blobs.list(done.package_id)) stored.set(entry.path, entry.size);
      assert.is(stored.size, pkg.files.length);
      for (const file of pkg.files) assert.is(stored.get(file.path), file.size, file.path);
      // The upload was received by a web process with a data directory of its own and reached the
      // workers through S3; once imported it is gone from S3 and from every data directory but
      // the killed worker's (its fetched copy stays where no one else looks).
      for await (const entry of blobs.list(`upload-${job_id}`)) assert.unreachable(`staged upload left: ${entry.path}`);
      assert.equal(leftUploads([...c.web, restarted].map((p) => p.dataDir)), []);
      assert.equal(leftUploads([killedWorker.dataDir]), [`${killedWorker.dataDir}/uploads/${job_id}.fetched.zip`]);
    } finally {
      pkg.remove();
    }
  });

  if (browserAvailable('scale-out: kill -9 of a web process under load')) {
    test('kill -9 of a web process under load: the learner in Chromium and six others lose no commit', async ({ c }) => {
      await ensureBundles();
      const browser = await sharedBrowser();
      const zip = await testPackage('2004', [{ id: 'sco1', title: 'Committing SCO' }]);
      const uploaded = await c.admin('/api/v1/packages?wait=true', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: new Uint8Array(zip) });
      assert.is(uploaded.status, 201);
      const packageId = ((await uploaded.json()) as Json).id as string;

      // Background load: six learners, each committing about every 100 ms (one interaction per commit),
      // retrying a lost answer as the player does; every acknowledged commit is counted.
      let loadRunning = true;
      const others = await Promise.all(Array.from({ length: 6 }, (_, i) => registration(c, packageId, `load-${i}`)));
      const load = others.map(async (reg) => {
        const opened = (await (await postJson(runtimeUrl(c, reg.id, 'attempts', reg.token), { item: 'sco1' })).json()) as Json;
        let acknowledged = 0;
        while (loadRunning) {
          const sequence = acknowledged + 1;
          const body = {
            session_id: opened.session_id,
            sequence,
            item: 'sco1',
            attempt: opened.attempt,
            reason: 'commit',
            changes: [[`cmi.interactions.${acknowledged}.id`, `b-${sequence}`], ['cmi.location', String(sequence)]],
          };
          for (;;) {
            const res = await postJson(runtimeUrl(c, reg.id, 'commit', reg.token), body).catch(() => undefined);
            if (res?.status === 200) break;
            if (res && res.status < 500) throw new Error(`load commit refused: ${res.status} ${await res.text()}`);
            await sleep(100);
          }
          acknowledged = sequence;
          // A little jitter, so the learners do not fall into a lock-step with the rotation.
          await sleep(80 + Math.random() * 40);
        }
        return { id: reg.id, acknowledged };
      });
      // A refused commit fails the test below, not the runner (an unhandled rejection would).
      const loadDone = Promise.allSettled(load);

      const learner = await registration(c, packageId, 'chromium-learner');
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(learner.launchUrl);
        const frame = await scoFrame(page);
        // The SCO commits every 100 ms, one interaction per commit: c-0, c-1, ...
        await frame.evaluate(() => {
          const w = window as unknown as { scormApi: Record<string, (...a: string[]) => string>; commits: number; failures: string[]; stopCommits: boolean };
          w.commits = 0;
          w.failures = [];
          if (w.scormApi.Initialize!('') !== 'true') w.failures.push('Initialize');
          const timer = setInterval(() => {
            if (w.stopCommits) return clearInterval(timer);
            const n = w.commits;
            try {
              const ok = [w.scormApi.SetValue!(`cmi.interactions.${n}.id`, `c-${n}`), w.scormApi.SetValue!('cmi.location', String(n)), w.scormApi.Commit!('')];
              if (ok.every((v) => v === 'true')) w.commits = n + 1;
              else w.failures.push(`commit ${n}: ${ok} ${w.scormApi.GetDiagnostic!('')}`);
            } catch (error) {
              w.failures.push(`commit ${n}: ${String(error)}`);
            }
          }, 100);
        });
        const commits = (f: Frame) => f.evaluate(() => (window as unknown as { commits: number }).commits);
        await eventually(() => frame.evaluate(() => { const w = window as unknown as { commits: number; failures: string[] }; return { n: w.commits, failures: w.failures.slice(0, 3) }; }), (v) => v.n >= 15, 15_000);
        const runtimePath = `/runtime/${learner.id}/commit`;
        const servedBy = () => new Set(c.deliveryProxy.served.filter((s) => s.path === runtimePath && s.status === 200).map((s) => s.backend));
        // Strict alternation over everyone's requests spreads the learner's commits over both.
        await eventually(async () => [...servedBy()].sort(), (both) => both.length === 2, 15_000);

        const victim = c.web[1]!;
        assert.is(await victim.stop('SIGKILL'), null);
        // Answers that left the victim just before it died may be logged a moment after its exit.
        await sleep(300);
        const killedAt = c.deliveryProxy.served.length;
        const atKill = await commits(frame);
        await eventually(() => commits(frame), (n) => n >= atKill + 25, 15_000);
        await frame.evaluate(() => ((window as unknown as { stopCommits: boolean }).stopCommits = true));
        loadRunning = false;
        const loaded = (await loadDone).map((r) => {
          if (r.status === 'rejected') throw r.reason;
          return r.value;
        });

        const made = await commits(frame);
        assert.equal(await frame.evaluate(() => (window as unknown as { failures: string[] }).failures), []);
        await eventually(() => journalEntries(page), (n) => n === 0, 20_000);
        const after = c.deliveryProxy.served.slice(killedAt);
        assert.ok(after.every((s) => s.backend !== 1 || s.status === 502), 'nothing was answered by the dead process');
        assert.ok(after.some((s) => s.path === runtimePath && s.backend === 0 && s.status === 200), 'the survivor took the commits');
        assert.equal(c.deliveryProxy.down(), [1]);
        const lost = c.deliveryProxy.served.filter((s) => s.status === 502).length;
        const background = loaded.reduce((sum, l) => sum + l.acknowledged, 0);
        console.log(`\n  kill -9: the SCO made ${made} commits (${made - atKill} after the kill), six learners ${background}; ${lost} requests lost with the process (502), resent`);

        const ids = async (registrationId: string) =>
          (await c.db('scorm_interactions').where({ registration_id: registrationId }).orderBy('position').pluck('interaction_id')).map(String);
        assert.equal(await ids(learner.id), Array.from({ length: made }, (_, n) => `c-${n}`), `all ${made} commits of the SCO are stored`);
        for (const { id, acknowledged } of loaded) {
          assert.ok(acknowledged >= 10, `${id} kept committing (${acknowledged})`);
          assert.equal(await ids(id), Array.from({ length: acknowledged }, (_, n) => `b-${n + 1}`), `${id}: all ${acknowledged} commits stored`);
        }
      } finally {
        loadRunning = false;
        await context.close();
        await releaseBrowser(browser);
      }
    });
  }

  test.run();
}

/** Upload files still in these data directories. */
function leftUploads(dataDirs: string[]): string[] {
  return dataDirs.flatMap((dir) => {
    const uploads = join(dir, 'uploads');
    return existsSync(uploads) ? readdirSync(uploads).map((f) => join(uploads, f)) : [];
  });
}

/** Journals the player keeps in localStorage (one per registration, removed once empty). */
function journalEntries(page: Page): Promise<number> {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('scorm-player:journal:')).length);
}
