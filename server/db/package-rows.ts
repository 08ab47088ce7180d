// The rows of a parsed package, made ready for the database where the parsing happened (the
// manifest worker thread): the package row's columns with its JSON already serialised, and the
// item rows as JSON batches, so the event loop of the server only copies strings and never
// walks or clones a 100,000-item tree.
import type { Diagnostic, ParsedPackage } from '../../scorm/manifest/model.ts';
import { flattenItems } from './package-items.ts';

/** Item rows per INSERT (and per JSON batch handed over by the worker). */
export const ITEM_BATCH = 200;

export interface PackageRows {
  columns: {
    title: string;
    version: '1.2' | '2004';
    edition: string | null;
    schemaversion: string | null;
    identifier: string;
    default_organization: string;
    sco_count: number;
    asset_count: number;
    manifest_json: string;
    diagnostics_json: string;
  };
  /** JSON arrays of package_items rows (without package_id), ITEM_BATCH rows each. */
  itemBatches: string[];
}

export function packageRows(pkg: ParsedPackage, diagnostics: Diagnostic[]): PackageRows {
  // package_id is added at insert time: the thread does not need to know it.
  const items = flattenItems(pkg, '').map(({ package_id: _, ...row }) => row);
  const itemBatches: string[] = [];
  for (let at = 0; at < items.length; at += ITEM_BATCH) itemBatches.push(JSON.stringify(items.slice(at, at + ITEM_BATCH)));
  return {
    columns: {
      title: pkg.title.slice(0, 1000),
      version: pkg.version,
      edition: pkg.edition,
      schemaversion: pkg.schemaversion?.slice(0, 64) ?? null,
      identifier: pkg.identifier.slice(0, 255),
      default_organization: pkg.default_organization,
      sco_count: pkg.sco_count,
      asset_count: pkg.asset_count,
      manifest_json: JSON.stringify({ organizations: pkg.organizations, resources: pkg.resources, metadata: pkg.metadata }),
      diagnostics_json: JSON.stringify(diagnostics),
    },
    itemBatches,
  };
}
