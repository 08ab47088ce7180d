// Test helper: the real packages of test/fixtures/packages, read once with unzipper
// (entry names and the manifest bytes), with index.json's independent reading of each.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import unzipper from 'unzipper';
import { locateManifest } from '../../../scorm/manifest/locate-manifest.ts';

import { FIXTURES_DIR } from '../../helpers/fixtures.ts';

export { FIXTURES_DIR };

export interface Fixture {
  name: string;
  entries: string[];
  /** The manifest bytes, or null when the zip has none where SCORM wants it. */
  manifest: Uint8Array | null;
}

export interface IndexEntry {
  short_name: string;
  schemaversion: string | null;
  organizations: number | null;
  items: number | null;
  launchable_items: number | null;
  sco_resources: number | null;
  asset_resources: number | null;
  default_org: string | null;
  default_org_resolves: boolean | null;
  missing_file_refs: string[] | null;
  parse_error: string | null;
}

let cache: Promise<Fixture[]> | undefined;

async function load(name: string): Promise<Fixture> {
  const dir = await unzipper.Open.file(resolve(FIXTURES_DIR, `${name}.zip`));
  const files = dir.files.filter((f) => f.type === 'File');
  const entries = files.map((f) => f.path);
  const located = locateManifest(entries);
  const entry = located.ok ? files.find((f) => f.path === located.path) : undefined;
  return { name, entries, manifest: entry ? new Uint8Array(await entry.buffer()) : null };
}

export function loadFixtures(): Promise<Fixture[]> {
  cache ??= Promise.all(
    readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.zip')).sort().map((f) => load(f.slice(0, -4))),
  );
  return cache;
}

export function loadIndex(): Map<string, IndexEntry> {
  const list = JSON.parse(readFileSync(resolve(FIXTURES_DIR, 'index.json'), 'utf8')) as IndexEntry[];
  return new Map(list.map((e) => [e.short_name, e]));
}
