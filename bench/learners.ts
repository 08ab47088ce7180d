// Simulated learners against a real server process on MariaDB (issue 15 item 4): N learners over
// HTTP keep-alive, arriving over a ramp, each committing every K seconds with 4 KB of
// suspend_data and two new interactions, terminating every few commits and relaunching. Prints,
// per N, offered and achieved commits/s, commit latency p50/p99/p99.9 (from the time the commit
// was due, so a slow server cannot hide its backlog), errors by code, and the server's CPU and
// RSS; first the plain single-row upsert rate of the same MariaDB as the baseline of the run.
// Then a timeline of the seconds with a commit over 500 ms (BENCH_SLOW_MS; BENCH_TIMELINE=all for
// every second) beside the server's loop delay, GC and pool waits, MariaDB's redo and checkpoint
// age, and the machine's load (bench/learners/stall-timeline.ts, decision 0040).
// Needs MariaDB on 127.0.0.1:3306 (BENCH_DATABASE_URL). Registrations are made through the
// product's store (the admin API makes one per call); every launch goes through the real HTTP flow.
//   node --import tsx bench/learners.ts [--learners 1000,10000,30000] [--interval 30]
//     [--ramp 15] [--seconds 30] [--workers 2] [--session-commits 3] [--max-sockets 500]
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { env } from 'node:process';
import knex from 'knex';
import { createTokenSigner } from '../server/core/signed-token.ts';
import type { Origins } from '../server/core/origins.ts';
import { createSqlRegistrationStore } from '../server/db/sql-registration-store.ts';
import { launchUrl } from '../server/http/registrations-routes.ts';
import { fixturePath } from '../test/helpers/fixtures.ts';
import { startServerProcess, type ServerProcess } from '../test/helpers/server-process.ts';
import type { LearnerSlice, SliceResult } from './learners/simulated-learners.ts';
import { mergeTimelines, printTimeline, readProbe, sampleEverySecond } from './learners/stall-timeline.ts';
import { cpuSeconds, mariadbPid, memoryMb, openFilesLimit } from './lib/proc-stats.ts';
import { numberArg, percentile, stringArg } from './lib/http-load.ts';

const COUNTS = stringArg('learners', '1000,10000,30000').split(',').map(Number);
const INTERVAL_S = numberArg('interval', 30);
const RAMP_S = numberArg('ramp', 15);
const STEADY_S = numberArg('seconds', 30);
const WORKERS = numberArg('workers', 2);
const SESSION_COMMITS = numberArg('session-commits', 3);
// Enough that sockets are never what limits the load, even at seconds of latency.
const MAX_SOCKETS = numberArg('max-sockets', 500);
const BASE_URL = new URL(env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/');
const ADMIN = 'bench-admin-token-0123456789';
const SECRET = randomBytes(32).toString('base64url');

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 100 ? 1 : 0) : '-');

const database = `scorm_bench_${randomBytes(4).toString('hex')}`;
const dbUrl = new URL(BASE_URL);
dbUrl.pathname = `/${database}`;
const dataDir = mkdtempSync(join(tmpdir(), 'scorm-bench-'));
const probeFile = join(dataDir, 'server-probe.jsonl');
// SCORM_* variables of the bench's environment reach the server (SCORM_COMMIT_RATE=…).
const passed = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[0].startsWith('SCORM_') && e[1] !== undefined));
const serverEnv = { ...passed, DATABASE_URL: dbUrl.toString(), SCORM_DATA_DIR: dataDir, SCORM_ADMIN_TOKEN: ADMIN, SCORM_SECRET: SECRET, BENCH_PROBE_FILE: probeFile };
// The probe (bench/lib/server-probe.mjs) writes the server's loop delay, GC and pool waits each
// second. BENCH_SERVER_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
const serverFlags = ['--import', resolve(import.meta.dirname, 'lib/server-probe.mjs'), ...(env.BENCH_SERVER_FLAGS ? env.BENCH_SERVER_FLAGS.split(' ') : [])];
const startServer = () => {
  rmSync(probeFile, { force: true });
  return startServerProcess(serverEnv, 60_000, serverFlags);
};
let server: ServerProcess = await startServer();
const db = knex({ client: 'mysql2', connection: { uri: dbUrl.toString() } as never, pool: { min: 0, max: 50 } });
const mariadb = mariadbPid(Number(BASE_URL.port || 3306));

/** The baseline of the run: single-row knex upserts from this process, 50 at a time. */
async function upsertCeiling(seconds: number): Promise<number> {
  await db.schema.createTable('bench_upserts', (tb) => {
    tb.string('id', 36).primary();
    tb.text('location');
    tb.integer('n');
  });
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      const id = randomUUID();
      for (let n = 0; performance.now() < deadline; n++, done++) await db('bench_upserts').insert({ id, location: `page-${n}`, n }).onConflict('id').merge();
    }),
  );
  await db.schema.dropTable('bench_upserts');
  return done / seconds;
}

