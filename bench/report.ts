// Report bench: GET /api/v1/packages/:id/report and /report.csv for 100,000 registrations with
// 10 interactions each, on MySQL/MariaDB (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
// mysql://root@127.0.0.1:3306/x; a fresh database, dropped afterwards). Prints the row counts,
// report times, CSV time, size and the server process's heap while the CSV streams.
// Run: node --import tsx bench/report.ts [registrations]
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

const t = await startTestApp('mysql', { worker: true });
try {
  const pkg = await uploadZip(t, await buildPackageZip({ title: 'Report bench', items: ['Quiz'], version: '2004' }));
  const packageId = String(pkg.body.id);
  const seedStart = performance.now();
  for (let from = 0; from < REGISTRATIONS; from += CHUNK) {
    const batch = Array.from({ length: Math.min(CHUNK, REGISTRATIONS - from) }, (_, i) => registration(from + i));
    await insertSeedRows(t.database.db, seedRows(packageId, '2004', batch), 2_000);
  }
  const count = async (table: string) => Number(((await t.database.db(table).where({ package_id: packageId }).count({ n: '*' })) as [{ n: number }])[0].n);
  console.log(
    `seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s: ${(await count('registrations')).toLocaleString('en-US')} registrations, ` +
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

  // The server runs in this process, so its heap is this heap: sample it while the CSV streams.
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = heapBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  const start = performance.now();
  const res = await t.admin(`/api/v1/packages/${packageId}/report.csv`);
  let bytes = 0;
  let lines = 0;
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const c of decoder.decode(chunk, { stream: true })) if (c === '\n') lines++;
  }
  clearInterval(sampler);
  const csvMs = performance.now() - start;
  console.log(`report CSV: ${(csvMs / 1000).toFixed(2)} s, ${lines - 1} rows + header, ${mb(bytes)}; heap ${mb(heapBefore)} before, peak ${mb(peak)} while streaming (+${mb(peak - heapBefore)})`);
} finally {
  await t.stop();
}
