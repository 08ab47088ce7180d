// Uploading zips to a test app and waiting for the job, the way an integrator does.
import { readFileSync } from 'node:fs';
import type { TestApp } from './test-app.ts';

export interface UploadAnswer {
  status: number;
  body: Record<string, any>;
}

export async function uploadZip(t: TestApp, zip: Buffer | string, query = '?wait=true', asMultipart = false): Promise<UploadAnswer> {
  const bytes = typeof zip === 'string' ? readFileSync(zip) : zip;
  let init: RequestInit;
  if (asMultipart) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/zip' }), 'package.zip');
    init = { method: 'POST', body: form };
  } else {
    init = { method: 'POST', body: new Uint8Array(bytes), headers: { 'content-type': 'application/zip' } };
  }
  const res = await t.admin(`/api/v1/packages${query}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

export async function waitForJobEnd(t: TestApp, jobId: string, timeoutMs = 60_000): Promise<Record<string, any>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await (await t.admin(`/api/v1/jobs/${jobId}`)).json()) as Record<string, any>;
    if (['completed', 'failed', 'cancelled'].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not end: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Nothing of a failed import may stay behind: no package row, no stored object, no temp file. */
export async function assertNothingLeft(t: TestApp): Promise<string[]> {
  const problems: string[] = [];
  const [{ n }] = (await t.database.db('packages').count({ n: '*' })) as [{ n: number }];
  if (Number(n) !== 0) problems.push(`${n} package rows`);
  const [{ f }] = (await t.database.db('package_files').count({ f: '*' })) as [{ f: number }];
  if (Number(f) !== 0) problems.push(`${f} package_files rows`);
  const jobs = await t.database.db('import_jobs').select('package_id');
  for (const { package_id } of jobs) {
    for await (const entry of t.blobs.list(String(package_id))) problems.push(`stored object ${entry.path}`);
  }
  return problems;
}
