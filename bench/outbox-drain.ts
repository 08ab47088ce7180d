// What the outbox's claim and settle cost the database and the dispatching process per delivery,
// without the senders: a backlog shaped like commits-xapi.ts's heavy mix (per commit an xAPI event
// and a registration.progress, 50 registrations, so 100 keys) is enqueued, then drained by the real
// dispatcher with senders that succeed at once. Prints, per round, MariaDB's CPU, this process's
// CPU and the statements per delivery. MariaDB's CPU is the whole server's: give the bench a
// MariaDB of its own (BENCH_DATABASE_URL) when others use the shared one. `--code <checkout>` runs
// another checkout's outbox store, dispatcher and migrations with this file (the "before" side of
// a paired run).
//   node --import tsx bench/outbox-drain.ts [--pending 4000] [--rounds 3] [--code /path/to/checkout]
import { randomUUID } from 'node:crypto';
import { env } from 'node:process';
import knex from 'knex';
import { resolve } from 'node:path';
import type * as Connect from '../server/db/connect.ts';
import type * as OutboxStoreModule from '../server/db/outbox-store.ts';
import type * as DispatcherModule from '../server/outbox/dispatcher.ts';
import type { NewOutboxEvent, OutboxSender } from '../server/outbox/outbox-types.ts';
import { numberArg, stringArg } from './lib/http-load.ts';
import { cpuSeconds, mariadbPid } from './lib/proc-stats.ts';

const PENDING = numberArg('pending', 4000);
const ROUNDS = numberArg('rounds', 3);
const BASE_URL = new URL(env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/');
const CODE = resolve(stringArg('code', resolve(import.meta.dirname, '..')));
const { migrateToLatest } = (await import(`${CODE}/server/db/connect.ts`)) as typeof Connect;
const { createOutboxStore } = (await import(`${CODE}/server/db/outbox-store.ts`)) as typeof OutboxStoreModule;
const { createDispatcher } = (await import(`${CODE}/server/outbox/dispatcher.ts`)) as typeof DispatcherModule;
const database = `scorm_bench_drain_${randomUUID().slice(0, 8)}`;

const admin = knex({ client: 'mysql2', connection: { uri: BASE_URL.toString() } as never, pool: { min: 0, max: 1 } });
await admin.raw('CREATE DATABASE ??', [database]);
const url = new URL(BASE_URL);
url.pathname = `/${database}`;
const db = knex({ client: 'mysql2', connection: { uri: url.toString(), supportBigNumbers: true } as never, pool: { min: 1, max: 10 } });
try {
  await migrateToLatest(db);
  let statements = 0;
  db.on('query', () => statements++);
  const isXapi = (type: string) => type === 'xapi.statements';
  const store = createOutboxStore(db, {
    routes: [
      { sink: 'webhook', destinations: async (_conn, event) => (isXapi(event.type) ? [] : ['hook-1']) },
      { sink: 'xapi', destinations: async (_conn, event) => (isXapi(event.type) ? ['lrs'] : []) },
    ],
    retryForMs: 86_400_000,
  });
  const mariadb = mariadbPid(Number(BASE_URL.port || 3306));
  const ownCpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  // Payloads about the size of the heavy mix's: a registration as the API shows it, one statement.
  const registration = { id: 'bench-0', package_id: 'pkg', learner: { id: 'learner-0', name: 'Learner 0' }, scos: [{ id: 'item_1', score: { scaled: 0.5 } }], padding: 'x'.repeat(700) };
  const statement = { id: randomUUID(), verb: { id: 'http://adlnet.gov/expapi/verbs/scored' }, padding: 'y'.repeat(900) };
  const instant = (sink: string): OutboxSender => ({ sink, send: async () => ({ ok: true, responseCode: 200 }) });
  console.log(`outbox drain (${CODE}): ${PENDING} deliveries a round (100 keys), ${ROUNDS} rounds, senders that succeed at once`);
  for (let round = 0; round < ROUNDS; round++) {
    // Enqueued as commit groups enqueue them: 20 commits' events per transaction.
    const enqueueStart = { mariadb: cpuSeconds(mariadb), statements };
    for (let n = 0; n < PENDING; ) {
      const events: NewOutboxEvent[] = [];
      for (let j = 0; j < 20 && n < PENDING; j++, n += 2) {
        const key = (n / 2) % 50;
        events.push({ id: randomUUID(), type: 'registration.progress', orderingKey: `registration:bench-${key}`, payload: { registration }, createdAt: Date.now() });
        events.push({ id: randomUUID(), type: 'xapi.statements', orderingKey: `xapi:bench-${key}`, payload: { statements: [statement] }, createdAt: Date.now() });
      }
      await db.transaction((trx) => store.enqueue(trx, events));
    }
    const enqueued = { mariadb: cpuSeconds(mariadb) - enqueueStart.mariadb, statements: statements - enqueueStart.statements };
    const dispatcher = createDispatcher(store, { senders: [instant('webhook'), instant('xapi')], leaseMs: 60_000, pollMs: 50, backoff: { baseMs: 10_000, maxMs: 3_600_000 } });
    const before = { statements, mariadb: cpuSeconds(mariadb), own: ownCpuMs(), at: performance.now() };
    let claims = 0;
    let delivered = 0;
    for (let handled; (handled = await dispatcher.tick()) > 0; claims++) delivered += handled;
    const ms = performance.now() - before.at;
    const per = (x: number) => (x / delivered).toFixed(3);
    console.log(
      `  round ${round + 1}: ${delivered} deliveries in ${claims} claims, ${ms.toFixed(0)} ms; per delivery: MariaDB ${per((cpuSeconds(mariadb) - before.mariadb) * 1000)} ms CPU,` +
        ` this process ${per(ownCpuMs() - before.own)} ms CPU, ${per(statements - before.statements)} statements` +
        ` (enqueued before it: MariaDB ${per(enqueued.mariadb * 1000)} ms CPU, ${per(enqueued.statements)} statements per delivery)`,
    );
    await dispatcher.stop();
  }
} finally {
  await db.destroy();
  await admin.raw('DROP DATABASE IF EXISTS ??', [database]);
  await admin.destroy();
}
