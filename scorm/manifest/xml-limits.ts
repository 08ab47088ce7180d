// One linear pass over the manifest text before the XML parser sees it: counts items,
// attributes per element and nesting depth, and stops at the first limit passed, so a hostile
// manifest (an item with 500,000 attributes, 10,000 nested elements, millions of items) is
// refused with its own code in time proportional to its size, never in the parser's worst case.
// CAM 3.4 sets no such limits; these sit far above any real course (a few thousand items,
// a dozen attributes per element, nesting near 20).

export const MANIFEST_LIMITS = {
  /** <item> elements in the whole manifest (bench/healthz-during-import.ts imports 100,000). */
  items: 100_000,
  /** Attributes of one element, namespace declarations included. */
  attributesPerElement: 256,
  /** Element nesting. */
  depth: 256,
} as const;

export type ManifestLimits = { items: number; attributesPerElement: number; depth: number };

export type LimitVerdict =
  | { ok: true; items: number; maxDepth: number }
  | { ok: false; code: 'MANIFEST_TOO_MANY_ITEMS' | 'MANIFEST_TOO_MANY_ATTRIBUTES' | 'MANIFEST_TOO_DEEP'; message: string };

/** Skips markup the parser does not read as elements: comments, CDATA, PIs, DOCTYPE. */
function skipSpecial(text: string, at: number): number {
  const skipTo = (end: string) => {
    const found = text.indexOf(end, at);
    return found === -1 ? text.length : found + end.length;
  };
  if (text.startsWith('<!--', at)) return skipTo('-->');
  if (text.startsWith('<![CDATA[', at)) return skipTo(']]>');
  if (text.startsWith('<?', at)) return skipTo('?>');
  if (text.startsWith('<!', at)) {
    // A DOCTYPE may hold an internal subset in [...]; entity declarations are refused later.
    let brackets = 0;
    for (let i = at + 2; i < text.length; i++) {
      const c = text[i];
      if (c === '[') brackets++;
      else if (c === ']') brackets--;
      else if (c === '>' && brackets <= 0) return i + 1;
    }
    return text.length;
  }
  return -1;
}

export function checkManifestLimits(text: string, limits: ManifestLimits = MANIFEST_LIMITS): LimitVerdict {
  let depth = 0;
  let maxDepth = 0;
  let items = 0;
  let at = text.indexOf('<');
  while (at !== -1 && at < text.length) {
    const skipped = skipSpecial(text, at);
    if (skipped !== -1) {
      at = text.indexOf('<', skipped);
      continue;
    }
    if (text[at + 1] === '/') {
      depth--;
      at = text.indexOf('<', at + 2);
      continue;
    }
    // An opening tag: its name, then attributes (one "=" outside quotes each) up to ">".
    let i = at + 1;
    while (i < text.length && !/[\s/>]/.test(text[i]!)) i++;
    const name = text.slice(at + 1, i);
    const local = name.slice(name.indexOf(':') + 1);
    let attributes = 0;
    let quote = '';
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '=') {
        if (++attributes > limits.attributesPerElement)
          return { ok: false, code: 'MANIFEST_TOO_MANY_ATTRIBUTES', message: `Element <${name}> has more than ${limits.attributesPerElement} attributes.` };
      } else if (c === '>') break;
    }
    const selfClosing = text[i - 1] === '/';
    if (local === 'item' && ++items > limits.items)
      return { ok: false, code: 'MANIFEST_TOO_MANY_ITEMS', message: `The manifest has more than ${limits.items} items.` };
    if (depth + 1 > limits.depth)
      return { ok: false, code: 'MANIFEST_TOO_DEEP', message: `Elements are nested more than ${limits.depth} deep.` };
    if (depth + 1 > maxDepth) maxDepth = depth + 1;
    if (!selfClosing) depth++;
    at = text.indexOf('<', i + 1);
  }
  return { ok: true, items, maxDepth };
}
