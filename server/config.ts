// loadConfig: the one reader of the environment. Parses and checks every variable of SPEC's
// configuration table and reports every problem at once.

export type DatabaseConfig =
  | { client: 'sqlite'; filename: string }
  | { client: 'mysql'; url: string; database: string };

export type StorageConfig =
  | { driver: 'local'; localPath: string }
  | {
      driver: 's3';
      bucket: string;
      region: string;
      endpoint: string | undefined;
      forcePathStyle: boolean;
      prefix: string;
    };

export type Role = 'all' | 'web' | 'worker';

export interface Config {
  port: number;
  /** The delivery origin's listen port (player, runtime, content); PORT + 1 unless set. */
  deliveryPort: number;
  host: string;
  /** SCORM_PUBLIC_URL: the admin origin as users reach it; derived from HOST and PORT when unset. */
  publicUrl: string | undefined;
  /**
   * SCORM_DELIVERY_URL: the delivery origin, or a template with `{package}` in its host name for
   * one origin per package; derived from HOST and DELIVERY_PORT when unset.
   */
  deliveryUrl: string | undefined;
  database: DatabaseConfig;
  dataDir: string;
  storage: StorageConfig;
  limits: { maxUploadBytes: number; maxUncompressedBytes: number; maxFiles: number };
  adminToken: string | undefined;
  secret: string | undefined;
  role: Role;
  workerConcurrency: number;
  jobMaxAttempts: number;
  /** How long a claimed job is its worker's before another may take it (renewed while it runs). */
  jobLeaseMs: number;
  autoCommitIntervalSeconds: number;
  /** SCORM_TRACE_DAYS: API trace parts older than this are removed by the worker (decision 0023). */
  traceDays: number;
  wsHeartbeatMs: number;
  frameAncestors: string | undefined;
  /** xAPI forwarding of run-time results to an LRS (SCORM_XAPI_*); undefined when SCORM_XAPI_ENDPOINT is unset. */
  xapi: XapiConfig | undefined;
  /** Commits (and sequencing-state saves) per registration: a token bucket, 429 past it. */
  commitRate: { perSecond: number; burst: number };
  /** SCORM_SUSPEND_DATA_ONCE: attempt rows store suspend_data in its column only, not in data_json too (decision 0043). */
  suspendDataOnce: boolean;
  /** Uploads received at once; one more is 429 TOO_MANY_UPLOADS. */
  maxConcurrentUploads: number;
  /** server.requestTimeout (0: none) and server.headersTimeout of both listeners, in ms. */
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  /**
   * server.keepAliveTimeout of both listeners, in ms: how long an idle connection is kept for its
   * next request. Longer than a load balancer's idle timeout (ALB: 60 s), so the balancer, not the
   * server, closes an idle connection, and a learner committing every 30 s reuses its connection.
   */
  keepAliveTimeoutMs: number;
  /** The outbox dispatcher (webhooks and other sinks): lease, poll, retry schedule, in ms. */
  outbox: { leaseMs: number; pollMs: number; retryBaseMs: number; retryMaxMs: number; retryForMs: number; retentionMs: number };
  /** SCORM_WEBHOOK_ALLOW_PRIVATE: webhooks may reach loopback and private addresses (tests, closed networks). */
  webhookAllowPrivate: boolean;
}

