// The shared fixture packages (../shared/fixtures/packages, beside the project root).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const FIXTURES_DIR = resolve(import.meta.dirname, '../../../shared/fixtures/packages');

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
