// Where an import's time goes: the real importPackage (server/jobs/import-package.ts) run in this
// process on a synthetic package, local storage and SQLite, its ports wrapped in timers. Prints
// each stage's wall time, the time spent in fsync (persist), the database (package rows, job
// completion) and progress writes, and an inflate-only pass (read + inflate + CRC, nothing
// written) of the same entries; then the same import with one fsync per file, as before decision
// 0026, for comparison. Baseline of the same run: `unzip -q` of the same zip.
//
//   node --import tsx bench/ingest-profile.ts [--mb 200 --files 2000]
// The server's libuv pool size (16), set before anything uses the pool.
import '../server/thread-pool.ts';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { migrateToLatest, openDatabase } from '../server/db/connect.ts';
import { createJobStore, type JobStage } from '../server/db/job-store.ts';
import { createSqlPackageStore } from '../server/db/sql-package-store.ts';
import { createSqlPackageVersionStore } from '../server/db/sql-package-version-store.ts';
import { importPackage, SMALL_ENTRY_BYTES, type ImportDeps } from '../server/jobs/import-package.ts';
import { inflateGuard, inflateSmall } from '../server/jobs/inflate-guard.ts';
import { parallelPutsFor } from '../server/jobs/import-worker.ts';
import { createManifestPool } from '../server/jobs/manifest-pool.ts';
import { ProgressReporter } from '../server/jobs/progress-reporter.ts';
import { listZip } from '../server/jobs/zip-entries.ts';
import type { BlobStore } from '../server/storage/blob-store.ts';
import { createLocalBlobStore } from '../server/storage/local-blob-store.ts';
import { buildSyntheticPackage } from '../test/helpers/synthetic-package.ts';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '200' }, files: { type: 'string', default: '2000' } } });
const MB = 1024 * 1024;
const limits = { maxUncompressedBytes: 4096 * MB, maxFiles: 100_000 };
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const work = mkdtempSync(join(tmpdir(), 'scorm-bench-profile-'));