export interface XapiConfig {
  /** The LRS's xAPI base (statements go to `${endpoint}/statements`), without a trailing slash. */
  endpoint: string;
  /** Basic auth of the LRS; both or neither. */
  key: string | undefined;
  secret: string | undefined;
  /** Activity ids start here: `${activityIriBase}/<package id>/<item identifier>`. */
  activityIriBase: string;
  /** The home page of the learners' xAPI accounts. */
  homePage: string;
  /** Statements per POST to the LRS. */
  batchSize: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const MB = 1024 * 1024;

export function loadConfig(env: Record<string, string | undefined>): Config {
  const problems: string[] = [];
  const read = (name: string, fallback: string): string => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? fallback : value.trim();
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name, String(fallback));
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return Number(raw);
  };
  const boolean = (name: string, fallback: boolean): boolean => {
    const raw = read(name, String(fallback)).toLowerCase();
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  };
  const oneOf = <T extends string>(name: string, fallback: T, allowed: readonly T[]): T => {
    const raw = read(name, fallback);
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return fallback;
  };
  const optional = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };

  const port = integer('PORT', 3000, 0, 65535);
  // PORT=0 (any free port) makes the delivery port any free port too.
  const deliveryPort = integer('DELIVERY_PORT', port === 0 ? 0 : Math.min(port + 1, 65535), 0, 65535);
  if (port !== 0 && deliveryPort === port) problems.push(`DELIVERY_PORT must differ from PORT (both ${port}): the two origins need two ports`);
  const host = read('HOST', '0.0.0.0');
  const publicUrl = originUrl('SCORM_PUBLIC_URL', optional('SCORM_PUBLIC_URL'), false, problems);
  const deliveryUrl = originUrl('SCORM_DELIVERY_URL', optional('SCORM_DELIVERY_URL'), true, problems);
  if (publicUrl && deliveryUrl && publicUrl === deliveryUrl) {
    problems.push('SCORM_DELIVERY_URL must be another origin than SCORM_PUBLIC_URL: course content must never run where the admin console lives');
  }
  const dataDir = read('SCORM_DATA_DIR', './data');
  const database = parseDatabaseUrl(read('DATABASE_URL', `sqlite:${dataDir}/scorm.sqlite`), problems);

  const driver = oneOf('SCORM_STORAGE_DRIVER', 'local', ['local', 's3'] as const);
  let storage: StorageConfig;
  if (driver === 's3') {
    const bucket = optional('SCORM_S3_BUCKET');
    if (!bucket) problems.push('SCORM_S3_BUCKET is required when SCORM_STORAGE_DRIVER is s3');
    const endpoint = optional('SCORM_S3_ENDPOINT');
    if (endpoint && !isHttpUrl(endpoint)) {
      problems.push(`SCORM_S3_ENDPOINT must be an http(s) URL, got "${endpoint}"`);
    }
    storage = {
      driver,
      bucket: bucket ?? '',
      region: read('SCORM_S3_REGION', 'us-east-1'),
      endpoint,
      forcePathStyle: boolean('SCORM_S3_FORCE_PATH_STYLE', false),
      prefix: read('SCORM_S3_PREFIX', 'scorm-packages').replace(/^\/+|\/+$/g, ''),
    };
  } else {
    storage = { driver, localPath: read('SCORM_LOCAL_PATH', `${dataDir}/content`) };
  }

  const config: Config = {
    port,
    deliveryPort,
    host,
    publicUrl,
    deliveryUrl,
    database,
    dataDir,
    storage,
    limits: {
      maxUploadBytes: integer('SCORM_MAX_UPLOAD_MB', 500, 1, 1_000_000) * MB,
      maxUncompressedBytes: integer('SCORM_MAX_UNCOMPRESSED_MB', 2048, 1, 10_000_000) * MB,
      maxFiles: integer('SCORM_MAX_FILES', 20000, 1, 10_000_000),
    },
    adminToken: optional('SCORM_ADMIN_TOKEN'),
    secret: optional('SCORM_SECRET'),
    role: oneOf('SCORM_ROLE', 'all', ['all', 'web', 'worker'] as const),
    workerConcurrency: integer('SCORM_WORKER_CONCURRENCY', 2, 0, 64),
    jobMaxAttempts: integer('SCORM_JOB_MAX_ATTEMPTS', 3, 1, 100),
    jobLeaseMs: integer('SCORM_JOB_LEASE_MS', 30000, 1000, 3_600_000),
    autoCommitIntervalSeconds: integer('SCORM_AUTO_COMMIT_INTERVAL', 30, 0, 86_400),
    traceDays: integer('SCORM_TRACE_DAYS', 7, 1, 3650),
    wsHeartbeatMs: integer('SCORM_WS_HEARTBEAT_MS', 30000, 100, 3_600_000),
    frameAncestors: optional('SCORM_FRAME_ANCESTORS'),
    xapi: xapiConfig(optional, integer('SCORM_XAPI_BATCH_SIZE', 50, 1, 1000), publicUrl, problems),
    commitRate: {
      perSecond: integer('SCORM_COMMIT_RATE', 50, 1, 1_000_000),
      burst: integer('SCORM_COMMIT_BURST', 500, 1, 1_000_000),
    },
    suspendDataOnce: boolean('SCORM_SUSPEND_DATA_ONCE', false),
    maxConcurrentUploads: integer('SCORM_MAX_CONCURRENT_UPLOADS', 4, 1, 10_000),
    requestTimeoutMs: integer('SCORM_REQUEST_TIMEOUT', 600, 0, 86_400) * 1000,
    headersTimeoutMs: integer('SCORM_HEADERS_TIMEOUT', 30, 1, 3600) * 1000,
    keepAliveTimeoutMs: integer('SCORM_KEEP_ALIVE_TIMEOUT', 65, 1, 3600) * 1000,
    outbox: {
      leaseMs: integer('SCORM_OUTBOX_LEASE_MS', 30_000, 500, 3_600_000),
      pollMs: integer('SCORM_OUTBOX_POLL_MS', 1000, 10, 600_000),
      retryBaseMs: integer('SCORM_OUTBOX_RETRY_BASE_MS', 10_000, 1, 86_400_000),
      retryMaxMs: integer('SCORM_OUTBOX_RETRY_MAX_MS', 3_600_000, 1, 86_400_000),
      retryForMs: integer('SCORM_OUTBOX_RETRY_FOR_MS', 86_400_000, 0, 30 * 86_400_000),
      retentionMs: integer('SCORM_OUTBOX_RETENTION_DAYS', 7, 1, 3650) * 86_400_000,
    },
    webhookAllowPrivate: boolean('SCORM_WEBHOOK_ALLOW_PRIVATE', false),
  };
  // Node refuses a headers timeout longer than the whole request's.
  if (config.requestTimeoutMs > 0 && config.headersTimeoutMs > config.requestTimeoutMs) {
    problems.push('SCORM_HEADERS_TIMEOUT must not be longer than SCORM_REQUEST_TIMEOUT (unless that is 0)');
  }
  if (config.outbox.retryBaseMs > config.outbox.retryMaxMs) {
    problems.push('SCORM_OUTBOX_RETRY_BASE_MS must not be longer than SCORM_OUTBOX_RETRY_MAX_MS');
  }
  if (config.adminToken !== undefined && config.adminToken.length < 16) {
    problems.push('SCORM_ADMIN_TOKEN must be at least 16 characters');
  }
  if (config.secret !== undefined && config.secret.length < 32) {
    problems.push('SCORM_SECRET must be at least 32 characters');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function parseDatabaseUrl(raw: string, problems: string[]): DatabaseConfig {
  if (raw.startsWith('sqlite:')) {
    const filename = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (filename === '') problems.push('DATABASE_URL sqlite: needs a file name, e.g. sqlite:./data/scorm.sqlite');
    return { client: 'sqlite', filename };
  }
  if (raw.startsWith('mysql://')) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      problems.push(`DATABASE_URL is not a valid URL: "${redactPassword(raw)}"`);
      return { client: 'mysql', url: raw, database: '' };
    }
    const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
    if (!url.hostname) problems.push('DATABASE_URL needs a host, e.g. mysql://user:pass@127.0.0.1:3306/scorm');
    if (!/^[A-Za-z0-9_$]{1,64}$/.test(database)) {
      problems.push(`DATABASE_URL needs a database name of letters, digits and _ (got "${database}")`);
    }
    if (url.port && !/^\d+$/.test(url.port)) problems.push('DATABASE_URL port must be a number');
    return { client: 'mysql', url: raw, database };
  }
  problems.push(`DATABASE_URL must start with sqlite: or mysql://, got "${redactPassword(raw)}"`);
  return { client: 'sqlite', filename: '' };
}

