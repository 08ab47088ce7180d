// The zip's entry names as a lookup for file checks: normalised by the path gate and made
// relative to the package root (the folder that holds imsmanifest.xml).
import { normalizePackagePath } from '../path-gate.ts';

export type FileLookup = { found: true } | { found: false; otherCase: string | undefined };

export interface PackageFiles {
  lookup(path: string): FileLookup;
  readonly size: number;
}

export function indexPackageFiles(entries: readonly string[], root: string): PackageFiles {
  const exact = new Set<string>();
  const folded = new Map<string, string>();
  for (const entry of entries) {
    const gate = normalizePackagePath(entry);
    if (!gate.ok || gate.path.endsWith('/') || !gate.path.startsWith(root)) continue;
    const path = gate.path.slice(root.length);
    if (path === '') continue;
    exact.add(path);
    folded.set(path.toLowerCase(), path);
  }
  return {
    size: exact.size,
    lookup(path) {
      if (exact.has(path)) return { found: true };
      // Content servers are case-sensitive, so a case difference is still missing, but named.
      return { found: false, otherCase: folded.get(path.toLowerCase()) };
    },
  };
}

export function missingMessage(what: string, path: string, lookup: FileLookup): string {
  const hint = !lookup.found && lookup.otherCase ? ` The zip has "${lookup.otherCase}", which differs only in letter case; links are case-sensitive.` : '';
  return `${what} "${path}" is not in the zip.${hint}`;
}
