// Every fixture package through the real upload API, on each database and both storage drivers:
// the good ones complete with the parser's version and counts and every file comes back
// byte-for-byte through the content route; the broken ones fail with the parser's first error
// code and leave nothing behind.
import { readdirSync } from 'node:fs';
import unzipper from 'unzipper';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { locateManifest } from '../../scorm/manifest/locate-manifest.ts';
import { parseManifest } from '../../scorm/manifest/parse-manifest.ts';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { FIXTURES_DIR, fixturePath } from '../helpers/fixtures.ts';
import { startS3rver, type RunningS3rver } from '../helpers/s3rver.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { uploadZip } from '../helpers/uploads.ts';

interface Expected {
  ok: boolean;
  errorCode?: string;
  version?: string;
  scoCount?: number;
  files: Map<string, Buffer>;
}

const JUNK = /^__MACOSX\/|(^|\/)(\.DS_Store|Thumbs\.db)$/;

async function expectationFor(zipName: string): Promise<Expected> {
  const dir = await unzipper.Open.file(fixturePath(zipName));
  const names = dir.files.filter((f) => f.type === 'File').map((f) => f.path);
  const located = locateManifest(names);
  if (!located.ok) return { ok: false, errorCode: located.diagnostic.code, files: new Map() };
  const files = new Map<string, Buffer>();
  for (const entry of dir.files) {
    if (entry.type !== 'File' || JUNK.test(entry.path) || !entry.path.startsWith(located.root)) continue;
    files.set(entry.path.slice(located.root.length), await entry.buffer());
  }
  const parsed = parseManifest({ xml: files.get(located.path.slice(located.root.length))!, entries: [...files.keys()] });
  const error = parsed.diagnostics.find((d) => d.level === 'error');
  if (error || !parsed.package) return { ok: false, errorCode: error?.code ?? 'MANIFEST_INVALID', files };
  return { ok: true, version: parsed.package.version, scoCount: parsed.package.sco_count, files };
}

const zips = readdirSync(FIXTURES_DIR).filter((n) => n.endsWith('.zip')).sort();

const configurations: Array<{ db: 'sqlite' | 'mysql'; storage: 'local' | 's3' }> = [];
for (const db of testDatabaseKinds()) for (const storage of ['local', 's3'] as const) configurations.push({ db, storage });

for (const configuration of configurations) {
  const test = suite<{ t: TestApp; s3?: RunningS3rver; expected: Map<string, Expected> }>(
    `import every fixture (${configuration.db}, ${configuration.storage})`,
  );
  test.before(async (ctx) => {
    ctx.expected = new Map();
    for (const zip of zips) ctx.expected.set(zip, await expectationFor(zip));
    if (configuration.storage === 's3') ctx.s3 = await startS3rver();
    ctx.t = await startTestApp(configuration.db, { s3: ctx.s3, env: { SCORM_WORKER_CONCURRENCY: '2' } });
  });
  test.after(async (ctx) => {
    await ctx.t?.stop();
    await ctx.s3?.stop();
  });

  test(`all ${zips.length} fixtures import as the parser says, files byte-for-byte`, async ({ t, expected }) => {
    assert.ok(zips.length >= 80, 'the fixture set is there');
    const failures: string[] = [];
    let completed = 0;
    let failed = 0;
    // Several uploads at once, as an integrator's batch would.
    const queue = [...zips];
    const runOne = async (zip: string) => {
      const want = expected.get(zip)!;
      const { status, body } = await uploadZip(t, fixturePath(zip), '?wait=true', zip.length % 2 === 0);
      if (!want.ok) {
        failed++;
        if (status !== 422 || body.error?.code !== want.errorCode) failures.push(`${zip}: wanted ${want.errorCode}, got ${status} ${JSON.stringify(body.error)}`);
        return;
      }
      completed++;
      if (status !== 201) return failures.push(`${zip}: wanted 201, got ${status} ${JSON.stringify(body).slice(0, 300)}`);
      if (body.version !== want.version || body.sco_count !== want.scoCount || body.file_count !== want.files.size) {
        failures.push(`${zip}: version ${body.version}/${want.version}, scos ${body.sco_count}/${want.scoCount}, files ${body.file_count}/${want.files.size}`);
      }
      const tokenRes = await t.admin(`/api/v1/packages/${body.id}/content-token`, { method: 'POST' });
      const { base_url } = (await tokenRes.json()) as { base_url: string };
      for (const [path, bytes] of want.files) {
        const url = base_url + path.split('/').map(encodeURIComponent).join('/');
        const res = await fetch(url);
        const got = Buffer.from(await res.arrayBuffer());
        if (res.status !== 200 || !got.equals(bytes)) {
          failures.push(`${zip}: ${path} answered ${res.status} with ${got.length} of ${bytes.length} bytes`);
          break;
        }
      }
    };
    await Promise.all(
      [1, 2, 3].map(async () => {
        for (let zip = queue.shift(); zip; zip = queue.shift()) await runOne(zip);
      }),
    );
    assert.equal(failures, []);
    assert.ok(completed > 60 && failed > 0, `${completed} completed, ${failed} failed`);

    const list = (await (await t.admin('/api/v1/packages?limit=500')).json()) as { total: number; items: unknown[] };
    assert.is(list.total, completed);
    assert.is(list.items.length, completed);
    const leftovers = await t.database.db('import_jobs').whereNot('status', 'completed').whereNot('status', 'failed');
    assert.is(leftovers.length, 0);
    // Failed jobs stored nothing.
    for (const job of await t.database.db('import_jobs').where('status', 'failed')) {
      for await (const entry of t.blobs.list(String(job.package_id))) assert.unreachable(`failed job left ${entry.path}`);
    }
  });

  test.run();
}