async function runPhase(learners: Array<{ id: string; token: string }>, ceiling: number) {
  const n = learners.length;
  const children: ChildProcess[] = [];
  const results: Promise<SliceResult>[] = [];
  for (let w = 0; w < WORKERS; w++) {
    const child = fork(resolve(import.meta.dirname, 'learners/simulated-learners.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.push(child);
    results.push(
      new Promise<SliceResult>((res, rej) => {
        child.on('message', (m: { result?: SliceResult; error?: string }) => (m.result ? res(m.result) : m.error ? rej(new Error(m.error)) : undefined));
        child.once('exit', (code) => code !== 0 && rej(new Error(`load process exited with ${code}`)));
      }),
    );
  }
  await Promise.all(children.map((c) => new Promise((r) => c.once('message', r))));
  const t0 = Date.now() + 1000;
  children.forEach((child, w) => {
    const slice: LearnerSlice = {
      deliveryUrl: server.deliveryUrl,
      t0,
      rampMs: RAMP_S * 1000,
      steadyMs: STEADY_S * 1000,
      intervalMs: INTERVAL_S * 1000,
      commitsPerSession: SESSION_COMMITS,
      total: n,
      maxSockets: MAX_SOCKETS,
      learners: learners.map((l, index) => ({ index, ...l })).filter((l) => l.index % WORKERS === w),
    };
    child.send({ slice });
  });
  const pid = server.child.pid;
  const sampler = sampleEverySecond(db, t0);
  // CPU and memory over the steady window only.
  await new Promise((r) => setTimeout(r, t0 + RAMP_S * 1000 - Date.now()));
  const cpu0 = [cpuSeconds(pid), cpuSeconds(mariadb)];
  const load0 = loadavg()[0]!;
  let rssPeak = 0;
  const rssSampler = setInterval(() => (rssPeak = Math.max(rssPeak, memoryMb(pid, 'VmRSS'))), 1000);
  await new Promise((r) => setTimeout(r, STEADY_S * 1000));
  clearInterval(rssSampler);
  const cpu1 = [cpuSeconds(pid), cpuSeconds(mariadb)];
  const load1 = loadavg()[0]!;
  const slices = await Promise.all(results);
  const sampled = sampler.stop();

  const latencies = slices.flatMap((s) => s.commits).sort((a, b) => a - b);
  const launches = slices.flatMap((s) => s.launches).sort((a, b) => a - b);
  const offered = slices.reduce((a, s) => a + s.offered, 0) / STEADY_S;
  const achieved = slices.reduce((a, s) => a + s.answered, 0) / STEADY_S;
  const errors: Record<string, number> = {};
  for (const s of slices) for (const [k, v] of Object.entries(s.errors)) errors[k] = (errors[k] ?? 0) + v;
  const serverCpu = ((cpu1[0]! - cpu0[0]!) / STEADY_S) * 100;
  const dbCpu = ((cpu1[1]! - cpu0[1]!) / STEADY_S) * 100;
  console.log(
    `${String(n).padStart(6)} learners  offered ${offered.toFixed(0).padStart(5)}/s  achieved ${achieved.toFixed(0).padStart(5)}/s (${((achieved / ceiling) * 100).toFixed(0)} % of the upsert ceiling)` +
      `  commit p50 ${ms(percentile(latencies, 50))}  p99 ${ms(percentile(latencies, 99))}  p99.9 ${ms(percentile(latencies, 99.9))} ms` +
      // Launches are counted in the steady window only. A learner launches again after
      // --session-commits commits --interval apart, so a window shorter than that may hold none.
      (launches.length > 0
        ? `  launch+open p99 ${ms(percentile(launches, 99))} ms (${launches.length} launches)`
        : `  launch+open: no launch in the steady window (a learner launches every ${SESSION_COMMITS} × ${INTERVAL_S} s; the first ones fell in the ramp)`),
  );
  console.log(
    `${''.padStart(15)}server CPU ${serverCpu.toFixed(0)} % of a core (${(((cpu1[0]! - cpu0[0]!) * 1000) / Math.max(1, achieved * STEADY_S)).toFixed(2)} ms per commit answered, launches included), RSS peak ${rssPeak.toFixed(0)} MB, high-water ${memoryMb(pid, 'VmHWM').toFixed(0)} MB;` +
      ` MariaDB CPU ${dbCpu.toFixed(0)} %; load average ${load0.toFixed(1)} → ${load1.toFixed(1)}`,
  );
  // BENCH_DEBUG=1: the server's own request times (its request log), to tell a slow server from
  // a slow load process; from the last ~100 KB of log the harness keeps, so the latest requests.
  if (env.BENCH_DEBUG) {
    const byPath = new Map<string, number[]>();
    for (const line of server.output().split('\n')) {
      if (!line.includes('"message":"request"')) continue;
      try {
        const r = JSON.parse(line) as { method: string; path: string; ms: number };
        const key = `${r.method} ${r.path.replace(/\/runtime\/[^/]+/, '/runtime/:id')}`;
        byPath.set(key, [...(byPath.get(key) ?? []), r.ms]);
      } catch {}
    }
    for (const [key, list] of byPath) console.log(`  server-side ${key}: n ${list.length} p50 ${ms(percentile(list.sort((a, b) => a - b), 50))} p99 ${ms(percentile(list, 99))} ms`);
  }
  printTimeline(mergeTimelines(slices.map((s) => s.timeline)), readProbe(probeFile, t0), sampled, Number(env.BENCH_SLOW_MS ?? 500), env.BENCH_TIMELINE === 'all');
  const errorList = Object.entries(errors).sort((a, b) => b[1] - a[1]);
  console.log(`${''.padStart(15)}errors: ${errorList.length === 0 ? 'none' : errorList.map(([k, v]) => `${k} ×${v}`).join(', ')}`);
}

try {
  const upload = await fetch(server.url + '/api/v1/packages?wait=true', { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/zip' }, body: readFileSync(fixturePath('golf-runtime-basic-2004-3rd')) });
  const pkg = (await upload.json()) as { id: string };
  // Registrations straight through the product's own store (the admin API makes one per
  // call); every learner then launches through the real HTTP flow with a real launch token.
  const most = Math.max(...COUNTS);
  const current = (await db('packages').where({ id: pkg.id }).first('current_content_id', 'current_version')) as { current_content_id: string; current_version: number };
  const store = createSqlRegistrationStore(db);
  const signer = createTokenSigner(SECRET);
  const origins = { deliveryFor: () => server.deliveryUrl } as unknown as Origins;
  const learners: Array<{ id: string; token: string }> = [];
  const made = performance.now();
  for (let i = 0; i < most; i += 200) {
    const chunk = await Promise.all(
      Array.from({ length: Math.min(200, most - i) }, (_, k) => store.createOrFind({ id: `bench-${i + k}`, packageId: pkg.id, contentId: current.current_content_id, versionNumber: Number(current.current_version), onNewVersion: null, learner: { id: `learner-${i + k}`, name: `Learner ${i + k}` }, commentsFromLms: [] })),
    );
    for (const { record } of chunk) learners.push({ id: record.id, token: new URL(launchUrl(signer, origins, record)).searchParams.get('token')! });
  }
  console.log(`${most} registrations made in ${((performance.now() - made) / 1000).toFixed(1)} s`);
  const ceiling = await upsertCeiling(5);
  console.log(
    `learner simulator: commit every ${INTERVAL_S} s (4 KB suspend_data, 2 new interactions), terminate and relaunch every ${SESSION_COMMITS} commits, ramp ${RAMP_S} s, measured over ${STEADY_S} s; ` +
      `${WORKERS} load processes × ${MAX_SOCKETS} keep-alive sockets; server open-files limit ${openFilesLimit(server.child.pid)}; MariaDB, server in its own process`,
  );
  console.log(`baseline: plain single-row knex upserts, 50 at a time: ${ceiling.toFixed(0)}/s`);
  // What bounds MariaDB's writes: the redo log (its checkpoint age may not pass ~80 % of it) and
  // the buffer pool the dirty pages live in until flushed.
  const [limits] = (await db.raw(
    "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('innodb_log_file_size', 'innodb_buffer_pool_size', 'innodb_io_capacity', 'innodb_flush_log_at_trx_commit')",
  )) as [Array<{ Variable_name: string; Value: string }>];
  console.log(`MariaDB: ${limits.map((v) => `${v.Variable_name} ${/size/.test(v.Variable_name) ? `${Math.round(Number(v.Value) / 1048576)} MB` : v.Value}`).join(', ')}`);
  for (const [i, n] of COUNTS.entries()) {
    // A fresh server process per N, so its RSS and CPU are that N's.
    if (i > 0) {
      await server.stop();
      server = await startServer();
    }
    await runPhase(learners.slice(0, n), ceiling);
  }
  console.log('aim (issue 15): 30,000 learners committing every 30 s with commit p99 under 100 ms and no error');
} finally {
  await server.stop();
  await db.raw('DROP DATABASE IF EXISTS ??', [database]);
  await db.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}
