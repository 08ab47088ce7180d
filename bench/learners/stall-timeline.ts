// The learners bench's timeline: per second of a run, the commits the load processes saw, the
// server's loop delay, GC and pool waits (bench/lib/server-probe.mjs), MariaDB's counters and the
// machine's CPU and I/O pressure, so that a second with slow commits shows what else was slow.
import { existsSync, readFileSync } from 'node:fs';
import type { Knex } from 'knex';
import { mariadbStatus } from '../lib/mariadb-status.ts';
import type { TimelineSecond } from './simulated-learners.ts';

interface DatabaseSecond {
  running: number;
  longestS: number;
  longest: string;
  redoKb: number;
  fsyncs: number;
  logWaits: number;
  rowLockWaits: number;
  pagesFlushed: number;
  dirtyPages: number;
  waitFree: number;
  checkpointAge: number;
}

interface MachineSecond {
  busyPct: number;
  iowaitPct: number;
  ioPressureMs: number;
}

const STATUS = [
  'Innodb_lsn_current',
  'Innodb_data_fsyncs',
  'Innodb_log_waits',
  'Innodb_row_lock_waits',
  'Innodb_buffer_pool_pages_flushed',
  'Innodb_buffer_pool_pages_dirty',
  'Innodb_buffer_pool_wait_free',
  'Innodb_checkpoint_age',
];

function cpuTicks(): number[] {
  return readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
}

