import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, loadConfig, redactPassword } from '../../server/config.ts';

const config = suite('loadConfig');

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

config('defaults match the SPEC table', () => {
  const c = loadConfig({});
  assert.is(c.port, 3000);
  assert.is(c.host, '0.0.0.0');
  assert.equal(c.database, { client: 'sqlite', filename: './data/scorm.sqlite' });
  assert.is(c.dataDir, './data');
  assert.equal(c.storage, { driver: 'local', localPath: './data/content' });
  assert.is(c.limits.maxUploadBytes, 500 * 1024 * 1024);
  assert.is(c.limits.maxUncompressedBytes, 2048 * 1024 * 1024);
  assert.is(c.limits.maxFiles, 20000);
  assert.is(c.adminToken, undefined);
  assert.is(c.secret, undefined);
  assert.is(c.role, 'all');
  assert.is(c.workerConcurrency, 2);
  assert.is(c.jobMaxAttempts, 3);
  assert.is(c.jobLeaseMs, 30000);
  assert.is(c.autoCommitIntervalSeconds, 30);
  assert.is(c.wsHeartbeatMs, 30000);
});

config('the data dir moves the default database and content paths with it', () => {
  const c = loadConfig({ SCORM_DATA_DIR: '/var/lib/scorm' });
  assert.equal(c.database, { client: 'sqlite', filename: '/var/lib/scorm/scorm.sqlite' });
  assert.equal(c.storage, { driver: 'local', localPath: '/var/lib/scorm/content' });
});

config('reads every variable', () => {
  const c = loadConfig({
    PORT: '8080',
    HOST: '127.0.0.1',
    DATABASE_URL: 'mysql://app:secret@db.internal:3307/scorm',
    SCORM_DATA_DIR: '/tmp/d',
    SCORM_STORAGE_DRIVER: 's3',
    SCORM_S3_BUCKET: 'courses',
    SCORM_S3_REGION: 'eu-west-1',
    SCORM_S3_ENDPOINT: 'http://127.0.0.1:9000',
    SCORM_S3_FORCE_PATH_STYLE: 'true',
    SCORM_S3_PREFIX: '/pkgs/',
    SCORM_MAX_UPLOAD_MB: '10',
    SCORM_MAX_UNCOMPRESSED_MB: '20',
    SCORM_MAX_FILES: '30',
    SCORM_ADMIN_TOKEN: 'a-long-enough-admin-token',
    SCORM_SECRET: 'a-signing-secret-of-at-least-32-chars!',
    SCORM_ROLE: 'worker',
    SCORM_WORKER_CONCURRENCY: '4',
    SCORM_JOB_MAX_ATTEMPTS: '5',
    SCORM_JOB_LEASE_MS: '5000',
    SCORM_AUTO_COMMIT_INTERVAL: '15',
    SCORM_WS_HEARTBEAT_MS: '1000',
  });
  assert.is(c.port, 8080);
  assert.is(c.host, '127.0.0.1');
  assert.equal(c.database, { client: 'mysql', url: 'mysql://app:secret@db.internal:3307/scorm', database: 'scorm' });
  assert.equal(c.storage, {
    driver: 's3',
    bucket: 'courses',
    region: 'eu-west-1',
    endpoint: 'http://127.0.0.1:9000',
    forcePathStyle: true,
    prefix: 'pkgs',
  });
  assert.equal(c.limits, { maxUploadBytes: 10 * 1048576, maxUncompressedBytes: 20 * 1048576, maxFiles: 30 });
  assert.is(c.adminToken, 'a-long-enough-admin-token');
  assert.is(c.role, 'worker');
  assert.is(c.workerConcurrency, 4);
  assert.is(c.jobMaxAttempts, 5);
  assert.is(c.jobLeaseMs, 5000);
  assert.is(c.autoCommitIntervalSeconds, 15);
  assert.is(c.wsHeartbeatMs, 1000);
});

config('every bad value is reported together', () => {
  const problems = problemsOf({
    PORT: 'eighty',
    SCORM_STORAGE_DRIVER: 'ftp',
    DATABASE_URL: 'postgres://x',
    SCORM_ROLE: 'boss',
    SCORM_MAX_FILES: '-1',
  });
  assert.is(problems.length, 5);
  assert.match(problems[0]!, /PORT/);
  assert.ok(problems.some((p) => p.includes('SCORM_STORAGE_DRIVER')));
  assert.ok(problems.some((p) => p.includes('DATABASE_URL')));
  assert.ok(problems.some((p) => p.includes('SCORM_ROLE')));
  assert.ok(problems.some((p) => p.includes('SCORM_MAX_FILES')));
});

