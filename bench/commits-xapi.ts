// Commit throughput through the real HTTP commit endpoint with xAPI forwarding on, compared in
// one run with it off. xAPI is configuration (read once), so each variant is its own server
// process on its own MariaDB database, all started at once and loaded one at a time, phases
// alternating (off, xapi, xapi+webhooks, then the mirror order) so drift cancels; after each phase the bench
// waits, untimed, until the variant's outbox is empty, so no phase delivers another's backlog:
//   off            no SCORM_XAPI_ENDPOINT, no webhook;
//   xapi           statements forwarded to an LRS stand-in (test/helpers/lrs-receiver.ts);
//   xapi+webhooks  the same plus one webhook subscribed to every event, answering 200.
// Two commit mixes, each measured on all three variants:
//   typical  an autosave (location, progress, 512 B suspend data) every time, and every tenth
//            commit also answers a question and moves the score: one `answered` and one
//            `scored` statement and a registration.progress event in ten commits. The quiz has
//            --questions questions (30), all recorded once before any phase, and is answered
//            round and round: each attempt keeps its size, so every phase commits to attempts of
//            the same size (answering new questions without end grew every commit's cost with
//            the phases run before it, by half over a run);
//   heavy    every commit moves the score: a `scored` statement and a registration.progress
//            event per commit, the most any commit stream can cause.
// Aim (issue #14): at most 10 % fewer commits per second with webhooks and xAPI on.
// Each phase also prints the CPU each commit cost every process of the bench (the variant's
// server, MariaDB, this load generator, the receivers) from the phase's start until its outbox is
// empty, so the ratio can be read against what the work itself costs on two shared cores.
// With --roles split, each variant is a web process (SCORM_ROLE=web: the commits, and the outbox
// rows they write) and a worker process beside it (SCORM_ROLE=worker: the deliveries), and the
// worker's CPU is printed apart: what the sending costs, apart from what the commits cost. The
// summary then gives the web process's own CPU per commit off and on: the ratio a deployment's
// commit rate follows when its delivering worker has cores of its own (docs/deployment.md).
//   node --import tsx bench/commits-xapi.ts [--learners 50] [--seconds 5] [--rounds 4] [--mix typical|heavy|both] [--questions 30] [--roles all|split]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env } from 'node:process';
import knex from 'knex';
import { fixturePath } from '../test/helpers/fixtures.ts';
import { startServerProcess, type ServerProcess } from '../test/helpers/server-process.ts';
import { median, numberArg, post, stringArg } from './lib/http-load.ts';
import { mariadbStatus } from './lib/mariadb-status.ts';
import { cpuSeconds, mariadbPid } from './lib/proc-stats.ts';
import { startReceivers } from './lib/receivers-process.ts';

const arg = numberArg;
const LEARNERS = arg('learners', 50);
const SECONDS = arg('seconds', 5);
/**
 * Rounds of (off, xapi, xapi+webhooks), every other one in the mirror order: an even number
 * cancels a steady drift of the machine's speed; more, shorter phases spread the rest.
 */
