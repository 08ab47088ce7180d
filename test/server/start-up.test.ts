import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import knex from 'knex';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildServer, SERVER_ENTRY, SERVER_NODE_FLAGS } from '../../scripts/build-server.ts';
import { ROOT, runServerExpectingExit, startServerProcess } from '../helpers/server-process.ts';

const startUp = suite<{ dir: string }>('start-up (server/main.ts as a process)');
startUp.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'scorm-start-'));
});
startUp.after.each((ctx) => rmSync(ctx.dir, { recursive: true, force: true }));

startUp('with no configuration: SQLite in the data dir, a generated admin token printed and kept', async ({ dir }) => {
  const first = await startServerProcess({ SCORM_DATA_DIR: dir });
  try {
    const token = readFileSync(join(dir, 'admin-token'), 'utf8').trim();
    assert.ok(first.output().includes(`admin token: ${token}`), first.output());
    assert.ok(first.output().includes('console:'));
    // Both origins printed, each reachable at the URL shown (HOST=127.0.0.1 gives 127.0.0.1 URLs).
    const delivery = /delivery:\s+(http:\/\/\S+?)\/\s/.exec(first.output())?.[1];
    assert.ok(delivery && delivery !== first.url && delivery.startsWith('http://127.0.0.1:'), first.output());
    const health = await fetch(`${first.url}/healthz`);
    assert.equal(await health.json(), { status: 'ok', db: 'ok' });
    assert.equal(await (await fetch(`${delivery}/healthz`)).json(), { status: 'ok', db: 'ok' });
    assert.is((await fetch(`${delivery}/api/v1/nothing`, { headers: { authorization: `Bearer ${token}` } })).status, 404);
    const api = await fetch(`${first.url}/api/v1/nothing`, { headers: { authorization: `Bearer ${token}` } });
    assert.is(api.status, 404);
  } finally {
    await first.stop();
  }
  const second = await startServerProcess({ SCORM_DATA_DIR: dir });
  try {
    const token = readFileSync(join(dir, 'admin-token'), 'utf8').trim();
    assert.ok(second.output().includes(`admin token: ${token}`), 'the same token after a restart');
  } finally {
    await second.stop();
  }
});

