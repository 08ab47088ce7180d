// Starts the real admin and delivery apps on two ephemeral ports for HTTP tests, with a fresh (or
// a shared) database and data dir, local or S3 (s3rver) storage, and optionally an import worker.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Koa from 'koa';
import { attachWebSockets, createApps, type App, type AppDeps } from '../../server/app.ts';
import { resolveOrigins } from '../../server/core/origins.ts';
import { refuseUpgrades } from '../../server/delivery-app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { createTokenSigner } from '../../server/core/signed-token.ts';
import type { ImportWorker, WorkerOptions } from '../../server/jobs/import-worker.ts';
import { createWorkerProcess } from '../../server/jobs/worker-process.ts';
import { createOutbox } from '../../server/outbox/outbox-wiring.ts';
import { JobSignals } from '../../server/jobs/job-watch.ts';
import { createMemoryLogger } from '../../server/log.ts';
import { createLocalBlobStore } from '../../server/storage/local-blob-store.ts';
import { createS3BlobStore } from '../../server/storage/s3-blob-store.ts';
import { openDatabase } from '../../server/db/connect.ts';
import type { BlobStore } from '../../server/storage/blob-store.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';
import { recordAnswers } from './openapi-check.ts';
import type { RunningS3rver } from './s3rver.ts';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';
export const TEST_SECRET = 'test-signing-secret-0123456789abcdef';

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Store content in this running s3rver instead of a local temp dir. */
  s3?: RunningS3rver;
  /** Run an import worker in the test process (default true). */
  worker?: boolean;
  workerOptions?: Partial<WorkerOptions>;
  /** Changes the blob store before anything (the worker included) uses it: a test that must hold storage at a point. */
  wrapBlobs?: (blobs: BlobStore) => BlobStore;
  /**
   * Run on this existing database (another app's, say) over a connection pool of its own, as a
   * second server process would; it is left in place by stop().
   */
  database?: TestDatabase;
  /** Use this data dir (uploads, local content) instead of a fresh one; left in place by stop(). */
  dataDir?: string;
  /** SCORM_DELIVERY_URL made from the delivery port once it is known (e.g. a {package} template). */
  deliveryUrl?: (port: number) => string;
}

export interface TestApp {
  /** The admin origin: console, /api/v1, /ws. */
  url: string;
  /** The delivery origin: player, runtime, content (a template with {package} when per-package). */
  deliveryUrl: string;
  deliveryPort: number;
  wsUrl: string;
  database: TestDatabase;
  deps: AppDeps;
  app: App;
  delivery: Koa;
  blobs: BlobStore;
  dataDir: string;
  worker: ImportWorker | undefined;
  logger: ReturnType<typeof createMemoryLogger>;
  /** fetch against the app with the admin token. */
  admin(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export async function startTestApp(kind: 'sqlite' | 'mysql', options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'scorm-test-data-'));
  const database = options.database ? await sharedDatabase(options.database) : await createTestDatabase(kind);
  const s3Prefix = `t${Math.random().toString(36).slice(2, 10)}`;
  const storageEnv: Record<string, string> = options.s3
    ? {
        SCORM_STORAGE_DRIVER: 's3',
        SCORM_S3_BUCKET: options.s3.bucket,
        SCORM_S3_ENDPOINT: options.s3.endpoint,
        SCORM_S3_FORCE_PATH_STYLE: 'true',
        SCORM_S3_PREFIX: s3Prefix,
      }
    : {};
  const adminServer: Server = createServer();
  const deliveryServer: Server = createServer();
  await new Promise<void>((resolve) => adminServer.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => deliveryServer.listen(0, '127.0.0.1', resolve));
  const port = (adminServer.address() as AddressInfo).port;
  const deliveryPort = (deliveryServer.address() as AddressInfo).port;
  const deliveryEnv: Record<string, string> = options.deliveryUrl ? { SCORM_DELIVERY_URL: options.deliveryUrl(deliveryPort) } : {};
  const config: Config = {
    ...loadConfig({ SCORM_DATA_DIR: dataDir, HOST: '127.0.0.1', ...storageEnv, ...deliveryEnv, ...options.env }),
    database: database.config,
  };
  const origins = resolveOrigins(config, { admin: port, delivery: deliveryPort });
  const made =
    config.storage.driver === 's3'
      ? createS3BlobStore(config.storage, { credentials: options.s3!.credentials })
      : createLocalBlobStore(config.storage.localPath);
  const blobs = options.wrapBlobs ? options.wrapBlobs(made) : made;
  const logger = createMemoryLogger();
  const signals = new JobSignals();
  let worker: ImportWorker | undefined;
  const deps: AppDeps = {
    config,
    origins,
    db: database.db,
    logger,
    adminToken: TEST_ADMIN_TOKEN,
    signer: createTokenSigner(TEST_SECRET),
    blobs,
    signals,
    outbox: createOutbox(database.db, config),
    onJobQueued: () => worker?.wake(),
  };
  const { admin: app, delivery } = createApps(deps);
  // First of all, so it sees every answer as the client gets it (test/helpers/openapi-check.ts).
  app.middleware.unshift(recordAnswers() as (typeof app.middleware)[number]);
  if (options.worker !== false) {
    worker = createWorkerProcess({ db: database.db, blobs, config, logger, outbox: deps.outbox, onChange: (id) => signals.changed(id) }, { pollMs: 200, ...options.workerOptions });
    worker.start();
  }
  adminServer.on('request', app.callback());
  attachWebSockets(app, adminServer);
  deliveryServer.on('request', delivery.callback());
  refuseUpgrades(deliveryServer);
  const url = origins.admin;
  return {
    url,
    deliveryUrl: origins.deliveryShown,
    deliveryPort,
    delivery,
    wsUrl: `ws://127.0.0.1:${port}`,
    database,
    deps,
    app,
    blobs,
    dataDir,
    worker,
    logger,
    admin(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${TEST_ADMIN_TOKEN}`);
      return fetch(url + path, { ...init, headers });
    },
    async stop() {
      await worker?.stop();
      for (const server of [adminServer, deliveryServer]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await database.drop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The same database through a pool of its own; "dropping" it only closes that pool. */
async function sharedDatabase(shared: TestDatabase): Promise<TestDatabase> {
  const db = await openDatabase(shared.config);
  return { name: shared.name, config: shared.config, db, drop: () => db.destroy() };
}
