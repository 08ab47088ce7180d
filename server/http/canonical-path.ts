// canonicalPath: the one reading of a request path that the admin gate judges, broader than
// any reading a router, a proxy or a file server could make of it: percent-encoding undone
// (repeatedly, so %2561 is "a" too; %2F is a slash), backslashes as slashes, duplicate slashes
// merged, dot segments resolved (RFC 3986 5.2.4), trailing dots and spaces of a segment dropped,
// lower case. A path the gate would read as admin is refused without a token however it is
// spelled; the router then matches only the exact spelling.

const MAX_DECODE_ROUNDS = 8;

export function canonicalPath(raw: string): string {
  let path = raw;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    // Byte by byte, so one malformed sequence cannot stop the rest from being read.
    const decoded = path.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (decoded === path) break;
    path = decoded;
  }
  const segments: string[] = [];
  for (const rawSegment of path.replace(/\\/g, '/').split('/')) {
    // ";params" and "api." or "api " are read as "api" by some servers (Windows, Tomcat).
    const bare = rawSegment.split(';')[0]!;
    const segment = /^\.+$/.test(bare) ? bare : bare.replace(/[.\s]+$/, '');
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment.toLowerCase());
  }
  return '/' + segments.join('/');
}

/** True when the canonical path is `prefix` itself or lies under it (prefix without a trailing slash). */
export function isUnder(canonical: string, prefix: string): boolean {
  return canonical === prefix || canonical.startsWith(prefix + '/');
}
