// `npm run bench [name...]`: runs each benchmark in bench/ (or those whose name contains an
// argument) as its own process, one after another, so their figures do not disturb each other.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

const dir = import.meta.dirname;
const filters = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((name) => name.endsWith('.ts') && name !== 'run.ts')
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort();

let failed = 0;
for (const name of benches) {
  console.log(`\n=== bench/${name} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', resolve(dir, name)], { stdio: 'inherit', cwd: resolve(dir, '..') });
  if (result.status !== 0) failed++;
}
if (benches.length === 0) console.log('No benchmark matched.');
process.exit(failed > 0 ? 1 : 0);
