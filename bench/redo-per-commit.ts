// What a commit of bench/learners.ts's payload writes into MariaDB (issue 15, decision 0043): redo
// bytes (Innodb_lsn_current), statements (Com_*) and rows (Innodb_rows_*) per commit and per
// attempt opening, as deltas of MariaDB's global counters around a fixed number of requests to a
// real server process. The counters are global: other databases on the same server count too,
// so the bench samples them idle for as long as each phase lasts and subtracts that rate; on a
// shared MariaDB that is noise, so point BENCH_DATABASE_URL at a MariaDB of its own for figures
// (decision 0043 ran one on port 3611). Handler_* rows include temporary tables' rows.
// Phases: launch+open of every learner, then rounds of auto-commits (all learners at once, so
// groups form as in a busy server), then a terminate round, then a relaunch round.
// Needs MariaDB on 127.0.0.1:3306 (BENCH_DATABASE_URL).
//   node --import tsx bench/redo-per-commit.ts [--learners 20] [--rounds 10] [--suspend 4096]
//     [--interactions 2]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { env } from 'node:process';
import knex from 'knex';
import { createTokenSigner } from '../server/core/signed-token.ts';
import type { Origins } from '../server/core/origins.ts';
import { createSqlRegistrationStore } from '../server/db/sql-registration-store.ts';
import { launchUrl } from '../server/http/registrations-routes.ts';
import { fixturePath } from '../test/helpers/fixtures.ts';
import { startServerProcess } from '../test/helpers/server-process.ts';
import { numberArg } from './lib/http-load.ts';
import { mariadbStatus } from './lib/mariadb-status.ts';

const LEARNERS = numberArg('learners', 20);
const ROUNDS = numberArg('rounds', 10);
// bench/learners.ts sends 4 KB: base64 of 3,072 random bytes.
const SUSPEND = numberArg('suspend', 4096);
const INTERACTIONS = numberArg('interactions', 2);
const BASE_URL = new URL(env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/');
const ADMIN = 'bench-admin-token-0123456789';
const SECRET = randomBytes(32).toString('base64url');
const ITEM = 'item_1';
const COUNTERS = ['Innodb_lsn_current', 'Innodb_os_log_written', 'Com_select', 'Com_insert', 'Com_update', 'Com_delete', 'Com_commit', 'Handler_write', 'Handler_update', 'Handler_delete'];

const database = `scorm_bench_${randomBytes(4).toString('hex')}`;
const dbUrl = new URL(BASE_URL);
dbUrl.pathname = `/${database}`;
const dataDir = mkdtempSync(join(tmpdir(), 'scorm-bench-'));
// SCORM_* variables of the bench's environment reach the server (SCORM_SUSPEND_DATA_ONCE=true …).
const passed = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[0].startsWith('SCORM_') && e[1] !== undefined));
const server = await startServerProcess({ ...passed, DATABASE_URL: dbUrl.toString(), SCORM_DATA_DIR: dataDir, SCORM_ADMIN_TOKEN: ADMIN, SCORM_SECRET: SECRET, SCORM_COMMIT_RATE: '100000', SCORM_COMMIT_BURST: '100000' }, 60_000);
const db = knex({ client: 'mysql2', connection: { uri: dbUrl.toString() } as never, pool: { min: 0, max: 4 } });

const counters = () => mariadbStatus(db, COUNTERS);

/** The counters' deltas over `work`, less what the same server did idle for as long (measured just before). */
async function measured(what: string, requests: number, work: () => Promise<void>): Promise<void> {
  const t0 = performance.now();
  const c0 = await counters();
  await work();
  const c1 = await counters();
  const seconds = (performance.now() - t0) / 1000;
  const i0 = await counters();
  await new Promise((r) => setTimeout(r, Math.max(500, seconds * 1000)));
  const i1 = await counters();
  const idleSeconds = Math.max(0.5, seconds);
  const per = (name: string) => (c1[name]! - c0[name]! - ((i1[name]! - i0[name]!) * seconds) / idleSeconds) / requests;
  // Our own SHOW STATUS reads count as selects: two per measure.
  const f = (n: number, digits = 2) => n.toFixed(digits);
  console.log(
    `${what.padEnd(22)} n ${String(requests).padStart(4)}  redo ${f(per('Innodb_lsn_current') / 1024)} KB (log written ${f(per('Innodb_os_log_written') / 1024)} KB)` +
      `  statements: select ${f(per('Com_select'))} insert ${f(per('Com_insert'))} update ${f(per('Com_update'))} delete ${f(per('Com_delete'))} commit ${f(per('Com_commit'))}` +
      `  rows: written ${f(per('Handler_write'))} updated ${f(per('Handler_update'))} deleted ${f(per('Handler_delete'))}  (${f(seconds, 1)} s, idle redo ${f((i1.Innodb_lsn_current! - i0.Innodb_lsn_current!) / idleSeconds / 1024, 1)} KB/s)`,
  );
}