/**
 * An origin URL (scheme, host, optional port; no path, query or credentials), returned without a
 * trailing slash. With `template`, `{package}` may stand for one label of the host name.
 */
function originUrl(name: string, raw: string | undefined, template: boolean, problems: string[]): string | undefined {
  if (raw === undefined) return undefined;
  const value = raw.replace(/\/+$/, '');
  const placeholders = value.split('{package}').length - 1;
  if (placeholders > 0 && !template) {
    problems.push(`${name} cannot contain {package}`);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value.replace('{package}', 'package-id'));
  } catch {
    problems.push(`${name} must be an http(s) origin such as https://lms.example.com, got "${raw}"`);
    return undefined;
  }
  const hostLabels = url.hostname.split('.');
  if (
    !['http:', 'https:'].includes(url.protocol) ||
    url.pathname !== '/' ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== '' ||
    url.password !== ''
  ) {
    problems.push(`${name} must be an http(s) origin with no path, query or credentials, e.g. https://play.example.com, got "${raw}"`);
    return undefined;
  }
  if (placeholders > 1 || (placeholders === 1 && !hostLabels.includes('package-id'))) {
    problems.push(`${name} may hold {package} once, as a whole label of the host name (https://{package}.play.example.com), got "${raw}"`);
    return undefined;
  }
  return value;
}

