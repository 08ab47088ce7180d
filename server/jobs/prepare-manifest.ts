// What the manifest worker thread does for one import: parse the manifest bytes against the
// zip's entry names and, when importable, turn the package into its database rows. Pure; run
// in-thread by unit tests, in a worker_thread by imports (manifest-pool.ts).
import type { DiagnosticCode } from '../../scorm/manifest/diagnostics.ts';
import { parseManifest } from '../../scorm/manifest/parse-manifest.ts';
import { packageRows, type PackageRows } from '../db/package-rows.ts';

export interface ManifestJob {
  bytes: Uint8Array;
  /** Entry names relative to the manifest's folder. */
  entries: string[];
}

export type PreparedManifest =
  | { ok: true; rows: PackageRows }
  /** The first error only: a hostile manifest can raise one error per item. */
  | { ok: false; code: DiagnosticCode; message: string };

export function prepareManifest(job: ManifestJob): PreparedManifest {
  const parsed = parseManifest({ xml: job.bytes, entries: job.entries, root: '' });
  const firstError = parsed.diagnostics.find((d) => d.level === 'error');
  if (firstError || !parsed.package) {
    const d = firstError ?? { code: 'MANIFEST_INVALID' as const, message: 'The manifest could not be read.' };
    return { ok: false, code: d.code, message: d.message };
  }
  return { ok: true, rows: packageRows(parsed.package, parsed.diagnostics) };
}
