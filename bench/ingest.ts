// Ingest benchmark: a synthetic SCORM package (default about 200 MB in 2,000 files, stored and
// deflated entries mixed) uploaded to a real server process (server/main.ts, SQLite, local
// storage) and timed from the first byte of the upload to the job completed (every file and
// folder fsynced by then, decision 0026), against `unzip -q` of the same zip on the same disk
// (which fsyncs nothing). Prints MB/s for both, their ratio, and the server's peak RSS, during the
// upload and during the import.
//
//   node --import tsx bench/ingest.ts [--mb 200 --files 2000 --rounds 3 --vs ../other-checkout --bundle --client curl --trace]
//
// --bundle runs each checkout's server as `npm start` does (its bundle, with the Node flags its
// scripts/build-server.ts names); without it, server/main.ts under tsx.
//
// Each round times the baseline again, then the server (and, with --vs, the server of another
// checkout of this repository, in turn: A B, then B A), so every ratio is against an unzip of
// the same round: the page cache and the machine's load change between rounds.
//
// Aims (issue #15): at least 0.8 of unzip's throughput, peak RSS under 150 MB whatever the size
// (try --mb 1000).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { startServerProcess as StartServer } from '../test/helpers/server-process.ts';
import { buildSyntheticPackage } from '../test/helpers/synthetic-package.ts';
import { buildServer, SERVER_ENTRY, SERVER_NODE_FLAGS } from '../scripts/build-server.ts';

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '200' },
    files: { type: 'string', default: '2000' },
    concurrency: { type: 'string' },
    rounds: { type: 'string', default: '1' },
    vs: { type: 'string' },
    // This checkout's server as `npm start` runs it (build/server/start.cjs) instead of tsx.
    bundle: { type: 'boolean', default: false },
    // Where one round's wall time goes: the job's stages as the server's SQLite file shows them
    // (read every 5 ms from this process), the server's and this client's CPU per phase, and the
    // server's bytes read and written (/proc/<pid>/io).
    trace: { type: 'boolean', default: false },
    // The upload client: this process's fetch (default, as before), or curl, which costs the shared
    // 2 cores far less CPU (fetch over a web stream: about 2 s of CPU per 121 MB here).
    client: { type: 'string', default: 'fetch' },
  },
});
const megabytes = Number(values.mb);
const fileCount = Number(values.files);
const MB = 1024 * 1024;
const TOKEN = 'bench-admin-token-0123456789';

/** User + system CPU seconds of a process so far (/proc/<pid>/stat, clock ticks of 1/100 s). */
function cpuOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** rchar/wchar (bytes through read/write calls) and read_bytes/write_bytes (to the disk) of a process. */
function ioOf(pid: number): Record<string, number> {
  try {
    return Object.fromEntries(readFileSync(`/proc/${pid}/io`, 'utf8').trim().split('\n').map((l) => { const [k, v] = l.split(': '); return [k!, Number(v)]; }));
  } catch {
    return {};
  }
}

/** Samples one job's stage from the server's SQLite file; prints when each stage was first seen. */
async function traceJob(dbFile: string, pid: number, startedAt: bigint) {
  const { default: Database } = (await import('better-sqlite3')) as { default: new (f: string, o: object) => { prepare(q: string): { get(): any } } };
  let db: ReturnType<typeof Object> | undefined;
  const marks: { what: string; at: number; cpu: number; io: Record<string, number> }[] = [];
  let last = '';
  const mark = (what: string) => marks.push({ what, at: Number(process.hrtime.bigint() - startedAt) / 1e9, cpu: cpuOf(pid), io: ioOf(pid) });
  mark('upload starts');
  const timer = setInterval(() => {
    try {
      db ??= new Database(dbFile, { readonly: true, fileMustExist: true });
      const row = (db as any).prepare('select status, stage from import_jobs order by created_at desc limit 1').get();
      const now = row ? `${row.status}/${row.stage}` : '';
      if (row && now !== last) { last = now; mark(now); }
    } catch { /* not migrated yet, or busy */ }
  }, 5);
  return {
    mark,
    end() {
      clearInterval(timer);
      const first = marks[0]!;
      console.log('    trace (s since upload start; server CPU s and disk/syscall MB in the step before each mark):');
      let prev = first;
      for (const m of marks.slice(1)) {
        const d = (k: string) => (((m.io[k] ?? 0) - (prev.io[k] ?? 0)) / MB).toFixed(0);
        console.log(`      ${m.at.toFixed(3).padStart(7)}  ${m.what.padEnd(24)} +${(m.at - prev.at).toFixed(3)} s  server CPU ${(m.cpu - prev.cpu).toFixed(2)} s  rchar ${d('rchar')} wchar ${d('wchar')} read_bytes ${d('read_bytes')} write_bytes ${d('write_bytes')} MB`);
        prev = m;
      }
    },
  };
}

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

interface ServerRun {
  seconds: number;
  uploaded: number;
  peak: number;
  idle: number;
  peakUpload: number;
  hwm: number;
  /** CPU seconds the server spent from the upload's start to the job completed: less noisy than wall time on a busy machine. */
  cpu: number;
}