async function call(method: string, url: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url.replace(/\?.*/, '')}: ${res.status} ${text.slice(0, 300)}`);
  return { status: res.status, json: JSON.parse(text) as unknown };
}

interface Learner { base: string; q: string; session: string; attempt: number; sequence: number; interactions: number }

async function open(l: Learner): Promise<void> {
  await call('GET', l.base + l.q);
  const opened = (await call('POST', `${l.base}/attempts${l.q}`, { item: ITEM })).json as { session_id: string; attempt: number; context: { priorState?: { counts?: Record<string, number> } } };
  l.session = opened.session_id;
  l.attempt = opened.attempt;
  l.sequence = 0;
  l.interactions = opened.context.priorState?.counts?.['cmi.interactions'] ?? 0;
}

/** bench/learners.ts's commit: location, progress, score, suspend_data and new interactions. */
async function commit(l: Learner, terminate: boolean): Promise<void> {
  l.sequence++;
  const changes: Array<[string, string]> = [
    ['cmi.location', `page-${l.sequence}`],
    ['cmi.progress_measure', (Math.random() * 0.9).toFixed(2)],
    ['cmi.score.scaled', Math.random().toFixed(2)],
    ['cmi.score.raw', String(Math.floor(Math.random() * 100))],
    ['cmi.suspend_data', randomBytes(Math.ceil((SUSPEND * 3) / 4)).toString('base64').slice(0, SUSPEND)],
  ];
  for (let k = 0; k < INTERACTIONS; k++, l.interactions++) {
    const p = `cmi.interactions.${l.interactions}.`;
    changes.push([`${p}id`, `q-${l.interactions % 40}`], [`${p}type`, 'choice'], [`${p}learner_response`, ['a', 'b', 'c', 'd'][l.interactions % 4]!], [`${p}result`, Math.random() < 0.6 ? 'correct' : 'incorrect']);
  }
  if (terminate) changes.push(['cmi.exit', 'suspend'], ['cmi.session_time', 'PT30S']);
  await call('POST', `${l.base}/commit${l.q}`, {
    session_id: l.session,
    sequence: l.sequence,
    item: ITEM,
    attempt: l.attempt,
    changes,
    reason: terminate ? 'terminate' : 'autosave',
    ...(terminate ? { end: { sessionTime: 'PT30S', sessionTimeReported: true } } : {}),
  });
}

try {
  const upload = await fetch(server.url + '/api/v1/packages?wait=true', { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/zip' }, body: readFileSync(fixturePath('golf-runtime-basic-2004-3rd')) });
  const pkg = (await upload.json()) as { id: string };
  const current = (await db('packages').where({ id: pkg.id }).first('current_content_id', 'current_version')) as { current_content_id: string; current_version: number };
  const store = createSqlRegistrationStore(db);
  const signer = createTokenSigner(SECRET);
  const origins = { deliveryFor: () => server.deliveryUrl } as unknown as Origins;
  const learners: Learner[] = [];
  for (let i = 0; i < LEARNERS; i++) {
    const { record } = await store.createOrFind({ id: `bench-${i}`, packageId: pkg.id, contentId: current.current_content_id, versionNumber: Number(current.current_version), onNewVersion: null, learner: { id: `learner-${i}`, name: `Learner ${i}` }, commentsFromLms: [] });
    const token = new URL(launchUrl(signer, origins, record)).searchParams.get('token')!;
    learners.push({ base: `${server.deliveryUrl}/runtime/${encodeURIComponent(record.id)}`, q: `?token=${token}`, session: '', attempt: 0, sequence: 0, interactions: 0 });
  }
  console.log(`redo per commit: ${LEARNERS} learners, ${ROUNDS} rounds of auto-commits (${SUSPEND} characters of suspend_data, ${INTERACTIONS} new interactions each), load average ${loadavg()[0]!.toFixed(1)}`);
  await measured('first launch+open', LEARNERS, () => Promise.all(learners.map(open)).then(() => {}));
  await measured('auto-commit', LEARNERS * ROUNDS, async () => {
    for (let r = 0; r < ROUNDS; r++) await Promise.all(learners.map((l) => commit(l, false)));
  });
  await measured('terminate', LEARNERS, () => Promise.all(learners.map((l) => commit(l, true))).then(() => {}));
  await measured('relaunch+open (resume)', LEARNERS, () => Promise.all(learners.map(open)).then(() => {}));
  await measured('auto-commit (resumed)', LEARNERS * ROUNDS, async () => {
    for (let r = 0; r < ROUNDS; r++) await Promise.all(learners.map((l) => commit(l, false)));
  });
  const [[sizes]] = (await db.raw(
    'SELECT AVG(LENGTH(data_json)) AS data_json, AVG(LENGTH(suspend_data)) AS suspend_data, (SELECT COUNT(*) FROM scorm_interactions) AS interactions FROM scorm_user_sessions',
  )) as [[{ data_json: number; suspend_data: number; interactions: number }]];
  console.log(`stored: data_json ${Math.round(Number(sizes.data_json))} bytes, suspend_data ${Math.round(Number(sizes.suspend_data))} bytes per attempt row on average; ${sizes.interactions} interaction rows; load average ${loadavg()[0]!.toFixed(1)}`);
} finally {
  await server.stop();
  await db.raw('DROP DATABASE IF EXISTS ??', [database]);
  await db.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}
