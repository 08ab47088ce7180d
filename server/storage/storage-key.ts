// The one gate every storage key passes: a checked package id plus a canonical package path
// from scorm/path-gate.ts; anything else is refused with UNSAFE_PATH before any I/O.
import { MAX_PATH_BYTES, normalizePackagePath } from '../../scorm/path-gate.ts';
import { unsafePath } from '../errors.ts';

export interface StorageKey {
  packageId: string;
  /** Canonical package-relative path: NFC, "/"-separated, no "." or ".." segments. */
  path: string;
  /** `<packageId>/<path>`; adapters put their root directory or bucket prefix in front. */
  key: string;
}

const PACKAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function checkPackageId(packageId: string): string {
  if (typeof packageId !== 'string' || !PACKAGE_ID.test(packageId)) {
    throw unsafePath('Package id must be 1 to 64 letters, digits, "_" or "-".', {
      packageId: String(packageId).slice(0, 80),
    });
  }
  return packageId;
}

export function storageKey(packageId: string, path: string): StorageKey {
  checkPackageId(packageId);
  const gate = normalizePackagePath(path);
  if (!gate.ok) throw unsafePath(`Unsafe package path: ${gate.reason}.`, { path: printable(path) });
  // The store does not resolve "a/./b" or "a/../b" for its callers: two spellings of one key
  // would let list() disagree with put(), so only the canonical spelling is accepted.
  if (gate.path !== path.normalize('NFC')) {
    throw unsafePath('Package path is not canonical (contains "." or ".." segments).', { path: printable(path) });
  }
  if (gate.path.endsWith('/')) throw unsafePath('Package path names a folder, not a file.', { path: printable(path) });
  if (Buffer.byteLength(gate.path) > MAX_PATH_BYTES) {
    throw unsafePath(`Package path is longer than ${MAX_PATH_BYTES} bytes.`, { path: printable(path).slice(0, 80) });
  }
  return { packageId, path: gate.path, key: `${packageId}/${gate.path}` };
}

function printable(value: unknown): string {
  return String(value).replace(/[\u0000-\u001F\u007F-\u009F]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
