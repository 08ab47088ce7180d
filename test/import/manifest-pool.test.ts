// The manifest worker threads: limits refused with their own codes from inside the thread, a
// parse past its time limit or a cancelled job ends with its thread terminated and the pool
// still serving, jobs beyond the pool's size wait their turn.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ImportCancelled, ImportError } from '../../server/jobs/import-error.ts';
import { createManifestPool, type ManifestParser } from '../../server/jobs/manifest-pool.ts';
import { MANIFEST_LIMITS } from '../../scorm/manifest/xml-limits.ts';
import { manifest12, org, sco } from '../scorm/manifest/build.ts';

const test = suite<{ pool: ManifestParser }>('manifest worker pool');
test.before((ctx) => {
  ctx.pool = createManifestPool({ size: 1, timeoutMs: 30_000 });
});
test.after(async (ctx) => ctx.pool.close());

const entries = ['imsmanifest.xml', 'index.html'];
const job = (xml: string) => ({ bytes: Buffer.from(xml), entries });
const items = (n: number) => Array.from({ length: n }, (_, i) => `<item identifier="I${i}" identifierref="R1"><title>T${i}</title></item>`).join('');

test('an importable manifest comes back as database rows, items in JSON batches', async ({ pool }) => {
  const result = await pool.prepare(job(manifest12(org(items(1200)), sco('R1', 'index.html'))));
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.is(result.rows.columns.version, '1.2');
  assert.is(result.rows.itemBatches.length, 6);
  const first = JSON.parse(result.rows.itemBatches[0]!) as Array<{ identifier: string; position: number }>;
  assert.is(first.length, 200);
  assert.equal([first[0]!.identifier, first[0]!.position], ['I0', 0]);
  assert.equal(JSON.parse(result.rows.columns.diagnostics_json), []);
});

test('each limit is refused in the thread with its own code', async ({ pool }) => {
  const attrs = Array.from({ length: 500_000 }, (_, i) => `a${i}="x"`).join(' ');
  const tooManyAttributes = manifest12(org(`<item identifier="I1" identifierref="R1" ${attrs}><title>T</title></item>`), sco('R1', 'index.html'));
  const tooManyItems = manifest12(org(items(MANIFEST_LIMITS.items + 1)), sco('R1', 'index.html'));
  const deep = '<item identifier="N">'.repeat(MANIFEST_LIMITS.depth) + '</item>'.repeat(MANIFEST_LIMITS.depth);
  const tooDeep = manifest12(org(`<item identifier="I1" identifierref="R1"><title>T</title></item>${deep}`), sco('R1', 'index.html'));
  const results = await Promise.all([tooManyAttributes, tooManyItems, tooDeep].map((xml) => pool.prepare(job(xml))));
  assert.equal(results.map((r) => (r.ok ? 'ok' : r.code)), ['MANIFEST_TOO_MANY_ATTRIBUTES', 'MANIFEST_TOO_MANY_ITEMS', 'MANIFEST_TOO_DEEP']);
});

test('other manifest errors come back as the first error only', async ({ pool }) => {
  const result = await pool.prepare(job('<manifest'));
  assert.equal(result.ok ? 'ok' : result.code, 'MANIFEST_INVALID');
});

test('a parse past the time limit fails MANIFEST_PARSE_TIMEOUT (its thread terminated)', async () => {
  const pool = createManifestPool({ size: 1, timeoutMs: 1 });
  try {
    const error = await pool.prepare(job(manifest12(org(items(20_000)), sco('R1', 'index.html')))).catch((e: unknown) => e);
    assert.instance(error, ImportError);
    assert.is((error as ImportError).code, 'MANIFEST_PARSE_TIMEOUT');
  } finally {
    await pool.close();
  }
});

test('a cancelled job ends ImportCancelled and the pool keeps serving', async ({ pool }) => {
  const abort = new AbortController();
  const running = pool.prepare(job(manifest12(org(items(20_000)), sco('R1', 'index.html'))), abort.signal);
  abort.abort();
  assert.instance(await running.catch((e: unknown) => e), ImportCancelled);
  const next = await pool.prepare(job(manifest12(org(items(3)), sco('R1', 'index.html'))));
  assert.ok(next.ok);
});

test('jobs beyond the pool size wait their turn and all complete', async ({ pool }) => {
  const results = await Promise.all(Array.from({ length: 4 }, (_, i) => pool.prepare(job(manifest12(org(items(10 + i)), sco('R1', 'index.html'))))));
  assert.equal(results.map((r) => r.ok && JSON.parse(r.rows.itemBatches[0]!).length), [10, 11, 12, 13]);
});

test('threads start on demand and end once idle; the next job starts one again', async () => {
  const pool = createManifestPool({ size: 2, timeoutMs: 30_000, idleMs: 20 });
  try {
    assert.is(pool.threads, 0, 'none before the first job');
    assert.ok((await pool.prepare(job(manifest12(org(items(3)), sco('R1', 'index.html'))))).ok);
    assert.is(pool.threads, 1);
    for (let waited = 0; pool.threads > 0 && waited < 10_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    assert.is(pool.threads, 0, 'the idle thread ended');
    assert.ok((await pool.prepare(job(manifest12(org(items(4)), sco('R1', 'index.html'))))).ok);
    assert.is(pool.threads, 1);
  } finally {
    await pool.close();
  }
});

test.run();
