// Report bench: GET /api/v1/packages/:id/report and /report.csv for 100,000 registrations with
// 10 interactions each, on MySQL/MariaDB (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
// mysql://root@127.0.0.1:3306/x; a fresh database, dropped afterwards). Prints the row counts,
// report times, then the CSV: its floor (a plain SELECT of the same registrations streamed to a
// discarding writer), the report's row stream alone, and the CSV over HTTP with its size and the
// server process's heap while it streams; times as ratios to the floor of the same run.
// Run: node --import tsx bench/report.ts [registrations] (BENCH_KEEP=1 keeps the seeded database
// for the next run)
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DatabaseConfig } from '../server/config.ts';
import { migrateToLatest, openDatabase } from '../server/db/connect.ts';
import { createReportStore } from '../server/db/report-store.ts';
import type { TestDatabase } from '../test/helpers/databases.ts';
import { buildPackageZip } from '../test/console/package-zips.ts';
import { startTestApp } from '../test/helpers/test-app.ts';
import { uploadZip } from '../test/helpers/uploads.ts';
import { insertSeedRows, seedRows, type SeedRegistration } from '../test/reports/seed-sessions.ts';

const REGISTRATIONS = Number(process.argv[2] ?? 100_000);
const QUESTIONS = 10;
const CHUNK = 5_000;
process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/x';

let seed = 0x9e3779b9;
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
};

function registration(n: number): SeedRegistration {
  const started = random() < 0.9;
  const interactions = Array.from({ length: QUESTIONS }, (_, q) => {
    const response = 'abcd'[Math.floor(random() * 4)]!;
    return { id: `question-${q + 1}`, response, result: response === 'a' ? 'correct' : 'incorrect', description: `Question ${q + 1}` };
  });
  const scaled = Math.round(random() * 100) / 100;
  return {
    id: `bench-${n}`,
    learner: { id: `learner-${n % 80_000}`, name: `Learner ${n}` },
    attempts: started
      ? [{ item: 'item-1', completion: random() < 0.8 ? 'completed' : 'incomplete', success: scaled >= 0.7 ? 'passed' : 'failed', scaled, seconds: Math.round(random() * 3600), interactions }]
      : [],
  };
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/**
 * BENCH_KEEP=1: a database kept between runs (seeding takes minutes on a busy machine), named by
 * the registration count; drop it by hand when done.
 */
async function keptDatabase(): Promise<TestDatabase> {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  const database = `scorm_bench_report_${REGISTRATIONS}`;
  url.pathname = `/${database}`;
  const config: DatabaseConfig = { client: 'mysql', url: url.toString(), database };
  const db = await openDatabase(config);
  await migrateToLatest(db);
  return { name: 'mysql', config, db, drop: async () => {} };
}

/** Runs `run` n times in a row: the median and range of its times, and its last result. */
async function timed<T>(n: number, run: () => Promise<T>) {
  const times: number[] = [];
  let result!: T;
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    result = await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(n / 2)]!, best: times[0]!, worst: times[n - 1]!, result };
}
const show = (r: { median: number; best: number; worst: number }) => `median ${(r.median / 1000).toFixed(2)} s (${(r.best / 1000).toFixed(2)}-${(r.worst / 1000).toFixed(2)})`;

