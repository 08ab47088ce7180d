// A completed import survives a power cut (decision 0026): every stored file and each folder
// holding them is fsynced before the job row says completed, once each, not once per put.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createJobStore } from '../../server/db/job-store.ts';
import { createSqlPackageStore } from '../../server/db/sql-package-store.ts';
import { createSqlPackageVersionStore } from '../../server/db/sql-package-version-store.ts';
import { importPackage } from '../../server/jobs/import-package.ts';
import { createManifestPool } from '../../server/jobs/manifest-pool.ts';
import { ProgressReporter } from '../../server/jobs/progress-reporter.ts';
import { fsSyncPort } from '../../server/storage/deferred-sync.ts';
import { createLocalBlobStore } from '../../server/storage/local-blob-store.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/databases.ts';
import { buildSyntheticPackage } from '../helpers/synthetic-package.ts';

for (const kind of testDatabaseKinds()) {
  const test = suite<{ database: TestDatabase; dir: string }>(`durable import (${kind})`);
  test.before(async (ctx) => {
    ctx.database = await createTestDatabase(kind);
    ctx.dir = await mkdtemp(join(tmpdir(), 'scorm-durable-import-'));
  });
  test.after(async (ctx) => {
    await ctx.database?.drop();
    await rm(ctx.dir, { recursive: true, force: true });
  });

  test('each file and folder is fsynced once, all of them before the job completes', async ({ database, dir }) => {
    const pkg = await buildSyntheticPackage({ files: 40, bytes: 400_000, dir });
    const jobs = createJobStore(database.db);
    const jobId = randomUUID();
    const packageId = `pkg${jobId.slice(0, 8)}`;
    await jobs.create({ id: jobId, packageId, uploadPath: pkg.path, uploadName: null, bytesTotal: 0 });
    const job = (await jobs.claim('owner', 60_000, 3))!;

    const synced: string[] = [];
    let handles = 0;
    const statusAtSync = new Set<string>();
    const noteStatus = async () => statusAtSync.add((await jobs.get(jobId))!.status);
    const root = join(dir, 'content');
    const blobs = createLocalBlobStore(root, {
      sync: {
        async syncFile(path) {
          await fsSyncPort.syncFile(path);
          synced.push(path);
          await noteStatus();
        },
        // The import writes each file in place and fsyncs it through that descriptor (0044).
        async syncHandle(path, handle) {
          await fsSyncPort.syncHandle!(path, handle);
          synced.push(path);
          handles++;
          await noteStatus();
        },
        async syncDir(path) {
          await fsSyncPort.syncDir(path);
          synced.push(`${path}/`);
          await noteStatus();
        },
      },
    });
    const manifests = createManifestPool({ size: 1, timeoutMs: 60_000 });
    try {
      const deps = {
        db: database.db, jobs, packages: createSqlPackageStore(database.db), versions: createSqlPackageVersionStore(database.db), blobs, storageDriver: 'local' as const,
        limits: { maxUncompressedBytes: 10_000_000, maxFiles: 1000 }, parallelPuts: 16, manifests,
      };
      await importPackage(job, 'owner', deps, new ProgressReporter(() => Promise.resolve()), new AbortController().signal);
    } finally {
      await manifests.close();
    }

    assert.is((await jobs.get(jobId))!.status, 'completed');
    assert.equal([...statusAtSync], ['processing'], 'no fsync happened after the job said completed');
    assert.ok(handles > 0, 'files fsynced through the descriptor they were written with');
    assert.equal(await readdir(join(root, '.tmp')).catch(() => []), [], 'no temp file: written in place');
    const files = synced.filter((p) => !p.endsWith('/')).sort();
    assert.equal(files, pkg.files.map((f) => join(root, packageId, ...f.path.split('/'))).sort(), 'every stored file, once');
    const folders = synced.filter((p) => p.endsWith('/')).map((p) => p.slice(0, -1)).sort();
    const expected = new Set([root, join(root, packageId)]);
    for (const f of pkg.files) {
      const parts = f.path.split('/');
      for (let i = 1; i < parts.length; i++) expected.add(join(root, packageId, ...parts.slice(0, i)));
    }
    assert.equal(folders, [...expected].sort(), 'every folder on the way, once');
  });

  test.run();
}
