// The composition root: reads the configuration, opens the real database and storage, and runs
// this process's role: the web apps (SCORM_ROLE=web: the admin origin and the delivery origin on
// two ports), the import worker alone (worker: no HTTP server, no Koa app, no secrets), or both
// (all). Nothing else in the product touches process.env or starts a server.
import './thread-pool.ts';
import { createServer, type Server } from 'node:http';
import { applyServerTimeouts } from './http/server-timeouts.ts';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { attachWebSockets, createApps } from './app.ts';
import { resolveOrigins } from './core/origins.ts';
import { refuseUpgrades } from './delivery-app.ts';
import { createTokenSigner } from './core/signed-token.ts';
import { migrateToLatest, openDatabase } from './db/connect.ts';
import { createLogger, type Logger } from './log.ts';
import type { ImportWorker } from './jobs/import-worker.ts';
import { JobSignals } from './jobs/job-watch.ts';
import { createWorkerProcess } from './jobs/worker-process.ts';
import type { OutboxStore } from './db/outbox-store.ts';
import { createOutbox } from './outbox/outbox-wiring.ts';
import { createBlobStore } from './storage/create-blob-store.ts';
import type { BlobStore } from './storage/blob-store.ts';
import { loadOrCreateSecret } from './secrets.ts';

interface Base {
  config: Config;
  db: Knex;
  blobs: BlobStore;
  logger: Logger;
}

/**
 * The two web apps, with the worker of an `all` process beside them; returns how to close the
 * servers. Both ports listen first: with PORT=0 they, and so the derived origins, are known only
 * then.
 */
async function startWeb(base: Base, worker: ImportWorker | undefined, signals: JobSignals, outbox: OutboxStore): Promise<() => void> {
  const { config, db, logger, blobs } = base;
  const adminToken = loadOrCreateSecret(config.dataDir, 'admin-token', config.adminToken);
  const secret = loadOrCreateSecret(config.dataDir, 'signing-secret', config.secret);
  const adminServer = applyServerTimeouts(createServer(), config);
  const deliveryServer = applyServerTimeouts(createServer(), config);
  await listen(adminServer, config.port, config.host);
  await listen(deliveryServer, config.deliveryPort, config.host);
  const ports = { admin: (adminServer.address() as AddressInfo).port, delivery: (deliveryServer.address() as AddressInfo).port };
  const origins = resolveOrigins(config, ports);
  const { admin, delivery } = createApps({
    config,
    origins,
    db,
    logger,
    adminToken: adminToken.value,
    signer: createTokenSigner(secret.value),
    blobs,
    signals,
    outbox,
    onJobQueued: () => worker?.wake(),
  });
  adminServer.on('request', admin.callback());
  attachWebSockets(admin, adminServer);
  deliveryServer.on('request', delivery.callback());
  refuseUpgrades(deliveryServer);

  const tokenNote = adminToken.file
    ? `${adminToken.generated ? 'generated and saved' : 'kept'} in ${adminToken.file}`
    : 'from SCORM_ADMIN_TOKEN';
  process.stdout.write(
    [
      '',
      `SCORM LMS listening on ${origins.admin}/`,
      `  console:     ${origins.admin}/  (admin origin: console and /api/v1, port ${ports.admin})`,
      `  delivery:    ${origins.deliveryShown}/  (delivery origin: player and course content, port ${ports.delivery})`,
      `  database:    ${describeDatabase(config)}`,
      `  content:     ${describeStorage(config)}`,
      adminToken.file ? `  admin token: ${adminToken.value}  (${tokenNote})` : `  admin token: ${tokenNote}`,
      '',
    ].join('\n') + '\n',
  );
  return () => {
    for (const server of [adminServer, deliveryServer]) {
      server.close();
      server.closeAllConnections();
    }
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

const describeDatabase = (config: Config) => (config.database.client === 'sqlite' ? config.database.filename : 'mysql ' + config.database.database);
const describeStorage = (config: Config) =>
  config.storage.driver === 'local' ? config.storage.localPath : 's3://' + config.storage.bucket + '/' + config.storage.prefix;

async function main(): Promise<void> {
  const logger = createLogger();
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(error.message + '\n');
      process.exit(1);
    }
    throw error;
  }

  const db = await openDatabase(config.database);
  await migrateToLatest(db);
  const blobs = await createBlobStore(config.storage);
  const base: Base = { config, db, blobs, logger };

  // Shared by the worker and the web app of one process, so progress reaches sockets sooner.
  const signals = new JobSignals();
  // One outbox per process: what its web app enqueues wakes its dispatcher at once.
  const outbox = createOutbox(db, config);
  const worker = config.role === 'web' ? undefined : createWorkerProcess({ ...base, outbox, onChange: (id) => signals.changed(id) });
  worker?.start();
  const closeWeb = config.role === 'worker' ? undefined : await startWeb(base, worker, signals, outbox);
  if (!closeWeb) {
    process.stdout.write(
      ['', 'SCORM LMS import worker running (SCORM_ROLE=worker, no HTTP server; imports and the outbox dispatcher)', `  database:    ${describeDatabase(config)}`, `  content:     ${describeStorage(config)}`, ''].join('\n') + '\n',
    );
  }

  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    closeWeb?.();
    // A job still running keeps its lease until it expires, then another worker takes it up.
    const stopWorker = worker ? Promise.race([worker.stop(), new Promise((r) => setTimeout(r, 5000))]) : Promise.resolve();
    void stopWorker.then(() => db.destroy()).finally(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

await main();
