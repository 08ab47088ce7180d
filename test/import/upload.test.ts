// POST /api/v1/packages as clients really send it, on each database: raw and multipart bodies,
// no file, too large (with and without Content-Length, answered before the body is read), not a
// zip, a client that hangs up mid-upload, no token, and ?wait=true on a broken package.
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { testDatabaseKinds } from '../helpers/databases.ts';
import { openFilesUnder } from '../helpers/open-files.ts';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../helpers/test-app.ts';
import { uploadZip, waitForJobEnd } from '../helpers/uploads.ts';
import { scormEntries, writeZip } from '../helpers/zip-writer.ts';

const MB = 1024 * 1024;
const BOUNDARY = '----scorm-test-boundary-7d1f';

/** A valid package padded with a stored entry of random bytes to about `size` bytes. */
function packageOf(size = 0): Buffer {
  return writeZip([...scormEntries(), ...(size > 0 ? [{ name: 'media/pad.bin', data: randomBytes(size), method: 'store' as const }] : [])]);
}

const uploadsOf = (t: TestApp) => join(t.dataDir, 'uploads');
const listUploads = (t: TestApp) => {
  try {
    return readdirSync(uploadsOf(t));
  } catch {
    return [];
  }
};
const jobCount = async (t: TestApp) => (await t.database.db('import_jobs').select('id')).length;

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface StreamedAnswer {
  status: number;
  body: Record<string, any>;
  /** Body bytes written by the client when the answer's headers arrived. */
  sentAtAnswer: number;
}

/**
 * Sends `head`, then `total` bytes of filler in 64 KB chunks with chunked transfer encoding (no
 * Content-Length), stopping as soon as the server answers. Multipart wraps it in a `file` part.
 */
function streamUpload(t: TestApp, options: { head: Buffer; total: number; multipart?: boolean }): Promise<StreamedAnswer> {
  const url = new URL(t.url);
  const contentType = options.multipart ? `multipart/form-data; boundary=${BOUNDARY}` : 'application/zip';
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answer: IncomingMessage | undefined;
    let sentAtAnswer = 0;
    const req = request({
      host: url.hostname,
      port: url.port,
      method: 'POST',
      path: '/api/v1/packages',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': contentType, 'transfer-encoding': 'chunked' },
    });
    req.on('response', (res) => {
      answer = res;
      sentAtAnswer = sent;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || '{}'), sentAtAnswer });
      });
    });
    req.on('error', (error) => {
      if (!answer) reject(new Error(`no answer after ${sent} bytes: ${error.message}`));
    });
    const write = (chunk: Buffer) =>
      new Promise<void>((done) => {
        sent += chunk.length;
        // Paced to about 30 MB/s: loopback socket buffers hold megabytes, so an unpaced client
        // would be far ahead of what the server has read when it answers.
        const pause = () => setTimeout(done, 2);
        if (req.write(chunk)) pause();
        else req.once('drain', pause);
      });
    (async () => {
      if (options.multipart) {
        await write(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.zip"\r\nContent-Type: application/zip\r\n\r\n`));
      }
      await write(options.head);
      const filler = Buffer.alloc(64 * 1024, 0x61);
      while (!answer && !req.destroyed && sent < options.total) await write(filler);
      if (!answer && !req.destroyed) {
        if (options.multipart) await write(Buffer.from(`\r\n--${BOUNDARY}--\r\n`));
        req.end();
      }
    })().catch(reject);
  });
}