const ROUNDS = arg('rounds', 4);
/** The questions of each learner's attempt (its interactions), answered round and round. */
const QUESTIONS = arg('questions', 30);
if (!Number.isInteger(QUESTIONS) || QUESTIONS < 1) throw new Error(`--questions takes a whole number of at least 1, not ${stringArg('questions', '')}`);
if (ROUNDS % 2 === 1) console.log(`${ROUNDS} rounds: an odd number leaves the machine's drift in the ratios (its last round is not mirrored)`);
const MIX_ARG = stringArg('mix', 'both');
type Mix = 'typical' | 'heavy';
const MIXES: Mix[] = MIX_ARG === 'both' ? ['typical', 'heavy'] : [MIX_ARG as Mix];
if (!MIXES.every((m) => m === 'typical' || m === 'heavy')) throw new Error(`--mix takes typical, heavy or both, not ${MIX_ARG}`);
const ROLES = stringArg('roles', 'all');
if (ROLES !== 'all' && ROLES !== 'split') throw new Error(`--roles takes all or split, not ${ROLES}`);
const BASE_URL = new URL(env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/');
const ADMIN = 'bench-admin-token-0123456789';
const LRS_AUTH = { key: 'bench', secret: 'bench-secret' };


// The LRS stand-in and the webhook endpoint run in a process of their own (bench/lib/receivers-process.ts).
const receivers = await startReceivers(LRS_AUTH);
const hookUrl = receivers.hookUrl;

interface Target {
  name: 'off' | 'xapi' | 'xapi+webhooks';
  server: ServerProcess;
  /** The delivering worker, with --roles split. */
  worker?: ServerProcess;
  database: string;
  dataDir: string;
  learners: Array<{ url: string; session: string; sequence: number; answered: number }>;
}

async function startTarget(name: Target['name']): Promise<Target> {
  const database = `scorm_bench_${randomBytes(4).toString('hex')}`;
  const dbUrl = new URL(BASE_URL);
  dbUrl.pathname = `/${database}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'scorm-bench-'));
  const xapi: Record<string, string> = name === 'off' ? {} : {
    SCORM_XAPI_ENDPOINT: receivers.lrsEndpoint,
    SCORM_XAPI_KEY: LRS_AUTH.key,
    SCORM_XAPI_SECRET: LRS_AUTH.secret,
    SCORM_XAPI_ACTIVITY_IRI_BASE: 'https://lms.example.com/xapi/activities',
    SCORM_XAPI_HOMEPAGE: 'https://lms.example.com',
  };
  // BENCH_SERVER_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the servers.
  const flags = env.BENCH_SERVER_FLAGS ? env.BENCH_SERVER_FLAGS.split(' ') : [];
  const common = { DATABASE_URL: dbUrl.toString(), SCORM_DATA_DIR: dataDir, SCORM_WEBHOOK_ALLOW_PRIVATE: 'true', ...xapi };
  const server = await startServerProcess({ ...common, SCORM_ADMIN_TOKEN: ADMIN, SCORM_ROLE: ROLES === 'split' ? 'web' : 'all' }, 30_000, flags);
  const worker = ROLES === 'split' ? await startServerProcess({ ...common, SCORM_ROLE: 'worker' }, 30_000, flags, /import worker running/) : undefined;
  const admin = (path: string, init: RequestInit = {}) => fetch(server.url + path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${ADMIN}` } });
  if (name === 'xapi+webhooks') {
    await admin('/api/v1/webhooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: hookUrl, events: ['registration.progress', 'registration.completed', 'registration.passed', 'registration.failed', 'import.completed', 'import.failed', 'package.deleted'] }),
    });
  }
  const upload = await admin('/api/v1/packages?wait=true', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: readFileSync(fixturePath('golf-runtime-basic-2004-3rd')) });
  const pkg = (await upload.json()) as { id: string };
  const learners: Target['learners'] = [];
  for (let i = 0; i < LEARNERS; i++) {
    const res = await admin('/api/v1/registrations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: `bench-${i}`, package_id: pkg.id, learner: { id: `learner-${i}`, name: `Learner ${i}` } }),
    });
    const token = new URL(((await res.json()) as { launch_url: string }).launch_url).searchParams.get('token')!;
    const open = await fetch(`${server.deliveryUrl}/runtime/bench-${i}/attempts?token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ item: 'item_1' }) });
    const { session_id } = (await open.json()) as { session_id: string };
    const learner = { url: `${server.deliveryUrl}/runtime/bench-${i}/commit?token=${token}`, session: session_id, sequence: 0, answered: 0 };
    learners.push(learner);
    await recordQuiz(name, learner);
  }
  return { name, server, ...(worker ? { worker } : {}), database, dataDir, learners };
}

/** The learner's quiz recorded before the phases (untimed): every interaction the mix answers exists. */
async function recordQuiz(name: string, learner: Target['learners'][number]): Promise<void> {
  learner.sequence += 1;
  const changes: Array<[string, string]> = [];
  for (let q = 0; q < QUESTIONS; q++) {
    changes.push([`cmi.interactions.${q}.id`, `question-${q}`], [`cmi.interactions.${q}.type`, 'choice'], [`cmi.interactions.${q}.learner_response`, 'b'], [`cmi.interactions.${q}.result`, 'incorrect']);
  }
  const { status, text } = await post(learner.url, JSON.stringify({ session_id: learner.session, sequence: learner.sequence, item: 'item_1', attempt: 1, reason: 'autosave', changes }));
  if (status !== 200) throw new Error(`${name}: the quiz's commit answered ${status}: ${text}`);
}