/** Adds the time of every call of `fn` to `into[name]`. */
function timed<A extends unknown[], R>(into: Record<string, number>, name: string, fn: (...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => {
    const started = process.hrtime.bigint();
    try {
      return await fn(...args);
    } finally {
      into[name] = (into[name] ?? 0) + seconds(started);
    }
  };
}

/** What the import does to read an entry (import-package.ts), with nothing written. */
async function inflateOnly(zip: string, lanes: number): Promise<number> {
  const { files } = await listZip(zip, limits);
  const handle = await open(zip, 'r');
  const started = process.hrtime.bigint();
  const budget = { limit: limits.maxUncompressedBytes, used: 0 };
  let next = 0;
  const sink = () => new Writable({ write: (_c, _e, cb) => cb() });
  const lane = async () => {
    while (next < files.length) {
      const f = files[next++]!;
      if (f.declaredSize <= SMALL_ENTRY_BYTES && f.compressedSize <= SMALL_ENTRY_BYTES) {
        await inflateSmall(f.path, await f.readCompressed(handle), f.method === 'deflated', f.declaredSize, budget, f.crc32);
        continue;
      }
      await pipeline(f.open(handle) as Readable, inflateGuard(f.path, f.declaredSize, budget, () => undefined, f.crc32), sink());
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  const spent = seconds(started);
  await handle.close();
  return spent;
}

async function profiledImport(zip: string, contentRoot: string, perFileFsync: boolean, fileSyncsAtOnce?: number) {
  const db = await openDatabase({ client: 'sqlite', filename: join(work, `profile-${randomUUID()}.sqlite`) });
  await migrateToLatest(db);
  const spent: Record<string, number> = {};
  const counts = { progressWrites: 0 };
  const local = createLocalBlobStore(contentRoot, { fileSyncsAtOnce });
  const blobs: BlobStore = {
    ...local,
    // Before decision 0026 every put fsynced its own file before the next one began.
    put: (pkg, path, body, options) => local.put(pkg, path, body, perFileFsync ? { ...options, durability: 'immediate' } : options),
    persist: timed(spent, 'fsync (persist: files, then folders)', (pkg: string) => local.persist(pkg)),
  };
  const jobs = createJobStore(db);
  const packages = createSqlPackageStore(db);
  const manifests = createManifestPool({ size: 1, timeoutMs: 60_000 });
  const deps: ImportDeps = {
    db,
    jobs: { ...jobs, complete: timed(spent, 'database (job completed)', jobs.complete.bind(jobs)) },
    packages: { ...packages, insertRows: timed(spent, 'database (package rows)', packages.insertRows.bind(packages)) },
    versions: createSqlPackageVersionStore(db),
    blobs,
    storageDriver: 'local',
    limits,
    parallelPuts: parallelPutsFor('local'),
    manifests,
  };
  const jobId = randomUUID();
  await jobs.create({ id: jobId, packageId: `p${jobId.slice(0, 8)}`, uploadPath: zip, uploadName: null, bytesTotal: 0 });
  const owner = 'profile';
  const job = (await jobs.claim(owner, 600_000, 3))!;
  const stages: [JobStage, bigint][] = [];
  const write = timed(spent, 'progress writes', async (update: Parameters<typeof jobs.updateProgress>[2]) => {
    counts.progressWrites++;
    await jobs.updateProgress(job.id, owner, update);
  });
  const progress = new ProgressReporter(write);
  const enter = progress.enter.bind(progress);
  progress.enter = (stage, counters) => {
    stages.push([stage, process.hrtime.bigint()]);
    return enter(stage, counters);
  };
  const before = process.memoryUsage().rss;
  const memory = { rss: before, arrayBuffers: 0 };
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    memory.rss = Math.max(memory.rss, now.rss);
    memory.arrayBuffers = Math.max(memory.arrayBuffers, now.arrayBuffers);
  }, 20);
  const started = process.hrtime.bigint();
  await importPackage(job, owner, deps, progress, new AbortController().signal);
  const total = seconds(started);
  clearInterval(sampler);
  const ended = process.hrtime.bigint();
  const stageTimes = stages.map(([stage, at], i) => [stage, Number((stages[i + 1]?.[1] ?? ended) - at) / 1e9] as const);
  await manifests.close();
  await db.destroy();
  return { total, stageTimes, spent, counts, memory: { before, ...memory } };
}

try {
  const pkg = await buildSyntheticPackage({ files: Number(values.files), bytes: Number(values.mb) * MB, dir: work, title: 'Profile bench' });
  console.log(`package: ${pkg.files.length} files, content ${(pkg.contentBytes / MB).toFixed(1)} MB, zip ${(pkg.zipBytes / MB).toFixed(1)} MB (${work})`);
  const unzipRuns: number[] = [];
  for (let i = 0; i < 2; i++) {
    const out = join(work, `unzip-${i}`);
    const started = process.hrtime.bigint();
    execFileSync('unzip', ['-q', pkg.path, '-d', out]);
    unzipRuns.push(seconds(started));
    rmSync(out, { recursive: true, force: true });
  }
  const unzip = Math.min(...unzipRuns);
  const inflate = await inflateOnly(pkg.path, parallelPutsFor('local'));
  const show = (label: string, r: Awaited<ReturnType<typeof profiledImport>>) => {
    console.log(`\n${label}: ${r.total.toFixed(2)} s, ratio unzip / import ${(unzip / r.total).toFixed(2)}`);
    for (const [stage, s] of r.stageTimes) console.log(`  stage ${stage.padEnd(11)} ${s.toFixed(2)} s`);
    for (const [name, s] of Object.entries(r.spent)) console.log(`  ${name.padEnd(38)} ${s.toFixed(3)} s`);
    console.log(`  progress writes: ${r.counts.progressWrites}`);
    const m = r.memory;
    console.log(`  RSS ${(m.before / MB).toFixed(0)} MB before, peak ${(m.rss / MB).toFixed(0)} MB; Buffers (arrayBuffers) peak ${(m.arrayBuffers / MB).toFixed(0)} MB`);
  };
  console.log(`unzip -q (baseline, best of 2): ${unzip.toFixed(2)} s`);
  console.log(`inflate only (read + inflate + CRC-32, ${parallelPutsFor('local')} lanes, nothing written): ${inflate.toFixed(2)} s`);
  // A B B A, so neither goes first always (the first import also bundles the manifest worker).
  const now = () => profiledImport(pkg.path, join(work, `content-${randomUUID()}`), false);
  const before = () => profiledImport(pkg.path, join(work, `content-${randomUUID()}`), true);
  show('import, fsyncs in the background, persisted once per package (now)', await now());
  show('import, one fsync per file in each lane (before)', await before());
  show('import, one fsync per file in each lane (before), again', await before());
  show('import, fsyncs in the background, persisted once per package (now), again', await now());
  console.log(`\nmachine load average: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
