// Href resolution and launch URLs: the xml:base chain joined to an href (CAM 4th Ed. 3.4.1.x
// xml:base; RFC 3986 section 5), checked by the path gate, and item parameters appended by the
// CAM rules (CAM 4th Ed. 3.4.1.9 parameters; CAM 1.2 2.3.4 parameters).
import { normalizePackagePath } from '../path-gate.ts';

export type HrefResolution =
  /** Inside the package: url keeps query and fragment, path is the decoded file name. */
  | { kind: 'package'; url: string; path: string }
  | { kind: 'external'; url: string }
  | { kind: 'unsafe'; reason: string };

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

function isAbsoluteUrl(ref: string): boolean {
  return SCHEME.test(ref) || ref.startsWith('//');
}

/**
 * Joins bases (outermost first) and an href. Relaxation: a base without a trailing "/" is read
 * as a folder (authors write xml:base="content"); RFC 3986 would drop its last segment.
 */
export function resolveHref(bases: readonly string[], href: string): HrefResolution {
  let result = '';
  const parts = [...bases, href];
  for (const [index, raw] of parts.entries()) {
    const part = raw.trim();
    if (part === '') continue;
    const isHref = index === parts.length - 1;
    const asFolder = isHref || part.endsWith('/') ? part : part + '/';
    if (isAbsoluteUrl(part)) result = asFolder;
    else if (part.startsWith('/')) {
      if (!isAbsoluteUrl(result)) return { kind: 'unsafe', reason: `"${part}" is an absolute path, which points outside the package` };
      result = result.replace(/^([A-Za-z][A-Za-z0-9+.-]*:)?(\/\/[^/]*)?.*$/, '$1$2') + asFolder;
    } else result += asFolder;
  }
  if (isAbsoluteUrl(result)) {
    const scheme = SCHEME.exec(result)?.[1]?.toLowerCase();
    if (scheme === undefined || scheme === 'http' || scheme === 'https') return { kind: 'external', url: result };
    return { kind: 'unsafe', reason: `the "${scheme}:" scheme is not allowed in a launch URL` };
  }
  const cut = result.search(/[?#]/);
  const rawPath = cut === -1 ? result : result.slice(0, cut);
  const suffix = cut === -1 ? '' : result.slice(cut);
  const decoded = normalizePackagePath(percentDecode(rawPath));
  if (!decoded.ok) return { kind: 'unsafe', reason: decoded.reason };
  const encoded = normalizePackagePath(rawPath);
  if (!encoded.ok) return { kind: 'unsafe', reason: encoded.reason };
  return { kind: 'package', url: encoded.path + suffix, path: decoded.path };
}

/** Percent-decoding of a URI path (RFC 3986 2.1); a stray "%" is kept as written. */
export function percentDecode(path: string): string {
  if (!path.includes('%')) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return path.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

/**
 * CAM 4th Ed. 3.4.1.9: a leading "?" or "&" of the parameters is dropped; parameters starting
 * with "#" are a fragment, ignored when the href has one already; otherwise they join the query
 * with "&" when the href has one, "?" when not. The query always goes before a fragment.
 */
export function joinParameters(url: string, parameters: string | null): string {
  if (parameters === null) return url;
  let params = parameters.trim();
  while (params.startsWith('?') || params.startsWith('&')) params = params.slice(1);
  if (params === '') return url;
  const hash = url.indexOf('#');
  const beforeFragment = hash === -1 ? url : url.slice(0, hash);
  const fragment = hash === -1 ? '' : url.slice(hash);
  if (params.startsWith('#')) return hash === -1 ? url + params : url;
  const joiner = beforeFragment.includes('?') ? (/[?&]$/.test(beforeFragment) ? '' : '&') : '?';
  return beforeFragment + joiner + params + fragment;
}
