// What an idle server costs its database: one `all` process (web, import worker, outbox
// dispatcher) on a MariaDB database of its own, nothing uploaded, nothing enqueued. It prints
// MariaDB's statements and transactions per second and the process's CPU while it idles. Each
// server of a fleet pays this all day, so the polls of the import worker and the outbox
// dispatcher should cost one cheap read each, not a claim's transaction (decision 0052). The
// server runs as `npm start` runs it (the bundle, built first): under tsx its loader's own
// thread doubles the idle CPU.
//   node --import tsx bench/idle-server.ts [--seconds 30]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env } from 'node:process';
import knex from 'knex';
import { buildServer, SERVER_ENTRY, SERVER_NODE_FLAGS } from '../scripts/build-server.ts';
import { startServerProcess } from '../test/helpers/server-process.ts';
import { numberArg, stringArg } from './lib/http-load.ts';
import { mariadbStatus } from './lib/mariadb-status.ts';
import { cpuSeconds } from './lib/proc-stats.ts';

const SECONDS = numberArg('seconds', 30);
if (!(SECONDS > 0)) throw new Error(`--seconds takes a number of seconds above 0, not ${stringArg('seconds', '')}`);
/** Measured on this machine on 2026-12-06 before the polls asked first (decision 0052). */
const BEFORE = { statements: 7.8, transactions: 1.9, cpuMs: '12–16' };

const base = new URL(env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/');
const database = `scorm_bench_idle_${randomBytes(4).toString('hex')}`;
const dbUrl = new URL(base);
dbUrl.pathname = `/${database}`;
const dataDir = mkdtempSync(join(tmpdir(), 'scorm-bench-idle-'));
const admin = knex({ client: 'mysql2', connection: { uri: base.toString() } as never, pool: { min: 1, max: 1 } });
const STATUS = ['Questions', 'Com_select', 'Com_insert', 'Com_update', 'Com_delete', 'Com_begin'] as const;
const status = () => mariadbStatus(admin, STATUS);

await buildServer();
const server = await startServerProcess(
  { DATABASE_URL: dbUrl.toString(), SCORM_DATA_DIR: dataDir, SCORM_ADMIN_TOKEN: 'bench-admin-token-0123456789', SCORM_ROLE: 'all' },
  30_000,
  [],
  undefined,
  [...SERVER_NODE_FLAGS, SERVER_ENTRY],
);
try {
  // Past the start-up's migrations and first rounds.
  await new Promise((r) => setTimeout(r, 5000));
  const before = await status();
  const cpuBefore = cpuSeconds(server.child.pid);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const after = await status();
  const cpuAfter = cpuSeconds(server.child.pid);
  // This bench's own SHOW STATUS is one statement in the window (the second is read after it).
  const rate = (name: (typeof STATUS)[number], own = 0) => ((after[name]! - before[name]! - own) / SECONDS).toFixed(1);
  console.log(`an idle server (SCORM_ROLE=all, MariaDB, the bundle npm start runs), ${SECONDS} s:`);
  console.log(`  MariaDB: ${rate('Questions', 1)} statements/s (select ${rate('Com_select')}, insert ${rate('Com_insert')}, update ${rate('Com_update')}, delete ${rate('Com_delete')}); ${rate('Com_begin')} transactions/s`);
  console.log(`  the server's CPU: ${(((cpuAfter - cpuBefore) * 1000) / SECONDS).toFixed(1)} ms/s`);
  console.log(`  before the polls asked first (2026-12-06, this machine): ${BEFORE.statements} statements/s, ${BEFORE.transactions} transactions/s, ${BEFORE.cpuMs} ms/s of CPU`);
} finally {
  await server.stop();
  await admin.raw('DROP DATABASE IF EXISTS ??', [database]);
  await admin.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}