const t = await startTestApp('mysql', { worker: true, database: process.env.BENCH_KEEP ? await keptDatabase() : undefined });
try {
  let packageId = String((await t.database.db('packages').where({ title: 'Report bench' }).first('id'))?.id ?? '');
  if (packageId) {
    console.log(`reusing the seeded database scorm_bench_report_${REGISTRATIONS} (BENCH_KEEP)`);
  } else {
    const pkg = await uploadZip(t, await buildPackageZip({ title: 'Report bench', items: ['Quiz'], version: '2004' }));
    packageId = String(pkg.body.id);
    const seedStart = performance.now();
    for (let from = 0; from < REGISTRATIONS; from += CHUNK) {
      const batch = Array.from({ length: Math.min(CHUNK, REGISTRATIONS - from) }, (_, i) => registration(from + i));
      await insertSeedRows(t.database.db, seedRows(packageId, '2004', batch), 2_000);
    }
    console.log(`seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
  }
  const count = async (table: string) => Number(((await t.database.db(table).where({ package_id: packageId }).count({ n: '*' })) as [{ n: number }])[0].n);
  console.log(
    `${(await count('registrations')).toLocaleString('en-US')} registrations, ` +
      `${(await count('scorm_user_sessions')).toLocaleString('en-US')} SCO attempts, ${(await count('scorm_interactions')).toLocaleString('en-US')} interaction rows`,
  );
  await t.database.db.raw('ANALYZE TABLE registrations, scorm_user_sessions, scorm_interactions, package_items');

  const times: number[] = [];
  let report: Record<string, any> = {};
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    const res = await t.admin(`/api/v1/packages/${packageId}/report`);
    report = (await res.json()) as Record<string, any>;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`report JSON: median ${times[2]!.toFixed(0)} ms, best ${times[0]!.toFixed(0)} ms, worst ${times[4]!.toFixed(0)} ms (5 runs)`);
  console.log(
    `  learners ${report.learners}, registrations ${report.registrations}, started ${report.started}, completion ${(report.completion_rate * 100).toFixed(1)} %, ` +
      `pass ${(report.pass_rate * 100).toFixed(1)} %, ${report.interactions.length} questions, q1 answered ${report.interactions[0]?.answered}`,
  );

  // The floor: the same registrations' own columns by a plain SELECT, streamed to a discarding
  // writer (no aggregation, no CSV, no HTTP); then the report's row stream alone (its SQL and row
  // mapping, no CSV, no HTTP); then the CSV over HTTP. Medians of 3 runs each.
  const db = t.database.db;
  const scos = (await db('package_items').where({ package_id: packageId, scorm_type: 'sco' }).orderBy('position').pluck('identifier')).map(String);
  const reports = createReportStore(db);
  const drain = async (stream: Readable) => {
    let n = 0;
    await pipeline(stream, new Writable({ objectMode: true, write: (row, _enc, done) => ((n += Array.isArray(row) ? row.length : 1), done()) }));
    return n;
  };
  const floorRuns = await timed(3, () =>
    drain(db('registrations').where({ package_id: packageId }).select('id', 'learner_id', 'learner_name', 'created_at', 'last_accessed_at').stream() as unknown as Readable),
  );
  const rowRuns = await timed(3, () => drain(reports.registrationRows(packageId, scos)));

  // The server runs in this process, so its heap is this heap: sample it while the CSV streams.
  let bytes = 0;
  let lines = 0;
  let heapBefore = 0;
  let peak = 0;
  const csvRuns = await timed(3, async () => {
    global.gc?.();
    heapBefore = process.memoryUsage().heapUsed;
    peak = heapBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
    try {
      const res = await t.admin(`/api/v1/packages/${packageId}/report.csv`);
      bytes = 0;
      lines = 0;
      // Line ends counted on the bytes (no decoding): the client shares this process's CPU.
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      }
      return lines - 1;
    } finally {
      clearInterval(sampler);
    }
  });
  const floor = floorRuns.median;
  console.log(`floor (plain SELECT of the registrations, streamed to a discarding writer): ${show(floorRuns)}, ${floorRuns.result} rows`);
  console.log(`report rows alone (the CSV's SQL + row mapping, no CSV, no HTTP): ${show(rowRuns)} = ${(rowRuns.median / floor).toFixed(1)} x floor`);
  console.log(`report CSV over HTTP: ${show(csvRuns)} = ${(csvRuns.median / floor).toFixed(1)} x floor; ${csvRuns.result} rows + header, ${mb(bytes)}`);
  console.log(`  heap ${mb(heapBefore)} before, peak ${mb(peak)} while streaming (+${mb(peak - heapBefore)}), last run`);
} finally {
  await t.stop();
  if (process.env.BENCH_KEEP) await t.database.db.destroy();
}