/** One upload → completed of `zip` through a fresh server process of the checkout at `root`. */
async function ingestOnce(root: string, zip: string, zipBytes: number, expectedFiles: number, dataDir: string, entry?: string[]): Promise<ServerRun> {
  // The checkout's own helper: it starts that checkout's server the way its tests do.
  const { startServerProcess } = (await import(pathToFileURL(join(root, 'test/helpers/server-process.ts')).href)) as { startServerProcess: typeof StartServer };
  const server = await startServerProcess({
    DATABASE_URL: `sqlite:${join(dataDir, 'scorm.sqlite')}`,
    SCORM_DATA_DIR: dataDir,
    SCORM_ADMIN_TOKEN: TOKEN,
    ...(process.env.UV_THREADPOOL_SIZE ? { UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE } : {}),
    SCORM_MAX_UPLOAD_MB: String(Math.max(500, Math.ceil((zipBytes / MB) * 2))),
    ...(values.concurrency ? { SCORM_WORKER_CONCURRENCY: values.concurrency } : {}),
    // Extra variables for the server (e.g. MALLOC_ARENA_MAX=2), space-separated NAME=value pairs.
    ...Object.fromEntries((process.env.BENCH_SERVER_ENV ?? '').split(' ').filter(Boolean).map((pair) => pair.split('=') as [string, string])),
  }, 30_000, process.env.BENCH_SERVER_FLAGS ? process.env.BENCH_SERVER_FLAGS.split(' ') : [], undefined, entry);
  try {
    const pid = server.child.pid!;
    const idle = memoryOf(pid)?.rss ?? 0;
    let peakSampled = idle;
    let uploading = true;
    let peakUpload = 0;
    const sampler = setInterval(() => {
      const rss = memoryOf(pid)?.rss ?? 0;
      peakSampled = Math.max(peakSampled, rss);
      if (uploading) peakUpload = Math.max(peakUpload, rss);
    }, 25);

    const auth = { authorization: `Bearer ${TOKEN}` };
    const cpuBefore = cpuOf(pid);
    const startedAt = Date.now();
    const started = process.hrtime.bigint();
    const clientCpu = process.cpuUsage();
    const trace = values.trace ? await traceJob(join(dataDir, 'scorm.sqlite'), pid, started) : undefined;
    let status: number;
    let answer: { job_id?: string };
    if (values.client === 'curl') {
      const curl = spawn('curl', ['-s', '-w', '\n%{http_code}', '-H', `authorization: ${auth.authorization}`, '-H', 'content-type: application/zip', '--data-binary', `@${zip}`, `${server.url}/api/v1/packages`], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      curl.stdout.on('data', (c: Buffer) => (out += c));
      await new Promise((r) => curl.on('exit', r));
      const lines = out.trim().split('\n');
      status = Number(lines.pop());
      answer = JSON.parse(lines.join('\n') || '{}') as { job_id?: string };
    } else {
      const res = await fetch(`${server.url}/api/v1/packages`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/zip' },
        body: Readable.toWeb(createReadStream(zip)) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      status = res.status;
      answer = (await res.json()) as { job_id?: string };
    }
    if (status !== 202 || !answer.job_id) throw new Error(`upload answered ${status}: ${JSON.stringify(answer)}`);
    const uploaded = Number(process.hrtime.bigint() - started) / 1e9;
    uploading = false;
    trace?.mark('upload answered 202');
    const client = process.cpuUsage(clientCpu);
    if (values.trace) console.log(`    client (this process) CPU during the upload: ${((client.user + client.system) / 1e6).toFixed(2)} s (user ${(client.user / 1e6).toFixed(2)}, system ${(client.system / 1e6).toFixed(2)})`);
    // Polled slowly so the bench does not load the server; the end time is the job's own
    // updated_at, which the server sets in the transaction that completes it (same clock).
    let job: Record<string, any>;
    for (;;) {
      job = (await (await fetch(`${server.url}/api/v1/jobs/${answer.job_id}`, { headers: auth })).json()) as Record<string, any>;
      if (['completed', 'failed', 'cancelled'].includes(job.status)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    clearInterval(sampler);
    trace?.mark('job seen completed');
    trace?.end();
    const cpu = cpuOf(pid) - cpuBefore;
    const hwm = memoryOf(pid)?.hwm ?? 0;
    if (job.status !== 'completed') throw new Error(`the import ended ${job.status}: ${JSON.stringify(job.error)}`);
    if (job.files_done !== expectedFiles) throw new Error(`stored ${job.files_done} of ${expectedFiles} files`);
    return { seconds: (Date.parse(job.updated_at) - startedAt) / 1000, uploaded, peak: Math.max(hwm, peakSampled), idle, peakUpload, hwm, cpu };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const work = mkdtempSync(join(tmpdir(), 'scorm-bench-ingest-'));
const here = resolve(import.meta.dirname, '..');
const checkouts: { name: string; root: string; entry?: string[] }[] = [
  { name: 'this', root: here, ...(values.bundle ? { entry: [...SERVER_NODE_FLAGS, SERVER_ENTRY] } : {}) },
  ...(values.vs ? [{ name: 'vs', root: resolve(values.vs) }] : []),
];

/** With --bundle, the other checkout runs its own bundle too, with the Node flags it names (if any). */
async function bundleOther(checkout: (typeof checkouts)[number]): Promise<void> {
  const script = (await import(pathToFileURL(join(checkout.root, 'scripts/build-server.ts')).href)) as { buildServer(): Promise<void>; SERVER_ENTRY: string; SERVER_NODE_FLAGS?: string[] };
  await script.buildServer();
  checkout.entry = [...(script.SERVER_NODE_FLAGS ?? []), script.SERVER_ENTRY];
}
try {
  console.log(`building a synthetic package: ${megabytes} MB in ${fileCount} files ...`);
  const built = Date.now();
  const pkg = await buildSyntheticPackage({ files: fileCount, bytes: megabytes * MB, dir: work, title: 'Ingest bench' });
  const stored = pkg.files.filter((f) => f.stored).length;
  console.log(
    `  ${pkg.path}: zip ${(pkg.zipBytes / MB).toFixed(1)} MB, content ${(pkg.contentBytes / MB).toFixed(1)} MB, ` +
      `${stored} stored + ${pkg.files.length - stored} deflated entries (${((Date.now() - built) / 1000).toFixed(1)} s)`,
  );
  if (values.bundle) await buildServer();
  if (values.bundle && values.vs) await bundleOther(checkouts[1]!);
  const how = (c: (typeof checkouts)[number]) => (c.entry ? `node ${c.entry.map((a) => a.replace(c.root + '/', '')).join(' ')}` : 'server/main.ts under tsx');
  console.log(checkouts.map((c) => `  ${c.name}: ${c.root}: ${how(c)}`).join('\n'));
  if (process.env.UV_THREADPOOL_SIZE) console.log(`  UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE} given to every server`);
  const extractor = baseline();
  const unzipOnce = () => {
    const out = join(work, 'unzipped');
    const started = process.hrtime.bigint();
    extractor.run(pkg.path, out);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    rmSync(out, { recursive: true, force: true });
    return seconds;
  };
  // Once untimed: the first run also reads the zip into the page cache, which every later
  // reader (the server's upload included) then finds there.
  const cold = unzipOnce();
  const contentMb = pkg.contentBytes / MB;
  const results = new Map<string, { ratios: number[]; peaks: number[] }>(checkouts.map((c) => [c.name, { ratios: [], peaks: [] }]));
  let exit = 0;
  for (let round = 0; round < Number(values.rounds); round++) {
    const unzipBefore = unzipOnce();
    const order = round % 2 === 0 ? checkouts : [...checkouts].reverse();
    const runs = new Map<string, ServerRun>();
    for (const checkout of order) {
      runs.set(checkout.name, await ingestOnce(checkout.root, pkg.path, pkg.zipBytes, pkg.files.length, join(work, `data-${round}-${checkout.name}`), checkout.entry));
    }
    const unzipAfter = unzipOnce();
    const unzip = Math.min(unzipBefore, unzipAfter);
    console.log(`\nround ${round + 1}: ${extractor.name} ${unzipBefore.toFixed(2)} s before the servers, ${unzipAfter.toFixed(2)} s after (first, uncounted: ${cold.toFixed(2)} s); ratios against the faster`);
    for (const checkout of checkouts) {
      const r = runs.get(checkout.name)!;
      const ratio = unzip / r.seconds;
      results.get(checkout.name)!.ratios.push(ratio);
      results.get(checkout.name)!.peaks.push(r.peak);
      console.log(
        `  ${checkout.name.padEnd(5)} upload → completed ${r.seconds.toFixed(2)} s ${(contentMb / r.seconds).toFixed(1)} MB/s (upload ${r.uploaded.toFixed(2)} s, import ${(r.seconds - r.uploaded).toFixed(2)} s, server CPU ${r.cpu.toFixed(2)} s)` +
          `  ratio ${ratio.toFixed(2)}  peak RSS ${(r.peak / MB).toFixed(0)} MB (idle ${(r.idle / MB).toFixed(0)}, upload ${(r.peakUpload / MB).toFixed(0)}, VmHWM ${(r.hwm / MB).toFixed(0)})`,
      );
      if (checkout.name === 'this' && !(ratio >= 0.8 && r.peak < 150 * MB)) exit = 1;
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`\ncontent ${contentMb.toFixed(1)} MB in ${pkg.files.length} files (zip ${(pkg.zipBytes / MB).toFixed(1)} MB), same disk (${work})`);
  for (const [name, r] of results) {
    console.log(`  ${name.padEnd(5)} ratio ${extractor.name.split(' ')[0]} / server: median ${median(r.ratios).toFixed(2)} (${r.ratios.map((x) => x.toFixed(2)).join(', ')})  (aim ≥ 0.80); peak RSS median ${(median(r.peaks) / MB).toFixed(0)} MB (aim < 150 MB)`);
  }
  console.log(`  machine load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  process.exitCode = exit;
} finally {
  if (existsSync(work)) rmSync(work, { recursive: true, force: true });
}
