// A small cluster of real server processes (test/scale-out, bench/scaleout.ts): SCORM_ROLE=web processes
// behind two round-robin proxies (one per origin), one SCORM_ROLE=worker process, all on one
// MySQL/MariaDB database and one S3 bucket (s3rver), sharing their configuration and nothing else:
// each has a data directory of its own, as on separate hosts.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { openDatabase } from '../../server/db/connect.ts';
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy.ts';
import { startS3rver, type RunningS3rver } from './s3rver.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

export const ADMIN_TOKEN = 'scale-out-admin-token-0123456789';
/** Lease of a running import: short, so a killed worker's job is taken up again within seconds. */
export const LEASE_MS = 2000;

export interface ClusterProcess extends ServerProcess {
  /** Its own SCORM_DATA_DIR. */
  dataDir: string;
}

export interface WebProcess extends ClusterProcess {
  adminPort: number;
  deliveryPort: number;
}

export interface Cluster {
  db: Knex;
  s3: RunningS3rver;
  s3Prefix: string;
  adminProxy: RoundRobinProxy;
  deliveryProxy: RoundRobinProxy;
  web: WebProcess[];
  worker: ClusterProcess;
  /** Holds every process's data directory. */
  dataRoot: string;
  /** Starts another worker process (after the first was killed). */
  startWorker(): Promise<ClusterProcess>;
  /** fetch on the admin origin through its proxy, with the admin token. */
  admin(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export async function startCluster(mysqlUrl: string, webProcesses = 2): Promise<Cluster> {
  const base = new URL(mysqlUrl);
  const database = `scorm_scale_${randomBytes(5).toString('hex')}`;
  base.pathname = `/${database}`;
  // Created, not migrated: the three processes start at once on an empty schema and must agree.
  const db = await openDatabase({ client: 'mysql', url: base.toString(), database });
  const s3 = await startS3rver();
  const adminProxy = await startRoundRobinProxy();
  const deliveryProxy = await startRoundRobinProxy();
  const dataRoot = mkdtempSync(join(tmpdir(), 'scorm-scale-out-'));
  let processes = 0;
  const dataDir = () => mkdtempSync(join(dataRoot, `process-${++processes}-`));
  const s3Prefix = `scale${randomBytes(3).toString('hex')}`;
  const env: Record<string, string> = {
    DATABASE_URL: base.toString(),
    SCORM_STORAGE_DRIVER: 's3',
    SCORM_S3_BUCKET: s3.bucket,
    SCORM_S3_ENDPOINT: s3.endpoint,
    SCORM_S3_FORCE_PATH_STYLE: 'true',
    SCORM_S3_PREFIX: s3Prefix,
    AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    AWS_REGION: s3.region,
    SCORM_ADMIN_TOKEN: ADMIN_TOKEN,
    SCORM_SECRET: `scale-out-secret-${randomBytes(16).toString('hex')}`,
    SCORM_PUBLIC_URL: adminProxy.origin,
    SCORM_DELIVERY_URL: deliveryProxy.origin,
    SCORM_JOB_LEASE_MS: String(LEASE_MS),
    SCORM_WORKER_CONCURRENCY: '1',
    SCORM_AUTO_COMMIT_INTERVAL: '0',
  };
  const spawned: ClusterProcess[] = [];
  const start = async (env: Record<string, string>, ready?: RegExp): Promise<ClusterProcess> => {
    const dir = dataDir();
    const started = await startServerProcess({ ...env, SCORM_DATA_DIR: dir }, 60_000, [], ready);
    spawned.push({ ...started, dataDir: dir });
    return spawned.at(-1)!;
  };
  // A test runner that exits early must not leave servers behind.
  const killAll = () => spawned.forEach((p) => p.child.exitCode === null && p.child.kill('SIGKILL'));
  process.once('exit', killAll);
  const startWorker = () => start({ ...env, SCORM_ROLE: 'worker' }, /import worker running/);
  const startWeb = async (): Promise<WebProcess> => {
    const server = await start({ ...env, SCORM_ROLE: 'web' });
    const adminPort = Number(/admin origin: console and \/api\/v1, port (\d+)/.exec(server.output())?.[1]);
    const deliveryPort = Number(/delivery origin: player and course content, port (\d+)/.exec(server.output())?.[1]);
    return { ...server, adminPort, deliveryPort };
  };
  const started = await Promise.allSettled([startWorker(), ...Array.from({ length: webProcesses }, startWeb)]);
  const failed = started.find((s) => s.status === 'rejected');
  const web = started.slice(1).flatMap((s) => (s.status === 'fulfilled' ? [s.value as WebProcess] : []));
  const worker = started[0]!.status === 'fulfilled' ? (started[0].value as ClusterProcess) : undefined;

  const stop = async () => {
    await Promise.all(spawned.map((p) => p.stop('SIGKILL')));
    process.off('exit', killAll);
    await adminProxy.stop();
    await deliveryProxy.stop();
    await s3.stop();
    await db.raw('DROP DATABASE IF EXISTS ??', [database]);
    await db.destroy();
    rmSync(dataRoot, { recursive: true, force: true });
  };
  if (failed || !worker) {
    await stop();
    throw (failed as PromiseRejectedResult | undefined)?.reason ?? new Error('the worker did not start');
  }
  adminProxy.setBackends(web.map((w) => `http://127.0.0.1:${w.adminPort}`));
  deliveryProxy.setBackends(web.map((w) => `http://127.0.0.1:${w.deliveryPort}`));
  return {
    db,
    s3,
    s3Prefix,
    adminProxy,
    deliveryProxy,
    web,
    worker,
    startWorker,
    dataRoot,
    admin: (path, init = {}) =>
      fetch(adminProxy.origin + path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${ADMIN_TOKEN}` } }),
    stop,
  };
}
