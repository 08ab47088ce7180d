// The test entry point: loads every test/**/*.test.ts into one uvu run and ends with the
// line "N passed, N failed" that CI reads; exits non-zero on any failure or when nothing ran.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

type SuiteResult = [errors: string | true, ran: number, skipped: number, total: number];
type QueuedSuite = () => Promise<SuiteResult>;

const root = resolve(import.meta.dirname);
const filters = process.argv.slice(2);

function findTestFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...findTestFiles(full));
    else if (name.endsWith('.test.ts')) found.push(full);
  }
  return found;
}

const files = findTestFiles(root).filter(
  (file) => filters.length === 0 || filters.some((f) => relative(root, file).includes(f)),
);

const g = globalThis as unknown as { UVU_DEFER: number; UVU_QUEUE: unknown[][]; UVU_INDEX: number };
g.UVU_DEFER = 1;
const uvu = await import('uvu');

for (const [index, file] of files.entries()) {
  g.UVU_INDEX = index;
  g.UVU_QUEUE.push([relative(root, file)]);
  await import(pathToFileURL(file).href);
}

// Last: every admin answer the tests above produce is checked against the OpenAPI description.
if (files.length > 0) {
  g.UVU_INDEX = files.length;
  g.UVU_QUEUE.push(['openapi answers (whole run)']);
  await import('./helpers/openapi-final-check.ts');
}

// Count what every suite reports; uvu's own summary misses suites whose `before` hook threw.
let passed = 0;
let failed = 0;
for (const group of g.UVU_QUEUE) {
  for (let i = 1; i < group.length; i++) {
    const run = group[i] as QueuedSuite;
    group[i] = async () => {
      let result: SuiteResult;
      try {
        result = await run();
      } catch (error) {
        // A hook that threw outside uvu's guard (e.g. an `after` of a suite whose `before` failed).
        console.error(`\n  ✘ suite crashed in ${String(group[0])}:`, error);
        failed += 1;
        return [String(error), 0, 0, 0] as SuiteResult;
      }
      const [errors, ran, , total] = result;
      passed += ran;
      failed += total - ran;
      if (errors !== true && total === ran) failed += 1; // a failing after-hook
      return result;
    };
  }
}

await uvu.exec(false);
console.log(`${passed} passed, ${failed} failed`);
if (passed + failed === 0) console.error('No test ran.');
process.exit(failed > 0 || passed === 0 ? 1 : 0);