/**
 * SCORM_XAPI_*: present when SCORM_XAPI_ENDPOINT is set. Activity ids and account home pages
 * must not change with the port a server happens to listen on, so without their own variables
 * they come from SCORM_PUBLIC_URL, which is then required.
 */
function xapiConfig(optional: (name: string) => string | undefined, batchSize: number, publicUrl: string | undefined, problems: string[]): XapiConfig | undefined {
  const endpoint = optional('SCORM_XAPI_ENDPOINT');
  if (endpoint === undefined) return undefined;
  if (!isHttpUrl(endpoint)) problems.push(`SCORM_XAPI_ENDPOINT must be an http(s) URL (the LRS's xAPI base), got "${endpoint}"`);
  // fetch refuses a URL with credentials, so every statement would fail; and the admin API shows the endpoint.
  else if (/^[a-z]+:\/\/[^/?#]*@/i.test(endpoint)) problems.push('SCORM_XAPI_ENDPOINT must not carry credentials (user:password@): set SCORM_XAPI_KEY and SCORM_XAPI_SECRET');
  const key = optional('SCORM_XAPI_KEY');
  const secret = optional('SCORM_XAPI_SECRET');
  if ((key === undefined) !== (secret === undefined)) problems.push('SCORM_XAPI_KEY and SCORM_XAPI_SECRET go together (the LRS\'s Basic auth): set both or neither');
  const iri = (name: string, fallback: string | undefined): string => {
    const value = optional(name) ?? fallback;
    if (value === undefined) {
      problems.push(`${name} (or SCORM_PUBLIC_URL) is required when SCORM_XAPI_ENDPOINT is set: xAPI ids must not depend on the listen port`);
      return '';
    }
    if (!isHttpUrl(value) || /[?#]/.test(value)) problems.push(`${name} must be an http(s) IRI without query or fragment, got "${value}"`);
    return value.replace(/\/+$/, '');
  };
  return {
    endpoint: endpoint.replace(/\/+$/, ''),
    key,
    secret,
    activityIriBase: iri('SCORM_XAPI_ACTIVITY_IRI_BASE', publicUrl && `${publicUrl}/xapi/activities`),
    homePage: iri('SCORM_XAPI_HOMEPAGE', publicUrl),
    batchSize,
  };
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Database URLs carry passwords; never echo one back in an error. */
export function redactPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
