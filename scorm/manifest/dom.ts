// Small queries over the parsed element tree: children and attributes by namespace family and
// local name, trimmed text. Manifest readers use only these.
import type { NsKind } from './namespaces.ts';
import type { XmlElement } from './xml.ts';

export function childrenOf(el: XmlElement, kind: NsKind, local: string): XmlElement[] {
  return el.children.filter((c) => c.kind === kind && c.local === local);
}

export function childOf(el: XmlElement, kind: NsKind, local: string): XmlElement | undefined {
  return el.children.find((c) => c.kind === kind && c.local === local);
}

/** An attribute; without kind, an unprefixed one (XML Namespaces 6.2: no default namespace). */
export function attrOf(el: XmlElement, local: string, kind?: NsKind): string | undefined {
  for (const a of el.attrs) {
    if (a.local !== local) continue;
    if (kind === undefined ? a.ns === '' : a.kind === kind) return a.value;
  }
  return undefined;
}

/** Case-insensitive attribute lookup, for adlcp:scormtype (1.2) vs adlcp:scormType (2004). */
export function attrOfAnyCase(el: XmlElement, local: string, kind: NsKind): string | undefined {
  const wanted = local.toLowerCase();
  return el.attrs.find((a) => a.kind === kind && a.local.toLowerCase() === wanted)?.value;
}

export function textOf(el: XmlElement | undefined): string {
  return el ? el.text.trim() : '';
}

/** xs:ID and xs:IDREF values collapse whitespace (XML Schema 2, 3.3.8), so " ORG " is "ORG". */
export function idOf(el: XmlElement, local: string): string | undefined {
  const value = attrOf(el, local);
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}