config('s3 without a bucket is refused', () => {
  assert.equal(problemsOf({ SCORM_STORAGE_DRIVER: 's3' }), [
    'SCORM_S3_BUCKET is required when SCORM_STORAGE_DRIVER is s3',
  ]);
});

config('malformed database URLs are refused, without echoing passwords', () => {
  assert.is(problemsOf({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/' }).length, 1);
  assert.is(problemsOf({ DATABASE_URL: 'mysql://root@127.0.0.1:abc/db' }).length, 1);
  assert.is(problemsOf({ DATABASE_URL: 'mysql://root@127.0.0.1/bad-name!' }).length, 1);
  assert.is(problemsOf({ DATABASE_URL: 'sqlite:' }).length, 1);
  const problems = problemsOf({ DATABASE_URL: 'pg://user:hunter2@host/db' });
  assert.not.match(problems.join(), /hunter2/);
  assert.is(redactPassword('mysql://u:p@h/db'), 'mysql://u:***@h/db');
});

config('port bounds, booleans and short secrets', () => {
  assert.is(problemsOf({ PORT: '70000' }).length, 1);
  assert.is(problemsOf({ SCORM_STORAGE_DRIVER: 's3', SCORM_S3_BUCKET: 'b', SCORM_S3_FORCE_PATH_STYLE: 'maybe' }).length, 1);
  assert.is(problemsOf({ SCORM_S3_ENDPOINT: 'x', SCORM_STORAGE_DRIVER: 's3', SCORM_S3_BUCKET: 'b' }).length, 1);
  assert.is(problemsOf({ SCORM_ADMIN_TOKEN: 'short' }).length, 1);
  assert.is(problemsOf({ SCORM_SECRET: 'short' }).length, 1);
  assert.is(problemsOf({ SCORM_JOB_LEASE_MS: '999' }).length, 1, 'a lease shorter than a second would expire between renewals');
});

config('the error message lists each problem on its own line', () => {
  try {
    loadConfig({ PORT: 'x', SCORM_ROLE: 'y' });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, ConfigError);
    assert.match((error as Error).message, /^Invalid configuration:\n  - PORT.*\n  - SCORM_ROLE/);
  }
});

config('request limits: commit rate, upload cap and server timeouts, defaulted and checked', () => {
  const c = loadConfig({});
  assert.equal(c.commitRate, { perSecond: 50, burst: 500 });
  assert.is(c.maxConcurrentUploads, 4);
  assert.is(c.requestTimeoutMs, 600_000);
  assert.is(c.headersTimeoutMs, 30_000);
  const set = loadConfig({ SCORM_COMMIT_RATE: '5', SCORM_COMMIT_BURST: '20', SCORM_MAX_CONCURRENT_UPLOADS: '2', SCORM_REQUEST_TIMEOUT: '0', SCORM_HEADERS_TIMEOUT: '90' });
  assert.equal([set.commitRate, set.maxConcurrentUploads, set.requestTimeoutMs, set.headersTimeoutMs], [{ perSecond: 5, burst: 20 }, 2, 0, 90_000]);
  assert.equal(problemsOf({ SCORM_COMMIT_RATE: '0', SCORM_MAX_CONCURRENT_UPLOADS: 'x' }).length, 2);
  assert.match(problemsOf({ SCORM_REQUEST_TIMEOUT: '10', SCORM_HEADERS_TIMEOUT: '20' }).join(), /SCORM_HEADERS_TIMEOUT must not be longer/);
});

config('webhooks and the outbox: 24 h of retries from 10 s up to 1 h, private addresses refused, all checked', () => {
  const c = loadConfig({});
  assert.equal(c.outbox, { leaseMs: 30_000, pollMs: 1000, retryBaseMs: 10_000, retryMaxMs: 3_600_000, retryForMs: 86_400_000, retentionMs: 7 * 86_400_000 });
  assert.is(c.webhookAllowPrivate, false);
  const set = loadConfig({ SCORM_WEBHOOK_ALLOW_PRIVATE: 'true', SCORM_OUTBOX_LEASE_MS: '1500', SCORM_OUTBOX_POLL_MS: '50', SCORM_OUTBOX_RETRY_BASE_MS: '20', SCORM_OUTBOX_RETRY_MAX_MS: '100', SCORM_OUTBOX_RETRY_FOR_MS: '0', SCORM_OUTBOX_RETENTION_DAYS: '1' });
  assert.equal([set.webhookAllowPrivate, set.outbox], [true, { leaseMs: 1500, pollMs: 50, retryBaseMs: 20, retryMaxMs: 100, retryForMs: 0, retentionMs: 86_400_000 }]);
  assert.is(problemsOf({ SCORM_WEBHOOK_ALLOW_PRIVATE: 'maybe', SCORM_OUTBOX_LEASE_MS: '10', SCORM_OUTBOX_POLL_MS: 'x', SCORM_OUTBOX_RETENTION_DAYS: '0' }).length, 4);
  assert.match(problemsOf({ SCORM_OUTBOX_RETRY_BASE_MS: '5000', SCORM_OUTBOX_RETRY_MAX_MS: '1000' }).join(), /SCORM_OUTBOX_RETRY_BASE_MS must not be longer/);
});

config('both listeners take the configured timeouts', async () => {
  const { createServer } = await import('node:http');
  const { applyServerTimeouts } = await import('../../server/http/server-timeouts.ts');
  const server = applyServerTimeouts(createServer(), loadConfig({ SCORM_REQUEST_TIMEOUT: '120', SCORM_HEADERS_TIMEOUT: '15', SCORM_KEEP_ALIVE_TIMEOUT: '90' }));
  assert.equal([server.requestTimeout, server.headersTimeout, server.keepAliveTimeout], [120_000, 15_000, 90_000]);
  // Longer than a load balancer's idle timeout by default (ALB: 60 s), not Node's 5 s.
  assert.is(applyServerTimeouts(createServer(), loadConfig({})).keepAliveTimeout, 65_000);
  assert.is(problemsOf({ SCORM_KEEP_ALIVE_TIMEOUT: '0' }).length, 1);
});

config('xAPI forwarding: off unless SCORM_XAPI_ENDPOINT is set; ids from SCORM_PUBLIC_URL unless given; every problem reported', () => {
  assert.is(loadConfig({}).xapi, undefined);
  assert.equal(loadConfig({ SCORM_XAPI_ENDPOINT: 'https://lrs.example.com/xapi/', SCORM_PUBLIC_URL: 'https://lms.example.com' }).xapi, {
    endpoint: 'https://lrs.example.com/xapi',
    key: undefined,
    secret: undefined,
    activityIriBase: 'https://lms.example.com/xapi/activities',
    homePage: 'https://lms.example.com',
    batchSize: 50,
  });
  const own = loadConfig({
    SCORM_XAPI_ENDPOINT: 'http://127.0.0.1:8080/data/xAPI',
    SCORM_XAPI_KEY: 'k',
    SCORM_XAPI_SECRET: 's',
    SCORM_XAPI_ACTIVITY_IRI_BASE: 'https://courses.example.org/',
    SCORM_XAPI_HOMEPAGE: 'https://sso.example.org',
    SCORM_XAPI_BATCH_SIZE: '10',
  }).xapi!;
  assert.equal([own.activityIriBase, own.homePage, own.key, own.secret, own.batchSize], ['https://courses.example.org', 'https://sso.example.org', 'k', 's', 10]);
  const problems = problemsOf({ SCORM_XAPI_ENDPOINT: 'lrs.example.com', SCORM_XAPI_KEY: 'k', SCORM_XAPI_BATCH_SIZE: '0', SCORM_XAPI_HOMEPAGE: 'https://x.example?y' });
  assert.ok(problems.some((p) => p.startsWith('SCORM_XAPI_ENDPOINT must be')), problems.join('; '));
  assert.ok(problems.some((p) => p.startsWith('SCORM_XAPI_KEY and SCORM_XAPI_SECRET go together')));
  assert.ok(problems.some((p) => p.startsWith('SCORM_XAPI_BATCH_SIZE must be')));
  assert.ok(problems.some((p) => p.startsWith('SCORM_XAPI_ACTIVITY_IRI_BASE (or SCORM_PUBLIC_URL) is required')));
  assert.ok(problems.some((p) => p.startsWith('SCORM_XAPI_HOMEPAGE must be')));
  const withCredentials = problemsOf({ SCORM_XAPI_ENDPOINT: 'https://k:s@lrs.example.com/xapi', SCORM_PUBLIC_URL: 'https://lms.example.com' });
  assert.ok(withCredentials.some((p) => p.startsWith('SCORM_XAPI_ENDPOINT must not carry credentials')), withCredentials.join('; '));
});

config.run();
