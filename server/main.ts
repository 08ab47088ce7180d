// The composition root: reads the configuration, opens the real database and secrets, builds
// the app and listens. Nothing else in the product touches process.env or starts a server.
import './thread-pool.ts';
import { createServer } from 'node:http';
import { ConfigError, loadConfig } from './config.ts';
import { attachWebSockets, createApp } from './app.ts';
import { createTokenSigner } from './core/signed-token.ts';
import { migrateToLatest, openDatabase } from './db/connect.ts';
import { createLogger } from './log.ts';
import { importWorkerFor } from './jobs/worker-for-app.ts';
import { JobSignals } from './jobs/job-watch.ts';
import { createBlobStore } from './storage/create-blob-store.ts';
import { loadOrCreateSecret } from './secrets.ts';

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

  const adminToken = loadOrCreateSecret(config.dataDir, 'admin-token', config.adminToken);
  const secret = loadOrCreateSecret(config.dataDir, 'signing-secret', config.secret);
  const signer = createTokenSigner(secret.value);

  const blobs = await createBlobStore(config.storage);
  const signals = new JobSignals();
  const app = createApp({
    config,
    db,
    logger,
    adminToken: adminToken.value,
    signer,
    blobs,
    signals,
    onJobQueued: () => worker?.wake(),
  });
  const worker = config.role === 'web' ? undefined : importWorkerFor(app, { db, blobs, config, logger, signals });
  worker?.start();

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
        `  database:    ${config.database.client === 'sqlite' ? config.database.filename : 'mysql ' + config.database.database}`,
        `  content:     ${config.storage.driver === 'local' ? config.storage.localPath : 's3://' + config.storage.bucket + '/' + config.storage.prefix}`,
        adminToken.file ? `  admin token: ${adminToken.value}  (${tokenNote})` : `  admin token: ${tokenNote}`,
        '',
      ].join('\n') + '\n',
    );
  });

  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    server.close();
    server.closeAllConnections();
    // A job still running keeps its lease until it expires, then another worker takes it up.
    const stopWorker = worker ? Promise.race([worker.stop(), new Promise((r) => setTimeout(r, 5000))]) : Promise.resolve();
    void stopWorker.then(() => db.destroy()).finally(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

await main();