function ioStallUs(): number {
  try {
    return Number(/some .*total=(\d+)/.exec(readFileSync('/proc/pressure/io', 'utf8'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

/** Samples MariaDB and the machine once a second until stopped. */
export function sampleEverySecond(db: Knex, t0: number) {
  const database: Record<number, DatabaseSecond> = {};
  const machine: Record<number, MachineSecond> = {};
  let previous: Record<string, number> | undefined;
  let ticks = cpuTicks();
  let io = ioStallUs();
  let busy = false;
  const timer = setInterval(() => {
    const second = Math.floor((Date.now() - t0) / 1000);
    const nowTicks = cpuTicks();
    const delta = nowTicks.map((v, i) => v - ticks[i]!);
    const total = delta.reduce((a, b) => a + b, 0) || 1;
    const nowIo = ioStallUs();
    machine[second] = { busyPct: Math.round(((total - delta[3]! - delta[4]!) / total) * 100), iowaitPct: Math.round((delta[4]! / total) * 100), ioPressureMs: Math.round((nowIo - io) / 1000) };
    ticks = nowTicks;
    io = nowIo;
    if (busy) return;
    busy = true;
    void (async () => {
      const values = await mariadbStatus(db, STATUS);
      const [active] = (await db.raw(
        "SELECT TIME_MS, LEFT(COALESCE(INFO, STATE, ''), 60) AS what FROM information_schema.PROCESSLIST WHERE COMMAND NOT IN ('Sleep', 'Daemon') AND DB = DATABASE() AND INFO NOT LIKE '%PROCESSLIST%' ORDER BY TIME_MS DESC",
      )) as [Array<{ TIME_MS: number; what: string }>];
      if (previous) {
        const d = (k: string) => (values[k] ?? 0) - (previous![k] ?? 0);
        database[second] = {
          running: active.length,
          longestS: Math.round(Number(active[0]?.TIME_MS ?? 0)) / 1000,
          longest: active[0]?.what.replace(/\s+/g, ' ') ?? '',
          redoKb: Math.round(d('Innodb_lsn_current') / 1024),
          fsyncs: d('Innodb_data_fsyncs'),
          logWaits: d('Innodb_log_waits'),
          rowLockWaits: d('Innodb_row_lock_waits'),
          pagesFlushed: d('Innodb_buffer_pool_pages_flushed'),
          dirtyPages: values.Innodb_buffer_pool_pages_dirty ?? 0,
          waitFree: d('Innodb_buffer_pool_wait_free'),
          checkpointAge: Math.round((values.Innodb_checkpoint_age ?? 0) / 1048576),
        };
      }
      previous = values;
    })()
      .catch(() => {})
      .finally(() => (busy = false));
  }, 1000);
  return {
    stop() {
      clearInterval(timer);
      return { database, machine };
    },
  };
}

interface ProbeLine {
  t: number;
  loopMaxMs: number;
  gc: { count: number; ms: number; maxMs: number; majorCount: number; majorMs: number; majorMaxMs: number };
  pool: { acquires: number; waitMaxMs: number; pendingMax: number; holdMaxMs?: number; heldMs?: number };
  heapUsedMb: number;
  rssMb: number;
}

export function readProbe(file: string, t0: number): Record<number, ProbeLine> {
  const bySecond: Record<number, ProbeLine> = {};
  if (!existsSync(file)) return bySecond;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const probe = JSON.parse(line) as ProbeLine;
    // A probe line covers the second before it was written.
    bySecond[Math.floor((probe.t - 1000 - t0) / 1000)] = probe;
  }
  return bySecond;
}

/** Merges the load processes' seconds. */
export function mergeTimelines(timelines: Array<Record<number, TimelineSecond>>): Record<number, TimelineSecond> {
  const merged: Record<number, TimelineSecond> = {};
  for (const timeline of timelines)
    for (const [k, s] of Object.entries(timeline)) {
      const m = (merged[Number(k)] ??= { commits: 0, maxMs: 0, over100: 0, over1000: 0, loadLoopMaxMs: 0, launches: 0, launchMaxMs: 0 });
      m.commits += s.commits;
      m.maxMs = Math.max(m.maxMs, s.maxMs);
      m.over100 += s.over100;
      m.over1000 += s.over1000;
      m.loadLoopMaxMs = Math.max(m.loadLoopMaxMs, s.loadLoopMaxMs);
      m.launches += s.launches;
      m.launchMaxMs = Math.max(m.launchMaxMs, s.launchMaxMs);
    }
  return merged;
}

/**
 * Prints the seconds where a commit took over `slowMs` (and the two before each), and a summary
 * of the server's GC over the whole run. BENCH_TIMELINE=all prints every second.
 */
export function printTimeline(
  sim: Record<number, TimelineSecond>,
  probe: Record<number, ProbeLine>,
  sampled: { database: Record<number, DatabaseSecond>; machine: Record<number, MachineSecond> },
  slowMs: number,
  all: boolean,
) {
  const seconds = Object.keys(sim).map(Number).sort((a, b) => a - b);
  const shown = new Set<number>();
  for (const s of seconds) if (all || sim[s]!.maxMs > slowMs) for (let k = s - 2; k <= s; k++) shown.add(k);
  console.log(
    `  timeline (s since t0; commits answered, slowest, >100 ms, >1 s | launches, slowest | load process loop max | server loop max, GC count/ms/max, major GC ms, pool acquires, wait max/pending, hold max/connection-seconds released, heap | MariaDB running, longest, redo KB, fsyncs, log waits, row-lock waits, pages flushed, dirty pages, free-page waits, checkpoint age MB | machine busy/iowait %, I/O pressure ms)`,
  );
  for (const s of [...shown].sort((a, b) => a - b)) {
    const c = sim[s];
    const p = probe[s];
    const d = sampled.database[s];
    const m = sampled.machine[s];
    console.log(
      `  ${String(s).padStart(4)}  ${c ? `${c.commits} ${c.maxMs} ${c.over100} ${c.over1000} | ${c.launches} ${c.launchMaxMs} | ${c.loadLoopMaxMs}` : '-'}` +
        ` | ${p ? `${p.loopMaxMs} ${p.gc.count}/${p.gc.ms}/${p.gc.maxMs} ${p.gc.majorMs} ${p.pool.acquires} ${p.pool.waitMaxMs}/${p.pool.pendingMax} ${p.pool.holdMaxMs ?? '-'}/${((p.pool.heldMs ?? 0) / 1000).toFixed(1)} ${p.heapUsedMb}MB` : '-'}` +
        ` | ${d ? `${d.running} ${d.longestS}s "${d.longest}" ${d.redoKb} ${d.fsyncs} ${d.logWaits} ${d.rowLockWaits} ${d.pagesFlushed} ${d.dirtyPages} ${d.waitFree} ${d.checkpointAge}` : '-'}` +
        ` | ${m ? `${m.busyPct}/${m.iowaitPct} ${m.ioPressureMs}` : '-'}`,
    );
  }
  const database = Object.values(sampled.database);
  if (database.length > 0)
    console.log(
      `  MariaDB over the run: checkpoint age max ${Math.max(...database.map((d) => d.checkpointAge))} MB, dirty pages max ${Math.max(...database.map((d) => d.dirtyPages))}, redo max ${Math.max(...database.map((d) => d.redoKb))} KB/s, row-lock waits ${database.reduce((a, d) => a + d.rowLockWaits, 0)}, log waits ${database.reduce((a, d) => a + d.logWaits, 0)}`,
    );
  const lines = Object.values(probe);
  if (lines.length > 0) {
    const majors = lines.reduce((a, l) => a + l.gc.majorCount, 0);
    const majorMax = Math.max(...lines.map((l) => l.gc.majorMaxMs));
    const gcMax = Math.max(...lines.map((l) => l.gc.maxMs));
    const loopMax = Math.max(...lines.map((l) => l.loopMaxMs));
    const heapMax = Math.max(...lines.map((l) => l.heapUsedMb));
    const poolMax = Math.max(...lines.map((l) => l.pool.waitMaxMs));
    const gcShare = lines.reduce((a, l) => a + l.gc.ms, 0) / (lines.length * 10);
    const pendingMax = Math.max(...lines.map((l) => l.pool.pendingMax));
    const busyMax = Math.max(...lines.map((l) => (l.pool.heldMs ?? 0) / 1000));
    console.log(
      `  server over the run: loop delay max ${loopMax} ms; GC ${gcShare.toFixed(1)} % of the time, longest pause ${gcMax} ms, ${majors} major GCs (longest ${majorMax} ms); heap used max ${heapMax} MB; pool wait max ${poolMax} ms, queue max ${pendingMax}, connection-seconds released in a second max ${busyMax.toFixed(1)} (MariaDB: global counters, shared with whatever else runs on it)`,
    );
  }
}
