// The one gate every package path passes (STYLE.md principle 7): zip entries, manifest hrefs
// and content requests are normalised here, and anything that could leave the package is refused.

/**
 * The longest package path, in UTF-8 bytes: S3 keys are at most 1024 bytes, and the bucket
 * prefix and package id need the rest. Zip entries past it are refused at validation, not
 * half-way through storing.
 */
export const MAX_PATH_BYTES = 900;

export type PathGateResult = { ok: true; path: string } | { ok: false; reason: string };

// Characters that render as "." "/" or "\" but are not: a later NFKC step (a browser, a file
// system, an S3 console) could turn them into real separators, so they are refused outright.
const LOOK_ALIKES = /[\u2024\u2025\u2026\uFE52\uFF0E\u3002\uFF61\u2215\u2044\u29F8\uFF0F\u2216\uFE68\uFF3C\u29F5\u29F9]/u;
// C0, DEL and C1 controls; NUL is among them.
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
// U+FFFD is what a decoder leaves of an overlong or invalid UTF-8 sequence (e.g. C0 AE for ".").
const REPLACEMENT = '\uFFFD';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

function refuse(reason: string): PathGateResult {
  return { ok: false, reason };
}

/**
 * Normalises a package-relative path: NFC, "." segments dropped, ".." resolved inside the root.
 * A trailing "/" (a zip directory entry) is kept. Percent-decoding is the caller's job.
 */
export function normalizePackagePath(raw: string): PathGateResult {
  if (typeof raw !== 'string' || raw.length === 0) return refuse('empty path');
  if (LONE_SURROGATE.test(raw)) return refuse('invalid Unicode (lone surrogate)');
  if (raw.includes(REPLACEMENT)) return refuse('invalid or overlong character encoding');
  const path = raw.normalize('NFC');
  if (CONTROL.test(path)) return refuse('control character or NUL in path');
  if (path.includes('\\')) return refuse('backslash in path');
  if (LOOK_ALIKES.test(path)) return refuse('look-alike of "." or "/" in path');
  // Whatever compatibility mapping would create a separator or a dot is refused too.
  const compat = path.normalize('NFKC');
  if (count(compat, '/') !== count(path, '/') || count(compat, '.') !== count(path, '.'))
    return refuse('character that normalises to "." or "/"');
  if (path.startsWith('/')) return refuse('absolute path');
  if (/^[A-Za-z]:/.test(path)) return refuse('drive letter in path');

  const directory = path.endsWith('/');
  const segments = (directory ? path.slice(0, -1) : path).split('/');
  const out: string[] = [];
  for (const segment of segments) {
    if (segment === '.') continue;
    if (segment === '') return refuse('empty name in path');
    if (segment === '..') {
      if (out.length === 0) return refuse('path escapes the package root');
      out.pop();
      continue;
    }
    // Windows strips trailing dots and spaces, so "..." or ". ." could become "..".
    if (/^[. ]+$/.test(segment)) return refuse('name made only of dots and spaces');
    out.push(segment);
  }
  if (out.length === 0) return refuse('path names the package root itself');
  return { ok: true, path: out.join('/') + (directory ? '/' : '') };
}

function count(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}