/** One commit of the mix: bench/runtime-commits.ts's autosave, with a question answered when the mix says. */
async function commitOnce(target: Target, worker: number, mix: Mix): Promise<void> {
  const learner = target.learners[worker]!;
  learner.sequence += 1;
  const n = learner.sequence;
  const changes: Array<[string, string]> = [
    ['cmi.location', `page-${n}`],
    ['cmi.progress_measure', String((n % 100) / 100)],
    ['cmi.suspend_data', `state:${n}:`.padEnd(512, 'x')],
  ];
  if (mix === 'heavy') changes.push(['cmi.score.scaled', String((n % 100) / 100)]);
  else if (n % 10 === 0) {
    const i = String(learner.answered++ % QUESTIONS);
    changes.push(
      [`cmi.interactions.${i}.learner_response`, 'a'],
      [`cmi.interactions.${i}.result`, n % 20 === 0 ? 'correct' : 'incorrect'],
      ['cmi.score.scaled', String((n % 100) / 100)],
    );
  }
  const { status, text } = await post(learner.url, JSON.stringify({ session_id: learner.session, sequence: n, item: 'item_1', attempt: 1, reason: 'autosave', changes }));
  if (status !== 200) throw new Error(`${target.name}: commit answered ${status}: ${text}`);
}

async function phase(target: Target, mix: Mix, seconds = SECONDS): Promise<number> {
  let done = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(Array.from({ length: LEARNERS }, async (_, w) => {
    while (performance.now() < deadline) {
      await commitOnce(target, w, mix);
      done++;
    }
  }));
  return done / ((performance.now() - started) / 1000);
}

const admin = knex({ client: 'mysql2', connection: { uri: BASE_URL.toString() } as never, pool: { min: 0, max: 2 } });

async function pendingOf(target: Target): Promise<number> {
  if (target.name === 'off') return 0;
  return Number(((await admin(`${target.database}.outbox_deliveries`).where({ status: 'pending' }).count({ n: '*' })) as Array<{ n: number }>)[0]!.n);
}

/**
 * Waits (untimed, up to a minute) until the phase's deliveries have gone: a backlog left behind
 * would be delivered during the next phase, another variant's, and slow it instead of its own.
 */
async function drain(target: Target): Promise<number> {
  const started = performance.now();
  while ((await pendingOf(target)) > 0 && performance.now() - started < 60_000) await new Promise((r) => setTimeout(r, 50));
  return performance.now() - started;
}
const mariadb = mariadbPid(Number(BASE_URL.port || 3306));
/**
 * CPU seconds so far of the variant's server (with --roles split, its web and worker processes
 * together, the worker also apart), MariaDB (all of it: the variants share one) and this load generator.
 */
