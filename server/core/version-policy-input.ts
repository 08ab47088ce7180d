// Reads on_new_version from a request body: keep, restart or migrate (null too where it means
// "the package's default"); anything else is 400 INVALID_VERSION_POLICY.
import { ON_NEW_VERSION_POLICIES, type OnNewVersion } from '../../contract/packages.ts';
import { badRequest } from '../errors.ts';

export function parseOnNewVersion(value: unknown, options: { nullable: boolean }): OnNewVersion | null {
  if (value === null && options.nullable) return null;
  if (typeof value === 'string' && (ON_NEW_VERSION_POLICIES as readonly string[]).includes(value)) return value as OnNewVersion;
  const allowed = ON_NEW_VERSION_POLICIES.map((p) => `"${p}"`).join(', ') + (options.nullable ? ' or null' : '');
  throw badRequest('INVALID_VERSION_POLICY', `on_new_version must be ${allowed}.`, { field: 'on_new_version' });
}