/** Starts an upload, writes `bytes` of it, waits until the server holds a temp file, then hangs up. */
async function hangUpMidUpload(t: TestApp, multipart: boolean, bytes: number): Promise<void> {
  const url = new URL(t.url);
  const req = request({
    host: url.hostname,
    port: url.port,
    method: 'POST',
    path: '/api/v1/packages',
    headers: {
      authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
      'content-type': multipart ? `multipart/form-data; boundary=${BOUNDARY}` : 'application/zip',
      'content-length': String(bytes * 2),
    },
  });
  req.on('error', () => undefined);
  const zip = packageOf(bytes * 2);
  if (multipart) req.write(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="p.zip"\r\nContent-Type: application/zip\r\n\r\n`);
  req.write(zip.subarray(0, bytes));
  // The half that was sent is on its way to disk: the cleanup has something to clean.
  await until('the server writes the temp file', () => listUploads(t).length > 0);
  req.destroy();
}

for (const kind of testDatabaseKinds()) {
  const test = suite<{ t: TestApp; small: TestApp }>(`upload (${kind})`);
  test.before(async (ctx) => {
    ctx.t = await startTestApp(kind);
    ctx.small = await startTestApp(kind, { env: { SCORM_MAX_UPLOAD_MB: '1' } });
  });
  test.after(async (ctx) => {
    await ctx.t?.stop();
    await ctx.small?.stop();
  });

  test('a raw application/zip body and a multipart "file" field are both accepted', async ({ t }) => {
    for (const multipart of [false, true]) {
      const { status, body } = await uploadZip(t, packageOf(10_000), '', multipart);
      assert.is(status, 202, JSON.stringify(body));
      assert.is(body.status, 'queued');
      assert.type(body.job_id, 'string');
      assert.is(body.job_url, `/api/v1/jobs/${body.job_id}`);
      assert.is(body.ws_url, `/ws/jobs/${body.job_id}`);
      const job = await waitForJobEnd(t, body.job_id);
      assert.is(job.status, 'completed', JSON.stringify(job));
      const pkg = (await (await t.admin(`/api/v1/packages/${job.package_id}`)).json()) as Record<string, any>;
      assert.is(pkg.file_count, 3);
    }
    // Multipart with other fields around the file, the file not first.
    const form = new FormData();
    form.append('note', 'before the file');
    form.append('file', new Blob([new Uint8Array(packageOf())], { type: 'application/zip' }), 'course.zip');
    form.append('after', 'after the file');
    const res = await t.admin('/api/v1/packages?wait=true', { method: 'POST', body: form });
    assert.is(res.status, 201, await res.clone().text());
    assert.equal(listUploads(t), []);
  });

  test('no file → 400 FILE_REQUIRED, no job', async ({ t }) => {
    const before = await jobCount(t);
    const empty = await t.admin('/api/v1/packages', { method: 'POST', body: new Uint8Array(0), headers: { 'content-type': 'application/zip' } });
    assert.is(empty.status, 400);
    assert.is(((await empty.json()) as any).error.code, 'FILE_REQUIRED');
    const bare = await t.admin('/api/v1/packages', { method: 'POST' });
    assert.is(bare.status, 400);
    assert.is(((await bare.json()) as any).error.code, 'FILE_REQUIRED');
    const form = new FormData();
    form.append('title', 'a form without a file');
    form.append('upload', new Blob([new Uint8Array(packageOf())]), 'wrong-field.zip');
    const noFile = await t.admin('/api/v1/packages', { method: 'POST', body: form });
    assert.is(noFile.status, 400);
    assert.is(((await noFile.json()) as any).error.code, 'FILE_REQUIRED');
    assert.is(await jobCount(t), before);
    assert.equal(listUploads(t), []);
  });

  test('over SCORM_MAX_UPLOAD_MB with a Content-Length → 413 PACKAGE_TOO_LARGE', async ({ small: t }) => {
    for (const multipart of [false, true]) {
      const { status, body } = await uploadZip(t, packageOf(5 * MB), '', multipart);
      assert.is(status, 413);
      assert.is(body.error.code, 'PACKAGE_TOO_LARGE');
    }
    // Just under the limit still passes.
    const fits = await uploadZip(t, packageOf(MB - 4096), '?wait=true');
    assert.is(fits.status, 201, JSON.stringify(fits.body).slice(0, 300));
    // The worker removes the upload right after it marks the job completed (which answered us).
    await until('the completed upload is removed', () => listUploads(t).length === 0);
  });

  test('over the limit, chunked without Content-Length → 413 before the body is sent, temp file gone', async ({ small: t }) => {
    const before = await jobCount(t);
    for (const multipart of [false, true]) {
      const total = 20 * MB;
      const answer = await streamUpload(t, { head: packageOf(1000).subarray(0, 64), total, multipart });
      assert.is(answer.status, 413, JSON.stringify(answer.body));
      assert.is(answer.body.error?.code, 'PACKAGE_TOO_LARGE');
      assert.ok(answer.sentAtAnswer < 6 * MB, `answered after ${Math.round(answer.sentAtAnswer / MB)} of ${total / MB} MB`);
      await until('the temp file is removed', () => listUploads(t).length === 0);
      assert.equal(await openFilesUnder(uploadsOf(t)), []);
    }
    assert.is(await jobCount(t), before);
    // The server still serves the next upload.
    assert.is((await uploadZip(t, packageOf(), '?wait=true')).status, 201);
  });

  test('a client that hangs up mid-upload leaves no temp file and no job', async ({ t }) => {
    for (const multipart of [false, true]) {
      const before = await jobCount(t);
      await hangUpMidUpload(t, multipart, 2 * MB);
      await until('the temp file is removed', () => listUploads(t).length === 0);
      assert.equal(await openFilesUnder(uploadsOf(t)), [], `no descriptor holds the deleted file (multipart ${multipart})`);
      // A job row would appear only after the body was complete; give it the chance to be wrong.
      await new Promise((r) => setTimeout(r, 200));
      assert.is(await jobCount(t), before, `multipart ${multipart}`);
      assert.equal(listUploads(t), []);
    }
  });

  test('not a zip → 415 NOT_A_ZIP, also when large and chunked', async ({ t, small }) => {
    const before = await jobCount(t);
    for (const multipart of [false, true]) {
      const text = Buffer.from('<html>this is a web page, not a zip</html>\n');
      const { status, body } = await uploadZip(t, text, '', multipart);
      assert.is(status, 415);
      assert.is(body.error.code, 'NOT_A_ZIP');
      // Refused on its first bytes, not after the whole (here: endless) body.
      const answer = await streamUpload(small, { head: Buffer.from('GIF89a not a zip'), total: 20 * MB, multipart });
      assert.is(answer.status, 415, JSON.stringify(answer.body));
      assert.is(answer.body.error?.code, 'NOT_A_ZIP');
      assert.ok(answer.sentAtAnswer < 6 * MB, `answered after ${Math.round(answer.sentAtAnswer / MB)} MB`);
    }
    assert.is(await jobCount(t), before);
    await until('the temp files are removed', () => listUploads(t).length === 0 && listUploads(small).length === 0);
  });

  test('no admin token → 401, nothing written', async ({ t }) => {
    const before = await jobCount(t);
    for (const authorization of [undefined, 'Bearer wrong-token', 'Basic dGVzdDp0ZXN0']) {
      const headers: Record<string, string> = { 'content-type': 'application/zip' };
      if (authorization) headers.authorization = authorization;
      const res = await fetch(`${t.url}/api/v1/packages`, { method: 'POST', body: new Uint8Array(packageOf()), headers });
      assert.is(res.status, 401);
      assert.is(((await res.json()) as any).error.code, 'UNAUTHORIZED');
    }
    assert.is(await jobCount(t), before);
    assert.equal(listUploads(t), []);
  });

  test('?wait=true on a broken package answers the job error', async ({ t }) => {
    const noManifest = writeZip([{ name: 'index.html', data: '<p>no manifest</p>' }]);
    const { status, body } = await uploadZip(t, noManifest, '?wait=true');
    assert.is(status, 422);
    assert.is(body.error.code, 'MANIFEST_MISSING');
    assert.is(body.error.job.status, 'failed');
    assert.is(body.error.job.error.code, 'MANIFEST_MISSING');
    const unsafe = await uploadZip(t, writeZip([...scormEntries(), { name: '../x.txt', data: 'x' }]), '?wait=true', true);
    assert.is(unsafe.status, 422);
    assert.is(unsafe.body.error.code, 'UNSAFE_PATH');
    // The job reads the same through its URL.
    const job = await waitForJobEnd(t, unsafe.body.error.job.job_id);
    assert.is(job.error.code, 'UNSAFE_PATH');
    const failedPackages = await t.database.db('packages').whereIn('import_job_id', [body.error.job.job_id, job.job_id]);
    assert.is(failedPackages.length, 0);
  });

  test.run();
}
