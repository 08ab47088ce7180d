// Commits per second through the real HTTP commit endpoint against MariaDB, with 50 simulated
// learners committing concurrently (p50/p99 latency, and the server's CPU per commit), next to
// plain single-row knex upserts at the same concurrency as the ceiling, measured in the same run.
// Beside the server's CPU per commit it prints the load generator's (this process) and MariaDB's
// (the whole mariadbd: other work on the same server counts too), since all three share the
// machine's cores. The learners send over a minimal keep-alive HTTP/1.1 client (lib/lean-http.ts;
// `--node-client` for node:http's, which costs the load generator about three times as much).
// After them come the machine's ceilings for the same load generator, body and learners: a bare
// node:http server and the product's Koa stack up to the commit route, both without the database
// (lib/ceiling-server.ts, a bench-only process), and the cores each process took in the closed
// loop, so what is reachable here can be told from what the commit path costs.
// Needs MariaDB on 127.0.0.1:3306 (BENCH_DATABASE_URL).
//   node --import tsx bench/runtime-commits.ts [--learners 50] [--seconds 10] [--node-client] [--closed-only | --offered <rate>]
//   BENCH_SERVER_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" passes node flags to the server.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argv, env } from 'node:process';
import knex from 'knex';
import { fixturePath } from '../test/helpers/fixtures.ts';
import { startServerProcess } from '../test/helpers/server-process.ts';
import { cpuSeconds, machineBusySeconds, mariadbPid } from './lib/proc-stats.ts';
import { loadavg } from 'node:os';
import { numberArg, percentile, post, runFor } from './lib/http-load.ts';
import { leanConnection } from './lib/lean-http.ts';

const arg = numberArg;
const LEARNERS = arg('learners', 50);
const SECONDS = arg('seconds', 10);
const BASE_URL = new URL(env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/');
const ADMIN = 'bench-admin-token-0123456789';
const NODE_CLIENT = argv.includes('--node-client');
const CLOSED_ONLY = argv.includes('--closed-only');



/** CPU seconds so far of the server, this load generator, MariaDB and the whole machine (busy). */
interface CpuMark { server: number; client: number; mariadb: number; machine: number }

function report(label: string, latencies: number[], seconds: number, cpu?: CpuMark) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const perCommit = (s: number) => ((s * 1000) / latencies.length).toFixed(2);
  console.log(
    `${label.padEnd(34)} ${String(Math.round(latencies.length / seconds)).padStart(6)} /s   p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms   p99 ${percentile(sorted, 99).toFixed(1).padStart(6)} ms   (${latencies.length} in ${seconds.toFixed(1)} s)` +
      (cpu === undefined ? '' : `   CPU ms per commit: server ${perCommit(cpu.server)}, load generator ${perCommit(cpu.client)}, MariaDB ${perCommit(cpu.mariadb)}`),
  );
}

/** Where the machine's cores went in a phase: each process's share, and what no process of the bench took. */
function coresLine(label: string, seconds: number, cpu: CpuMark, count: number) {
  const cores = (s: number) => (s / seconds).toFixed(2);
  const perThousand = (s: number) => ((s * 1000) / count).toFixed(2);
  const rest = cpu.machine - cpu.server - cpu.client - cpu.mariadb;
  console.log(
    `  ${label}: cores busy ${cores(cpu.machine)} of 2: server ${cores(cpu.server)}, load generator ${cores(cpu.client)}, MariaDB ${cores(cpu.mariadb)}, the rest (kernel, other work) ${cores(rest)}` +
      `; CPU s per 1,000: server ${perThousand(cpu.server)}, load generator ${perThousand(cpu.client)}, MariaDB ${perThousand(cpu.mariadb)}, rest ${perThousand(rest)}`,
  );
}