function cpuMark(target: Target) {
  const { user, system } = process.cpuUsage();
  const worker = target.worker ? cpuSeconds(target.worker.child.pid) : 0;
  return { server: cpuSeconds(target.server.child.pid) + worker, worker, mariadb: cpuSeconds(mariadb), client: (user + system) / 1e6 };
}
/** MariaDB's request and statement counters (all databases: the phases run one at a time). */
const STATUS = ['Questions', 'Com_select', 'Com_insert', 'Com_update', 'Com_delete'] as const;
const statusNow = () => mariadbStatus(admin, STATUS);
const targets: Target[] = [];
try {
  for (const name of ['off', 'xapi', 'xapi+webhooks'] as const) targets.push(await startTarget(name));
  // The quizzes' statements are sent before the first phase, not during it. Then each variant
  // runs each mix once untimed, so the first round does not measure a cold process (its first
  // phase ran 10-25 % slower than its later ones).
  for (const target of targets) await drain(target);
  for (const mix of MIXES) {
    for (const target of targets) {
      await phase(target, mix, Math.min(SECONDS, 3));
      await drain(target);
    }
  }
  console.log(`commits with xAPI forwarding: ${LEARNERS} learners, ${ROUNDS} rounds of ${SECONDS} s per phase, mixes ${MIXES.join(' and ')}, MariaDB, each variant ${ROLES === 'split' ? 'a web process and a worker process (SCORM_ROLE=web and worker: the worker dispatches)' : 'its own server process (SCORM_ROLE=all: it also dispatches)'}, loaded one at a time, ${QUESTIONS} questions per attempt`);
  const rates = new Map<string, number[]>();
  const cpu = new Map<string, Array<Record<'server' | 'worker' | 'mariadb' | 'client' | 'receivers', string>>>();
  for (let round = 0; round < ROUNDS; round++) {
    // Every other round runs its phases in the mirror order (off, xapi, xapi+webhooks, then
    // xapi+webhooks, xapi, off, mixes likewise). The same server's CPU per commit grew 10-50 %
    // from a run's first round to its second on this machine (its speed drifts under sustained
    // load; the attempts also grow), so a fixed order charged that drift to whichever variant
    // came last; mirrored pairs of rounds cancel a steady drift.
    const mirrored = round % 2 === 1;
    for (const mix of mirrored ? [...MIXES].reverse() : MIXES) {
      for (const target of mirrored ? [...targets].reverse() : targets) {
        const before = await receivers.counts();
        const cpuBefore = cpuMark(target);
        const statusBefore = await statusNow();
        const rate = await phase(target, mix);
        rates.set(`${mix} ${target.name}`, [...(rates.get(`${mix} ${target.name}`) ?? []), rate]);
        const pending = await pendingOf(target);
        const drainMs = await drain(target);
        const after = await receivers.counts();
        const commits = rate * SECONDS;
        // From the phase's start until its outbox is empty, so a delivery's cost counts wherever it fell.
        const cpuAfter = cpuMark(target);
        const statusAfter = await statusNow();
        const counted = (name: string) => ((statusAfter[name]! - statusBefore[name]!) / commits).toFixed(2);
        const perCommit = (key: 'server' | 'worker' | 'mariadb' | 'client') => (((cpuAfter[key] - cpuBefore[key]) * 1000) / commits).toFixed(3);
        const spent = { server: perCommit('server'), worker: perCommit('worker'), mariadb: perCommit('mariadb'), client: perCommit('client'), receivers: ((after.cpuMs - before.cpuMs) / commits).toFixed(3) };
        cpu.set(`${mix} ${target.name}`, [...(cpu.get(`${mix} ${target.name}`) ?? []), spent]);
        // The receivers stand for other machines, but here they share the server's cores: their
        // CPU per commit bounds the ratio this machine can show.
        const sent = target.name === 'off' ? '' : `   ${after.statements - before.statements} statements reached the LRS in ${after.lrsPosts - before.lrsPosts} POSTs, ${after.hooks - before.hooks} webhooks (${pending} deliveries pending at the end of the phase, drained ${(drainMs / 1000).toFixed(1)} s later); receivers' CPU ${((after.cpuMs - before.cpuMs) / commits).toFixed(3)} ms per commit`;
        console.log(`  ${mix.padEnd(8)} ${target.name.padEnd(14)} ${rate.toFixed(0).padStart(6)} commits/s${sent}`);
        console.log(`  ${''.padEnd(8)} ${''.padEnd(14)} CPU ms per commit until drained: server ${spent.server}, MariaDB ${spent.mariadb}, load generator ${spent.client}, receivers ${spent.receivers}${target.worker ? ` (of the server's, the worker's: ${spent.worker})` : ''}`);
        // Per commit, including the bench's own polls while draining (a few per phase). Questions
        // counts a multi-statement packet once; the Com_ counters count its statements.
        console.log(`  ${''.padEnd(8)} ${''.padEnd(14)} MariaDB per commit: ${counted('Questions')} requests; statements: select ${counted('Com_select')}, insert ${counted('Com_insert')}, update ${counted('Com_update')}, delete ${counted('Com_delete')}`);
      }
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  for (const mix of MIXES) {
    const off = mean(rates.get(`${mix} off`)!);
    for (const name of ['xapi', 'xapi+webhooks']) {
      const on = mean(rates.get(`${mix} ${name}`)!);
      console.log(`  ${mix} ${name}: off ${off.toFixed(0)}/s, on ${on.toFixed(0)}/s, ratio on/off ${((on / off) * 100).toFixed(1)} % (aim: at least 90 %)`);
      // Each round's own ratio, its phases run next to each other: how far one round is from the mean.
      const perRound = rates.get(`${mix} ${name}`)!.map((r, i) => `${((r / rates.get(`${mix} off`)![i]!) * 100).toFixed(1)}`);
      // The median of the rounds' own ratios: one round slowed by the machine (54 % beside 93 %
      // was seen) moves the mean of rates, not the median.
      console.log(`    ratio per round: ${perRound.join(', ')} %; median of rounds ${median(perRound.map(Number)).toFixed(1)} %`);
      // What each commit cost the machine, summed over the processes: the ratio two cores allow.
      const total = (key: string) => mean(cpu.get(key)!.map((c) => Number(c.server) + Number(c.mariadb) + Number(c.client) + Number(c.receivers)));
      const serverSide = (key: string) => mean(cpu.get(key)!.map((c) => Number(c.server) + Number(c.mariadb)));
      console.log(
        `    CPU ms per commit, mean of rounds: all processes ${total(`${mix} off`).toFixed(3)} off, ${total(`${mix} ${name}`).toFixed(3)} on (off/on ${((total(`${mix} off`) / total(`${mix} ${name}`)) * 100).toFixed(1)} %);` +
          ` server + MariaDB only ${serverSide(`${mix} off`).toFixed(3)} off, ${serverSide(`${mix} ${name}`).toFixed(3)} on (off/on ${((serverSide(`${mix} off`) / serverSide(`${mix} ${name}`)) * 100).toFixed(1)} %)`,
      );
      if (ROLES === 'split') {
        // What the commit path itself pays when the deliveries are another process's work: the
        // web process's CPU per commit, and MariaDB's (which both share). With the worker on cores
        // of its own, the web process's ratio is the one its commit rate follows.
        const web = (key: string) => mean(cpu.get(key)!.map((c) => Number(c.server) - Number(c.worker)));
        const db = (key: string) => mean(cpu.get(key)!.map((c) => Number(c.mariadb)));
        const ratio = (f: (key: string) => number) => `${f(`${mix} off`).toFixed(3)} off, ${f(`${mix} ${name}`).toFixed(3)} on (off/on ${((f(`${mix} off`) / f(`${mix} ${name}`)) * 100).toFixed(1)} %)`;
        console.log(`    the web process alone: ${ratio(web)}; MariaDB: ${ratio(db)}; the worker: ${mean(cpu.get(`${mix} ${name}`)!.map((c) => Number(c.worker))).toFixed(3)} on`);
      }
    }
  }
} finally {
  for (const target of targets) {
    await target.server.stop();
    await target.worker?.stop();
    await admin.raw('DROP DATABASE IF EXISTS ??', [target.database]);
    rmSync(target.dataDir, { recursive: true, force: true });
  }
  await admin.destroy();
  await receivers.stop();
}
