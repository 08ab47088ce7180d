// Turning manifest bytes into text (BOM, UTF-16, declared legacy encodings) and decoding the
// five XML entities and numeric character references, which the XML parser is told to leave
// alone so that no DOCTYPE-declared entity is ever expanded.

/** Manifests past this size are refused before parsing (no real manifest comes close). */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

export function decodeManifestBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  // XML 1.0 section 4.3.3: without a BOM the declaration names the encoding; UTF-8 otherwise.
  const head = String.fromCharCode(...bytes.subarray(0, 200));
  const declared = /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
  if (declared && declared !== 'utf-8' && declared !== 'utf8') {
    try {
      return new TextDecoder(declared).decode(bytes);
    } catch {
      // An encoding label the runtime does not know: read it as UTF-8, the XML default.
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };
const REFERENCE = /&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_][A-Za-z0-9._-]*);/g;

/** XML 1.0 section 4.6 / 4.1: predefined entities and character references; others stay as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, ref: string) => {
    if (ref[0] !== '#') return PREDEFINED[ref] ?? whole;
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    const legal = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff)
      || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    return legal ? String.fromCodePoint(code) : '\uFFFD';
  });
}

/** XML 1.0 section 3.3.3: literal tabs and newlines in an attribute value read as spaces. */
export function normalizeAttribute(raw: string): string {
  return decodeEntities(raw.replace(/[\t\n\r]/g, ' '));
}

/** DOCTYPE with entity declarations is how billion-laughs and XXE start: refused outright. */
export function findEntityDeclaration(text: string): boolean {
  const doctype = text.search(/<!DOCTYPE/i);
  if (doctype === -1) return false;
  return /<!ENTITY/i.test(text.slice(doctype));
}