// The server runs as its own process (as in production), so the load generator does not share
// its event loop; both still share this machine's two cores.
const database = `scorm_bench_${randomBytes(4).toString('hex')}`;
const dbUrl = new URL(BASE_URL);
dbUrl.pathname = `/${database}`;
const dataDir = mkdtempSync(join(tmpdir(), 'scorm-bench-'));
// The commit rate limit (50/s per registration, burst 500) would refuse a closed loop above
// 2,500/s within seconds: raised here, the limiter still runs on every commit.
const server = await startServerProcess({ DATABASE_URL: dbUrl.toString(), SCORM_DATA_DIR: dataDir, SCORM_ADMIN_TOKEN: ADMIN, SCORM_COMMIT_RATE: '1000000', SCORM_COMMIT_BURST: '1000000' }, 30_000, env.BENCH_SERVER_FLAGS ? env.BENCH_SERVER_FLAGS.split(' ') : []);
const admin = (path: string, init: RequestInit = {}) => fetch(server.url + path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${ADMIN}` } });
const adminUrl = new URL(BASE_URL);
adminUrl.pathname = '/';
const connections: Array<{ close(): void }> = [];
const db = knex({ client: 'mysql2', connection: { uri: dbUrl.toString() } as never, pool: { min: 0, max: LEARNERS } });
try {
  const upload = await admin('/api/v1/packages?wait=true', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: readFileSync(fixturePath('golf-runtime-basic-2004-3rd')) });
  const pkg = (await upload.json()) as { id: string };
  const learners: Array<{ send: (body: string) => Promise<{ status: number; text: string }>; path: string; session: string; sequence: number }> = [];
  /** Points every learner at `origin` (the server, or a ceiling), over connections of its own. */
  const sendTo = (origin: string) => {
    for (const learner of learners) {
      const connection = leanConnection(origin);
      connections.push(connection);
      const path = learner.path;
      learner.send = NODE_CLIENT ? (body: string) => post(origin + path, body) : (body: string) => connection.post(path, body);
    }
  };
  for (let i = 0; i < LEARNERS; i++) {
    const res = await admin('/api/v1/registrations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: `bench-${i}`, package_id: pkg.id, learner: { id: `learner-${i}`, name: `Learner ${i}` } }),
    });
    const reg = (await res.json()) as { launch_url: string };
    const token = new URL(reg.launch_url, server.url).searchParams.get('token')!;
    const open = await fetch(`${server.deliveryUrl}/runtime/bench-${i}/attempts?token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ item: 'item_1' }) });
    const { session_id } = (await open.json()) as { session_id: string };
    const path = `/runtime/bench-${i}/commit?token=${token}`;
    learners.push({ send: () => Promise.reject(new Error('not connected')), path, session: session_id, sequence: 0 });
  }
  sendTo(server.deliveryUrl);

  console.log(`commit benchmark: ${LEARNERS} concurrent learners, ${SECONDS} s each, MariaDB, SCORM 2004 SCO, server in its own process, load generator on ${NODE_CLIENT ? "node:http's client" : 'a minimal keep-alive client'}`);
  // A typical auto-commit: location, progress, score and a bit of suspend data.
  const commitOnce = async (worker: number, n: number) => {
    const learner = learners[worker]!;
    learner.sequence += 1;
    const { status, text } = await learner.send(JSON.stringify({
        session_id: learner.session,
        sequence: learner.sequence,
        item: 'item_1',
        attempt: 1,
        reason: 'autosave',
        changes: [
          ['cmi.location', `page-${n}`],
          ['cmi.progress_measure', String((n % 100) / 100)],
          ['cmi.score.scaled', String((n % 100) / 100)],
          ['cmi.suspend_data', `state:${n}:`.padEnd(512, 'x')],
        ],
      }));
    if (status !== 200) throw new Error(`commit answered ${status}: ${text}`);
  };
  const mariadb = mariadbPid(Number(BASE_URL.port || 3306));
  let serverPid = server.child.pid;
  const cpuNow = (): CpuMark => {
    const own = process.cpuUsage();
    return { server: cpuSeconds(serverPid), client: (own.user + own.system) / 1e6, mariadb: cpuSeconds(mariadb), machine: machineBusySeconds() };
  };
  const cpuSince = (mark: CpuMark): CpuMark => {
    const now = cpuNow();
    return { server: now.server - mark.server, client: now.client - mark.client, mariadb: now.mariadb - mark.mariadb, machine: now.machine - mark.machine };
  };
  console.log(`load average ${loadavg()[0]!.toFixed(1)} (the machine's cores: 2 here; figures are ratios against the same run)`);
  // Warm-up, not reported: the first seconds of a fresh process run cold code.
  await runFor(2, LEARNERS, commitOnce);
  let cpu0 = cpuNow();
  const commits = await runFor(SECONDS, LEARNERS, commitOnce);
  const commitsCpu = cpuSince(cpu0);
  report('HTTP commits, closed loop', commits.latencies, commits.elapsed, commitsCpu);
  coresLine('closed loop', commits.elapsed, commitsCpu, commits.latencies.length);
  const offered = numberArg('offered', 0);
  for (const rate of CLOSED_ONLY ? [] : offered > 0 ? [offered] : [250, 500, 1000, 2500]) {
    cpu0 = cpuNow();
    const paced = await runFor(SECONDS, LEARNERS, commitOnce, rate);
    report(`HTTP commits, offered ${rate}/s`, paced.latencies, paced.elapsed, cpuSince(cpu0));
  }


  // The ceilings: the same learners, bodies and tokens against a server without the database.
  for (const [mode, label] of [['bare', 'ceiling: bare node:http, 200'], ['koa', 'ceiling: Koa stack, no database']] as const) {
    const ceiling = await startServerProcess({}, 30_000, [], undefined, ['--import', 'tsx', 'bench/lib/ceiling-server.ts', mode, dataDir]);
    try {
      sendTo(ceiling.deliveryUrl);
      serverPid = ceiling.child.pid;
      await runFor(2, LEARNERS, commitOnce);
      cpu0 = cpuNow();
      const run = await runFor(SECONDS, LEARNERS, commitOnce);
      const cpu = cpuSince(cpu0);
      report(label, run.latencies, run.elapsed, cpu);
      coresLine(mode, run.elapsed, cpu, run.latencies.length);
    } finally {
      await ceiling.stop();
    }
  }

  await db.schema.createTable('bench_upserts', (tb) => {
    tb.string('id', 36).primary();
    tb.text('location');
    tb.integer('n');
  });
  const ids = Array.from({ length: LEARNERS }, () => randomUUID());
  const upserts = await runFor(SECONDS, LEARNERS, async (worker, n) => {
    await db('bench_upserts').insert({ id: ids[worker], location: `page-${n}`, n }).onConflict('id').merge();
  });
  report('ceiling: single-row knex upserts', upserts.latencies, upserts.elapsed);
  console.log(`ratio: commits reach ${((commits.latencies.length / commits.elapsed / (upserts.latencies.length / upserts.elapsed)) * 100).toFixed(0)} % of the plain upsert rate (load average ${loadavg()[0]!.toFixed(1)})`);
  console.log('aim (issue 15): closed loop at least half the upsert rate (5,000/s on a quiet 2-core machine) with p99 under 50 ms');
} finally {
  for (const connection of connections) connection.close();
  await server.stop();
  await db.raw('DROP DATABASE IF EXISTS ??', [database]);
  await db.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}
