// The composition root: reads the configuration, opens the real database and storage, and runs
// this process's role: the web app (SCORM_ROLE=web), the import worker alone (worker: no HTTP
// server, no Koa app, no secrets), or both (all). Nothing else in the product touches
// process.env or starts a server.
import './thread-pool.ts';
import { createServer } from 'node:http';
import type { Knex } from 'knex';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { attachWebSockets, createApp } from './app.ts';
import { createTokenSigner } from './core/signed-token.ts';
import { migrateToLatest, openDatabase } from './db/connect.ts';
import { createLogger, type Logger } from './log.ts';
import type { ImportWorker } from './jobs/import-worker.ts';
import { JobSignals } from './jobs/job-watch.ts';
import { createWorkerProcess } from './jobs/worker-process.ts';
import { createBlobStore } from './storage/create-blob-store.ts';
import type { BlobStore } from './storage/blob-store.ts';
import { loadOrCreateSecret } from './secrets.ts';

interface Base {
  config: Config;
  db: Knex;
  blobs: BlobStore;
  logger: Logger;
}

/** The web app, with the worker of an `all` process beside it; returns how to close the server. */
function startWeb(base: Base, worker: ImportWorker | undefined, signals: JobSignals): () => void {
  const { config, db, logger, blobs } = base;
  const adminToken = loadOrCreateSecret(config.dataDir, 'admin-token', config.adminToken);
  const secret = loadOrCreateSecret(config.dataDir, 'signing-secret', config.secret);
  const app = createApp({
    config,
    db,
    logger,
    adminToken: adminToken.value,
    signer: createTokenSigner(secret.value),
    blobs,
    signals,
    onJobQueued: () => worker?.wake(),
  });
  const server = createServer(app.callback());
  attachWebSockets(app, server);
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `http://${shownHost}:${port}/`;
    const tokenNote = adminToken.file
      ? `${adminToken.generated ? 'generated and saved' : 'kept'} in ${adminToken.file}`
      : 'from SCORM_ADMIN_TOKEN';
    process.stdout.write(
      [
        '',
        `SCORM LMS listening on ${url}`,
        `  console:     ${url}`,
        `  database:    ${describeDatabase(config)}`,
        `  content:     ${describeStorage(config)}`,
        adminToken.file ? `  admin token: ${adminToken.value}  (${tokenNote})` : `  admin token: ${tokenNote}`,
        '',
      ].join('\n') + '\n',
    );
  });
  return () => {
    server.close();
    server.closeAllConnections();
  };
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
  const worker = config.role === 'web' ? undefined : createWorkerProcess({ ...base, onChange: (id) => signals.changed(id) });
  worker?.start();
  const closeWeb = config.role === 'worker' ? undefined : startWeb(base, worker, signals);
  if (!closeWeb) {
    process.stdout.write(
      ['', 'SCORM LMS import worker running (SCORM_ROLE=worker, no HTTP server)', `  database:    ${describeDatabase(config)}`, `  content:     ${describeStorage(config)}`, ''].join('\n') + '\n',
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
