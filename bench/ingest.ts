// Ingest benchmark: a synthetic SCORM package (default about 200 MB in 2,000 files, stored and
// deflated entries mixed) uploaded to a real server process (server/main.ts, SQLite, local
// storage) and timed from the first byte of the upload to the job completed (every file and
// folder fsynced by then, decision 0026), against `unzip -q` of the same zip on the same disk
// (which fsyncs nothing). Prints MB/s for both, their ratio, and the server's peak RSS, during the
// upload and during the import.
//
//   node --import tsx bench/ingest.ts [--mb 200 --files 2000]
//
// Aims (issue #15): at least 0.8 of unzip's throughput, peak RSS under 150 MB whatever the size
// (try --mb 1000).
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { startServerProcess } from '../test/helpers/server-process.ts';
import { buildSyntheticPackage } from '../test/helpers/synthetic-package.ts';

const { values } = parseArgs({
  options: { mb: { type: 'string', default: '200' }, files: { type: 'string', default: '2000' }, concurrency: { type: 'string' } },
});
const megabytes = Number(values.mb);
const fileCount = Number(values.files);
const MB = 1024 * 1024;
const TOKEN = 'bench-admin-token-0123456789';

function memoryOf(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** The baseline extractor: unzip if there is one, else bsdtar, else Python's zipfile. */
function baseline(): { name: string; run: (zip: string, out: string) => void } {
  const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
  if (has('unzip')) return { name: 'unzip -q', run: (zip, out) => execFileSync('unzip', ['-q', zip, '-d', out]) };
  console.log('unzip is not installed; the baseline is the next extractor found.');
  if (has('bsdtar')) return { name: 'bsdtar -xf', run: (zip, out) => execFileSync('bsdtar', ['-xf', zip, '-C', out]) };
  return { name: 'python3 -m zipfile -e', run: (zip, out) => execFileSync('python3', ['-m', 'zipfile', '-e', zip, out]) };
}

const work = mkdtempSync(join(tmpdir(), 'scorm-bench-ingest-'));
const dataDir = join(work, 'data');
let stopServer: (() => Promise<unknown>) | undefined;
try {
  console.log(`building a synthetic package: ${megabytes} MB in ${fileCount} files ...`);
  const built = Date.now();
  const pkg = await buildSyntheticPackage({ files: fileCount, bytes: megabytes * MB, dir: work, title: 'Ingest bench' });
  const stored = pkg.files.filter((f) => f.stored).length;
  console.log(
    `  ${pkg.path}: zip ${(pkg.zipBytes / MB).toFixed(1)} MB, content ${(pkg.contentBytes / MB).toFixed(1)} MB, ` +
      `${stored} stored + ${pkg.files.length - stored} deflated entries (${((Date.now() - built) / 1000).toFixed(1)} s)`,
  );

  const extractor = baseline();
  const baselineRuns: number[] = [];
  for (let run = 0; run < 2; run++) {
    const out = join(work, `unzipped-${run}`);
    const started = process.hrtime.bigint();
    extractor.run(pkg.path, out);
    baselineRuns.push(Number(process.hrtime.bigint() - started) / 1e9);
    rmSync(out, { recursive: true, force: true });
  }
  const baselineSeconds = Math.min(...baselineRuns);

  const server = await startServerProcess({
    DATABASE_URL: `sqlite:${join(dataDir, 'scorm.sqlite')}`,
    SCORM_DATA_DIR: dataDir,
    SCORM_ADMIN_TOKEN: TOKEN,
    ...(process.env.UV_THREADPOOL_SIZE ? { UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE } : {}),
    SCORM_MAX_UPLOAD_MB: String(Math.max(500, Math.ceil((pkg.zipBytes / MB) * 2))),
    ...(values.concurrency ? { SCORM_WORKER_CONCURRENCY: values.concurrency } : {}),
  }, 30_000, process.env.BENCH_SERVER_FLAGS ? process.env.BENCH_SERVER_FLAGS.split(' ') : []);
  stopServer = () => server.stop();
  const pid = server.child.pid!;
  const idle = memoryOf(pid);
  let peakSampled = idle?.rss ?? 0;
  let uploading = true;
  let peakUpload = 0;
  const sampler = setInterval(() => {
    const rss = memoryOf(pid)?.rss ?? 0;
    peakSampled = Math.max(peakSampled, rss);
    if (uploading) peakUpload = Math.max(peakUpload, rss);
  }, 25);

  const auth = { authorization: `Bearer ${TOKEN}` };
  const startedAt = Date.now();
  const started = process.hrtime.bigint();
  const res = await fetch(`${server.url}/api/v1/packages`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/zip' },
    body: Readable.toWeb(createReadStream(pkg.path)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const answer = (await res.json()) as { job_id?: string };
  if (res.status !== 202 || !answer.job_id) throw new Error(`upload answered ${res.status}: ${JSON.stringify(answer)}`);
  const uploaded = Number(process.hrtime.bigint() - started) / 1e9;
  uploading = false;
  // Polled slowly so the bench does not load the server; the end time is the job's own
  // updated_at, which the server sets in the transaction that completes it (same clock).
  let job: Record<string, any>;
  for (;;) {
    job = (await (await fetch(`${server.url}/api/v1/jobs/${answer.job_id}`, { headers: auth })).json()) as Record<string, any>;
    if (['completed', 'failed', 'cancelled'].includes(job.status)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const serverSeconds = (Date.parse(job.updated_at) - startedAt) / 1000;
  clearInterval(sampler);
  const memory = memoryOf(pid);
  if (job.status !== 'completed') throw new Error(`the import ended ${job.status}: ${JSON.stringify(job.error)}`);
  if (job.files_done !== pkg.files.length) throw new Error(`stored ${job.files_done} of ${pkg.files.length} files`);

  const contentMb = pkg.contentBytes / MB;
  const serverRate = contentMb / serverSeconds;
  const baselineRate = contentMb / baselineSeconds;
  const peak = Math.max(memory?.hwm ?? 0, peakSampled);
  const ratio = serverRate / baselineRate;
  console.log('');
  console.log(`content ${contentMb.toFixed(1)} MB in ${pkg.files.length} files (zip ${(pkg.zipBytes / MB).toFixed(1)} MB), same disk (${work})`);
  console.log(`  server  upload → completed  ${serverSeconds.toFixed(2)} s  ${serverRate.toFixed(1)} MB/s  (upload ${uploaded.toFixed(2)} s, import ${(serverSeconds - uploaded).toFixed(2)} s)`);
  console.log(`  ${extractor.name.padEnd(22)} ${baselineSeconds.toFixed(2)} s  ${baselineRate.toFixed(1)} MB/s  (best of ${baselineRuns.map((s) => s.toFixed(2)).join(', ')} s)`);
  console.log(`  ratio server / ${extractor.name.split(' ')[0]}: ${ratio.toFixed(2)}  (aim ≥ 0.80)`);
  console.log(
    `  server peak RSS ${(peak / MB).toFixed(0)} MB (VmHWM ${((memory?.hwm ?? 0) / MB).toFixed(0)} MB, idle ${((idle?.rss ?? 0) / MB).toFixed(0)} MB, ` +
      `upload ${(peakUpload / MB).toFixed(0)} MB)  (aim < 150 MB)`,
  );
  console.log(`  machine load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  process.exitCode = ratio >= 0.8 && peak < 150 * MB ? 0 : 1;
} finally {
  await stopServer?.();
  if (existsSync(work)) rmSync(work, { recursive: true, force: true });
}
