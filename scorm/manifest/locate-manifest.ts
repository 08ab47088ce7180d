// Finding imsmanifest.xml among a zip's entry names (CAM 4th Ed. 3.2: the manifest sits at the
// root of the package). A zip whose only top-level entry is a folder holding the manifest is
// accepted too (SPEC: that folder becomes the root); anything deeper is refused.
import { normalizePackagePath } from '../path-gate.ts';
import type { Diagnostic } from './diagnostics.ts';

export type ManifestLocation =
  | { ok: true; path: string; root: string }
  | { ok: false; diagnostic: Diagnostic };

const MANIFEST = 'imsmanifest.xml';

/** Entries that archivers add and that never make a folder "not single". */
function isJunk(path: string): boolean {
  return path.startsWith('__MACOSX/') || /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini)$/i.test(path);
}

export function locateManifest(entries: readonly string[]): ManifestLocation {
  const paths: string[] = [];
  for (const entry of entries) {
    const gate = normalizePackagePath(entry);
    if (gate.ok && !isJunk(gate.path)) paths.push(gate.path);
  }
  // The exact name first; a different case only when nothing else matches (Windows-made zips).
  const atRoot = paths.find((p) => p === MANIFEST) ?? paths.find((p) => p.toLowerCase() === MANIFEST);
  if (atRoot) return { ok: true, path: atRoot, root: '' };

  const tops = new Set(paths.map((p) => (p.includes('/') ? p.slice(0, p.indexOf('/') + 1) : p)));
  if (tops.size === 1) {
    const [folder] = [...tops] as [string];
    if (folder.endsWith('/')) {
      const inner = paths.find((p) => p === folder + MANIFEST) ?? paths.find((p) => p.toLowerCase() === (folder + MANIFEST).toLowerCase());
      if (inner) return { ok: true, path: inner, root: folder };
    }
  }
  const deeper = paths.find((p) => p.toLowerCase().endsWith('/' + MANIFEST));
  const message = deeper
    ? `imsmanifest.xml was found at "${deeper}", but it must be at the root of the zip (or inside a single top-level folder). Zip the folder that holds imsmanifest.xml.`
    : 'The zip has no imsmanifest.xml: it is not a SCORM package, or the manifest was left out when zipping.';
  return { ok: false, diagnostic: { level: 'error', code: 'MANIFEST_MISSING', message, path: 'imsmanifest.xml' } };
}
