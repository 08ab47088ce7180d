// The real fixture packages and ADL test scripts copied into test/fixtures/ (licences in LICENSES.md).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const FIXTURES_ROOT = resolve(import.meta.dirname, '../fixtures');
export const FIXTURES_DIR = resolve(FIXTURES_ROOT, 'packages');
export const CTS_SCRIPTS_DIR = resolve(FIXTURES_ROOT, 'adl-cts4-testcases');

export interface FixtureInfo {
  short_name: string;
  zip: string;
  scorm_version: string;
  files: number;
  parse_error: string | null;
}

export function fixtureIndex(): FixtureInfo[] {
  return JSON.parse(readFileSync(resolve(FIXTURES_DIR, 'index.json'), 'utf8')) as FixtureInfo[];
}

export function fixturePath(name: string): string {
  return resolve(FIXTURES_DIR, name.endsWith('.zip') ? name : `${name}.zip`);
}
