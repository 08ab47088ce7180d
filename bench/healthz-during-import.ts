// /healthz latency while a package with a 100,000-item manifest (about 7.7 MB of XML) imports,
// against the same probe on the idle server in the same run. A real server process (server/main.ts,
// SQLite, local storage); one probe every 10 ms over a keep-alive connection.
//
//   node --import tsx bench/healthz-during-import.ts [--items 100000]
//
// Aim (issue 10): p99 under 50 ms during the import; the manifest is read in a worker thread
// (server/jobs/manifest-pool.ts) and its rows reach the event loop as JSON batches.
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import yazl from 'yazl';
import { startServerProcess } from '../test/helpers/server-process.ts';

const { values } = parseArgs({ options: { items: { type: 'string', default: '100000' } } });
const ITEMS = Number(values.items);
const TOKEN = 'bench-admin-token-0123456789';
const PROBE_EVERY_MS = 10;
const RESOURCES = 10;

function manifest(items: number): string {
  const parts: string[] = [];
  for (let i = 0; i < items; i++) parts.push(`<item identifier="I${i}" identifierref="R${i % RESOURCES}"><title>Lesson ${i}</title></item>`);
  const resources = Array.from({ length: RESOURCES }, (_, r) => `<resource identifier="R${r}" type="webcontent" adlcp:scormtype="sco" href="s${r}.html"><file href="s${r}.html"/></resource>`);
  return `<?xml version="1.0"?><manifest identifier="BIG" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">` +
    `<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata><organizations default="O"><organization identifier="O"><title>Big</title>${parts.join('')}</organization></organizations>` +
    `<resources>${resources.join('')}</resources></manifest>`;
}

async function writeZip(path: string, xml: string): Promise<void> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(xml), 'imsmanifest.xml');
  for (let r = 0; r < RESOURCES; r++) zip.addBuffer(Buffer.from(`<html><body>SCO ${r}</body></html>`), `s${r}.html`);
  zip.end();
  await new Promise<void>((resolve, reject) => zip.outputStream.pipe(createWriteStream(path)).on('finish', resolve).on('error', reject));
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

function call(url: string, method = 'GET', body?: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Probes /healthz every PROBE_EVERY_MS until `until` settles; returns each latency in ms. */
async function probe(url: string, until: Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  let done = false;
  void until.finally(() => (done = true));
  while (!done) {
    const started = performance.now();
    const { status } = await call(`${url}/healthz`);
    if (status !== 200) throw new Error(`/healthz answered ${status}`);
    const ms = performance.now() - started;
    latencies.push(ms);
    await new Promise((r) => setTimeout(r, Math.max(0, PROBE_EVERY_MS - ms)));
  }
  return latencies;
}

function summary(latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1);
  return `p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${sorted.at(-1)!.toFixed(1)} ms (${sorted.length} probes)`;
}

const work = mkdtempSync(join(tmpdir(), 'scorm-bench-healthz-'));
const server = await startServerProcess({ DATABASE_URL: `sqlite:${join(work, 'data/scorm.sqlite')}`, SCORM_DATA_DIR: join(work, 'data'), SCORM_ADMIN_TOKEN: TOKEN });
try {
  const xml = manifest(ITEMS);
  const zipPath = join(work, 'big.zip');
  await writeZip(zipPath, xml);
  console.log(`healthz during import bench (Node ${process.version}): manifest of ${ITEMS} items, ${(xml.length / 1048576).toFixed(1)} MiB`);

  await probe(server.url, new Promise((r) => setTimeout(r, 500))); // warm-up
  const idle = await probe(server.url, new Promise((r) => setTimeout(r, 3000)));
  console.log(`baseline, idle server:    ${summary(idle)}`);

  const auth = { authorization: `Bearer ${TOKEN}` };
  const started = performance.now();
  const upload = await call(`${server.url}/api/v1/packages`, 'POST', readFileSync(zipPath), { ...auth, 'content-type': 'application/zip' });
  if (upload.status !== 202) throw new Error(`upload answered ${upload.status}: ${upload.text}`);
  const jobUrl = `${server.url}${(JSON.parse(upload.text) as { job_url: string }).job_url}`;
  const ended = (async () => {
    for (;;) {
      const job = JSON.parse((await call(jobUrl, 'GET', undefined, auth)).text) as { status: string; error?: unknown };
      if (['completed', 'failed', 'cancelled'].includes(job.status)) return job;
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const during = await probe(server.url, ended);
  const job = await ended;
  console.log(`during the import:        ${summary(during)}`);
  const p99 = [...during].sort((x, y) => x - y)[Math.min(during.length - 1, Math.floor(0.99 * during.length))]!;
  console.log(`aim p99 < 50 ms:          ${p99 < 50 ? 'met' : 'not met'} (${p99.toFixed(1)} ms)`);
  console.log(`import:                   ${job.status} in ${((performance.now() - started) / 1000).toFixed(1)} s${job.error ? ` ${JSON.stringify(job.error)}` : ''}`);
  console.log(`load average (1 min):     ${(await import('node:os')).loadavg()[0]!.toFixed(1)} on ${(await import('node:os')).cpus().length} CPUs`);
  if (job.status !== 'completed') process.exitCode = 1;
} finally {
  agent.destroy();
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
