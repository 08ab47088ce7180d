// The composition root: reads the configuration, opens the real database and secrets, listens on
// the admin and the delivery port, then builds both apps for the origins those ports give.
// Nothing else in the product touches process.env or starts a server.
import './thread-pool.ts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from './config.ts';
import { attachWebSockets, createApps } from './app.ts';
import { resolveOrigins } from './core/origins.ts';
import { refuseUpgrades } from './delivery-app.ts';
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
  // Listen first: with PORT=0 the ports, and so the derived origins, are known only then.
  const adminServer = createServer();
  const deliveryServer = createServer();
  await listen(adminServer, config.port, config.host);
  await listen(deliveryServer, config.deliveryPort, config.host);
  const ports = { admin: (adminServer.address() as AddressInfo).port, delivery: (deliveryServer.address() as AddressInfo).port };
  const origins = resolveOrigins(config, ports);

  const { admin: app, delivery } = createApps({
    config,
    origins,
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

  adminServer.on('request', app.callback());
  attachWebSockets(app, adminServer);
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
      `  database:    ${config.database.client === 'sqlite' ? config.database.filename : 'mysql ' + config.database.database}`,
      `  content:     ${config.storage.driver === 'local' ? config.storage.localPath : 's3://' + config.storage.bucket + '/' + config.storage.prefix}`,
      adminToken.file ? `  admin token: ${adminToken.value}  (${tokenNote})` : `  admin token: ${tokenNote}`,
      '',
    ].join('\n') + '\n',
  );

  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    for (const server of [adminServer, deliveryServer]) {
      server.close();
      server.closeAllConnections();
    }
    // A job still running keeps its lease until it expires, then another worker takes it up.
    const stopWorker = worker ? Promise.race([worker.stop(), new Promise((r) => setTimeout(r, 5000))]) : Promise.resolve();
    void stopWorker.then(() => db.destroy()).finally(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
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

await main();
