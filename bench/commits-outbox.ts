// Commit throughput through the real HTTP commit endpoint with the outbox at work, compared in
// one run with it idle: "off" has no webhook, "webhooks" has one active webhook subscribed to
// every event with a receiver answering 200. Two mixes: every commit changes the score (every
// commit is a registration.progress event: the heaviest case), and one commit in ten does (the
// others move location and suspend data, as a course's auto-commits mostly do). Phases
// alternate (off, on, off, on) on one server process and one MariaDB database so drift shows.
// Aim: "on" at most 10 % fewer commits per second than "off".
//   node --import tsx bench/commits-outbox.ts [--learners 50] [--seconds 8]
// Another sink (xAPI) adds its variant to VARIANTS: how to switch it on and off at run time.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env } from 'node:process';
import knex from 'knex';
import { fixturePath } from '../test/helpers/fixtures.ts';
import { startServerProcess } from '../test/helpers/server-process.ts';
import { numberArg, post } from './lib/http-load.ts';
import { startReceivers } from './lib/receivers-process.ts';

const arg = numberArg;
const LEARNERS = arg('learners', 50);
const SECONDS = arg('seconds', 8);
const BASE_URL = new URL(env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/');
const ADMIN = 'bench-admin-token-0123456789';


// The receiver counts what arrives and answers at once, in a process of its own
// (bench/lib/receivers-process.ts), not on the load generator's core.
const receivers = await startReceivers({ key: 'bench', secret: 'bench-secret' });
const receiverUrl = receivers.hookUrl;

const database = `scorm_bench_${randomBytes(4).toString('hex')}`;
const dbUrl = new URL(BASE_URL);
dbUrl.pathname = `/${database}`;
const dataDir = mkdtempSync(join(tmpdir(), 'scorm-bench-'));
// BENCH_ROLE=web: events are written but nobody delivers them (the commit path's own cost).
const server = await startServerProcess({ DATABASE_URL: dbUrl.toString(), SCORM_DATA_DIR: dataDir, SCORM_ADMIN_TOKEN: ADMIN, SCORM_WEBHOOK_ALLOW_PRIVATE: 'true', SCORM_ROLE: env.BENCH_ROLE ?? 'all' });
const admin = (path: string, init: RequestInit = {}) => fetch(server.url + path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${ADMIN}` } });

interface Variant {
  name: string;
  on(): Promise<void>;
  off(): Promise<void>;
}

let hookId: string | undefined;
const VARIANTS: Variant[] = [
  {
    name: 'webhooks',
    async on() {
      const res = await admin('/api/v1/webhooks', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: receiverUrl, events: ['registration.progress', 'registration.completed', 'registration.passed', 'registration.failed', 'import.completed', 'import.failed', 'package.deleted'] }),
      });
      hookId = ((await res.json()) as { id: string }).id;
    },
    async off() {
      if (hookId) await admin(`/api/v1/webhooks/${hookId}`, { method: 'DELETE' });
      hookId = undefined;
    },
  },
  // xAPI: { name: 'xapi', on: ..., off: ... } — enable statement forwarding to a test LRS.
];

const db = knex({ client: 'mysql2', connection: { uri: dbUrl.toString() } as never, pool: { min: 0, max: 2 } });
try {
  // A web-only server imports nothing: a worker process runs just for the upload.
  const importer = env.BENCH_ROLE === 'web'
    ? await startServerProcess({ DATABASE_URL: dbUrl.toString(), SCORM_DATA_DIR: dataDir, SCORM_ROLE: 'worker' }, 30_000, [], /import worker running/)
    : undefined;
  const upload = await admin('/api/v1/packages?wait=true', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: readFileSync(fixturePath('golf-runtime-basic-2004-3rd')) });
  const pkg = (await upload.json()) as { id: string };
  await importer?.stop();
  const learners: Array<{ url: string; session: string; sequence: number }> = [];
  for (let i = 0; i < LEARNERS; i++) {
    const res = await admin('/api/v1/registrations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: `bench-${i}`, package_id: pkg.id, learner: { id: `learner-${i}`, name: `Learner ${i}` } }),
    });
    const reg = (await res.json()) as { launch_url: string };
    const token = new URL(reg.launch_url).searchParams.get('token')!;
    const open = await fetch(`${server.deliveryUrl}/runtime/bench-${i}/attempts?token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ item: 'item_1' }) });
    const { session_id } = (await open.json()) as { session_id: string };
    learners.push({ url: `${server.deliveryUrl}/runtime/bench-${i}/commit?token=${token}`, session: session_id, sequence: 0 });
  }

  // The typical auto-commit of bench/runtime-commits.ts: location, progress, score, suspend data;
  // with `scoreEvery` 10, nine commits in ten leave the score alone.
  let n = 0;
  let scoreEvery = 1;
  const commitOnce = async (worker: number) => {
    const learner = learners[worker]!;
    learner.sequence += 1;
    n++;
    const changes: Array<[string, string]> = [
      ['cmi.location', `page-${n}`],
      ['cmi.progress_measure', String((learner.sequence % 100) / 100)],
      ['cmi.suspend_data', `state:${n}:`.padEnd(512, 'x')],
    ];
    if (learner.sequence % scoreEvery === 0) changes.push(['cmi.score.scaled', String((learner.sequence % 100) / 100)]);
    const { status, text } = await post(learner.url, JSON.stringify({ session_id: learner.session, sequence: learner.sequence, item: 'item_1', attempt: 1, reason: 'autosave', changes }));
    if (status !== 200) throw new Error(`commit answered ${status}: ${text}`);
  };
  const phase = async (): Promise<number> => {
    let done = 0;
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    await Promise.all(Array.from({ length: LEARNERS }, async (_, w) => {
      while (performance.now() < deadline) {
        await commitOnce(w);
        done++;
      }
    }));
    return done / ((performance.now() - started) / 1000);
  };
  const pendingDeliveries = async () => Number(((await db('outbox_deliveries').where({ status: 'pending' }).count({ n: '*' })) as Array<{ n: number }>)[0]!.n);

  console.log(`commits with the outbox: ${LEARNERS} learners, ${SECONDS} s per phase, MariaDB, server in its own process (SCORM_ROLE=all: it also dispatches)`);
  for (const [variant, every] of VARIANTS.flatMap((v) => [[v, 1], [v, 10]] as const)) {
    scoreEvery = every;
    console.log(`  ${every === 1 ? 'every commit changes the score (an event each)' : 'one commit in ten changes the score'}:`);
    const rates: Record<'off' | 'on', number[]> = { off: [], on: [] };
    for (const state of ['off', 'on', 'off', 'on'] as const) {
      await (state === 'on' ? variant.on() : variant.off());
      const before = (await receivers.counts()).hooks;
      const rate = await phase();
      rates[state].push(rate);
      const backlog = state === 'on' ? await pendingDeliveries() : 0;
      const received = (await receivers.counts()).hooks - before;
      console.log(`  ${variant.name.padEnd(9)} ${state.padEnd(3)} ${rate.toFixed(0).padStart(6)} commits/s${state === 'on' ? `   ${received} webhooks received during the phase, ${backlog} deliveries pending at its end` : ''}`);
    }
    await variant.off();
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const ratio = mean(rates.on) / mean(rates.off);
    console.log(`  ${variant.name}: off ${mean(rates.off).toFixed(0)}/s, on ${mean(rates.on).toFixed(0)}/s, ratio on/off ${(ratio * 100).toFixed(1)} % (aim: at least 90 %)`);
  }
} finally {
  await server.stop();
  await receivers.stop();
  await db.raw('DROP DATABASE IF EXISTS ??', [database]);
  await db.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}