startUp('the bundle npm start runs: migrates a fresh database, serves both origins, imports a package, 16 pool threads', async ({ dir }) => {
  await buildServer();
  const token = 'bundle-token-abcdefghijkl';
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  assert.ok(start.includes(`node ${SERVER_NODE_FLAGS.join(' ')} build/server/start.cjs`), 'npm start gives the bundle its Node flags');
  const server = await startServerProcess({ SCORM_DATA_DIR: dir, SCORM_ADMIN_TOKEN: token }, 30_000, SERVER_NODE_FLAGS, undefined, [SERVER_ENTRY]);
  try {
    assert.equal(await (await fetch(`${server.url}/healthz`)).json(), { status: 'ok', db: 'ok' });
    assert.is((await fetch(`${server.url}/`)).status, 200, 'the console, found beside the sources');
    const zip = readFileSync(join(ROOT, 'test/fixtures/packages/adl-cts4-api.zip'));
    const res = await fetch(`${server.url}/api/v1/packages?wait=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/zip' },
      body: zip,
    });
    assert.is(res.status, 201, await res.clone().text());
    // The pool size is set before the ES modules load (build/server/start.cjs), so libuv runs
    // 16 threads beside Node's own (Linux shows each thread in /proc).
    if (existsSync(`/proc/${server.child.pid}/task`)) assert.ok(readdirSync(`/proc/${server.child.pid}/task`).length >= 17);
  } finally {
    await server.stop();
  }
});

/** GET /healthz on one raw keep-alive connection: its Keep-Alive header, then when the server closes it idle. */
async function idleConnection(origin: string): Promise<{ keepAlive: string | undefined; closedAfterMs: Promise<number> }> {
  const { hostname, port } = new URL(origin);
  const socket = connect(Number(port), hostname);
  let received = '';
  const answered = new Promise<number>((resolve) => socket.on('data', (chunk) => {
    received += chunk;
    if (received.includes('\r\n\r\n') && received.endsWith('}')) resolve(Date.now());
  }));
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
  socket.write(`GET /healthz HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`);
  const at = await answered;
  return { keepAlive: /^keep-alive: (.*)$/im.exec(received)?.[1]?.trim(), closedAfterMs: closed.then((t) => t - at) };
}

startUp('idle connections are kept SCORM_KEEP_ALIVE_TIMEOUT seconds (65 by default, past a balancer\'s 60 s), on both origins', async ({ dir }) => {
  const byDefault = await startServerProcess({ SCORM_DATA_DIR: dir });
  try {
    const delivery = /delivery:\s+(http:\/\/\S+?)\/\s/.exec(byDefault.output())![1]!;
    for (const origin of [byDefault.url, delivery]) assert.is((await idleConnection(origin)).keepAlive, 'timeout=65', origin);
  } finally {
    await byDefault.stop();
  }
  const short = await startServerProcess({ SCORM_DATA_DIR: dir, SCORM_KEEP_ALIVE_TIMEOUT: '1' });
  try {
    const delivery = /delivery:\s+(http:\/\/\S+?)\/\s/.exec(short.output())![1]!;
    for (const origin of [short.url, delivery]) {
      const idle = await idleConnection(origin);
      assert.is(idle.keepAlive, 'timeout=1', origin);
      const after = await idle.closedAfterMs;
      assert.ok(after >= 900 && after < 5000, `closed ${after} ms after the answer`);
    }
  } finally {
    await short.stop();
  }
});

startUp('a token from the environment is used and not printed', async ({ dir }) => {
  const server = await startServerProcess({ SCORM_DATA_DIR: dir, SCORM_ADMIN_TOKEN: 'env-token-abcdefghijkl' });
  try {
    assert.not.ok(server.output().includes('env-token-abcdefghijkl'));
    const api = await fetch(`${server.url}/api/v1/x`, { headers: { authorization: 'Bearer env-token-abcdefghijkl' } });
    assert.is(api.status, 404);
  } finally {
    await server.stop();
  }
});

startUp('bad configuration: every problem listed, exit code non-zero', async ({ dir }) => {
  const { code, output } = await runServerExpectingExit({
    SCORM_DATA_DIR: dir,
    PORT: 'abc',
    SCORM_STORAGE_DRIVER: 's3',
  });
  assert.is(code, 1);
  assert.match(output, /Invalid configuration/);
  assert.match(output, /PORT/);
  assert.match(output, /SCORM_S3_BUCKET/);
});

startUp('knexfile.ts migrates the configured database through the knex CLI', async ({ dir }) => {
  const filename = join(dir, 'cli.sqlite');
  await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'node_modules/knex/bin/cli.js', '--knexfile', 'knexfile.ts', 'migrate:latest'],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: `sqlite:${filename}` } },
  );
  const db = knex({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true });
  try {
    assert.ok(await db.schema.hasTable('import_jobs'));
  } finally {
    await db.destroy();
  }
});

if (process.env.TEST_DATABASE_URL) {
  startUp('on MySQL: the database is created and migrated at start', async ({ dir }) => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    const database = `scorm_start_${randomBytes(4).toString('hex')}`;
    url.pathname = `/${database}`;
    const server = await startServerProcess({ SCORM_DATA_DIR: dir, DATABASE_URL: url.toString() });
    const adminUrl = new URL(process.env.TEST_DATABASE_URL!);
    adminUrl.pathname = '/';
    const admin = knex({ client: 'mysql2', connection: { uri: adminUrl.toString() } as never });
    try {
      const health = await fetch(`${server.url}/healthz`);
      assert.equal(await health.json(), { status: 'ok', db: 'ok' });
      const [rows] = (await admin.raw('SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = ?', [database, 'import_jobs'])) as [Array<{ n: number }>];
      assert.is(Number(rows[0]!.n), 1);
    } finally {
      await server.stop();
      await admin.raw('DROP DATABASE IF EXISTS ??', [database]);
      await admin.destroy();
    }
  });
}

startUp.run();
