// What the test run's OpenAPI answer check (test/helpers/openapi-check.ts) costs: the one-time
// compile, and per answer the check of a package detail, a registration page and an error,
// beside the baseline measured in the same run: the HTTP round trip of the same GET on a test
// app (which already includes the check). Run: npm run bench -- openapi-check
import { performance } from 'node:perf_hooks';
import { fixturePath } from '../test/helpers/fixtures.ts';
import { checkAnswer, checkLog, type Answer } from '../test/helpers/openapi-check.ts';
import { startTestApp } from '../test/helpers/test-app.ts';
import { uploadZip } from '../test/helpers/uploads.ts';

const ROUNDS = 500;

function median(samples: number[]): number {
  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

const compileStart = performance.now();
checkAnswer({ method: 'GET', path: '/healthz', status: 200, contentType: 'application/json', body: { status: 'ok', db: 'ok' } });
const compileMs = performance.now() - compileStart;

const t = await startTestApp('sqlite');
try {
  const pkg = (await uploadZip(t, fixturePath('golf-seq-posttestrollup-4thed-2004-4th'))).body;
  for (let i = 0; i < 20; i++) {
    await t.admin('/api/v1/registrations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ package_id: pkg.id, learner: { id: `l${i}`, name: 'L' } }) });
  }
  const registrations = await (await t.admin('/api/v1/registrations?limit=20')).json();
  const answers: Array<[string, Answer]> = [
    [`package detail (${JSON.stringify(pkg).length} bytes)`, { method: 'GET', path: `/api/v1/packages/${pkg.id}`, status: 200, contentType: 'application/json', body: pkg }],
    [`registration page of 20 (${JSON.stringify(registrations).length} bytes)`, { method: 'GET', path: '/api/v1/registrations', status: 200, contentType: 'application/json', body: registrations }],
    ['error 404', { method: 'GET', path: '/api/v1/packages/nope', status: 404, contentType: 'application/json', body: { error: { code: 'PACKAGE_NOT_FOUND', message: 'x' } } }],
  ];
  console.log(`compile on first use: ${compileMs.toFixed(1)} ms (once per run)`);
  for (const [name, answer] of answers) {
    const samples: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const start = performance.now();
      // What the recorder does: a JSON round trip of the body, then the check.
      checkAnswer({ ...answer, body: JSON.parse(JSON.stringify(answer.body)) });
      samples.push(performance.now() - start);
    }
    console.log(`check of ${name}: median ${(median(samples) * 1000).toFixed(0)} µs over ${ROUNDS}`);
  }
  const http: number[] = [];
  for (let i = 0; i < 100; i++) {
    const start = performance.now();
    await (await t.admin(`/api/v1/packages/${pkg.id}`)).arrayBuffer();
    http.push(performance.now() - start);
  }
  console.log(`baseline, GET /api/v1/packages/:id round trip on a test app (check included): median ${(median(http) * 1000).toFixed(0)} µs over 100`);
  if (checkLog.mismatches.length > 0) throw new Error(`mismatches: ${checkLog.mismatches.join('\n')}`);
} finally {
  await t.stop();
}
