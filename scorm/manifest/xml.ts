// fast-xml-parser wrapped into a small namespace-aware element tree: each element and
// attribute carries its resolved namespace URI and family, with prefixes scoped per element.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeEntities, findEntityDeclaration, MAX_MANIFEST_BYTES, normalizeAttribute } from './xml-text.ts';
import { nsKind, UNDECLARED, XML_NS, type NsKind } from './namespaces.ts';
import { checkManifestLimits, MANIFEST_LIMITS, type LimitVerdict } from './xml-limits.ts';

export interface XmlAttr {
  name: string;
  ns: string;
  kind: NsKind;
  local: string;
  value: string;
}

export interface XmlElement {
  name: string;
  ns: string;
  kind: NsKind;
  local: string;
  attrs: XmlAttr[];
  children: XmlElement[];
  /** Direct text and CDATA, entities decoded, not trimmed. */
  text: string;
}

export type XmlParseResult =
  | { ok: true; root: XmlElement; undeclaredPrefixes: string[] }
  | { ok: false; message: string; code?: Extract<LimitVerdict, { ok: false }>['code'] };

/** Deeper nesting is refused by the parser too (xml-limits.ts refuses it first, with its code). */
const MAX_DEPTH = MANIFEST_LIMITS.depth;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Entities are decoded by xml-text.ts: no DOCTYPE entity is ever expanded.
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_DEPTH,
  // Callbacks get a matcher instead of a path string built per tag: 4x faster on big manifests.
  jPath: false,
});

type RawNode = Record<string, unknown>;

export function parseXml(text: string): XmlParseResult {
  if (text.length > MAX_MANIFEST_BYTES) return { ok: false, message: `The manifest is larger than ${MAX_MANIFEST_BYTES / 1048576} MiB.` };
  if (findEntityDeclaration(text))
    return { ok: false, message: 'The manifest declares XML entities in a DOCTYPE; entity declarations are refused for safety.' };
  const limits = checkManifestLimits(text);
  if (!limits.ok) return limits;
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    return { ok: false, message: `The manifest is not well-formed XML (line ${line}, column ${col}): ${msg}` };
  }
  let raw: unknown;
  try {
    raw = parser.parse(text);
  } catch (error) {
    return { ok: false, message: `The manifest could not be read as XML: ${(error as Error).message}` };
  }
  const undeclared = new Set<string>();
  const tops = Array.isArray(raw) ? (raw as RawNode[]) : [];
  const roots: XmlElement[] = [];
  for (const node of tops) {
    const built = build(node, new Map([['xml', XML_NS]]), undeclared);
    if (built) roots.push(built);
  }
  if (roots.length !== 1) return { ok: false, message: 'The manifest must have exactly one root element.' };
  return { ok: true, root: roots[0]!, undeclaredPrefixes: [...undeclared] };
}

function tagOf(node: RawNode): string | undefined {
  for (const key of Object.keys(node)) if (key !== ':@') return key;
  return undefined;
}

function build(node: RawNode, parentScope: Map<string, string>, undeclared: Set<string>): XmlElement | null {
  const name = tagOf(node);
  if (!name || name === '#text' || name === '#cdata') return null;
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  let scope = parentScope;
  for (const [key, value] of Object.entries(rawAttrs)) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) {
      if (scope === parentScope) scope = new Map(parentScope);
      scope.set(key === 'xmlns' ? '' : key.slice(6), normalizeAttribute(value).trim());
    }
  }
  const resolve = (prefix: string, isAttr: boolean): string => {
    if (isAttr && prefix === '') return '';
    const uri = scope.get(prefix);
    if (uri !== undefined) return uri;
    if (prefix === '') return '';
    undeclared.add(prefix);
    return UNDECLARED + prefix;
  };
  const [prefix, local] = split(name);
  const ns = resolve(prefix, false);
  const attrs: XmlAttr[] = [];
  for (const [key, value] of Object.entries(rawAttrs)) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
    const [p, l] = split(key);
    const uri = resolve(p, true);
    attrs.push({ name: key, ns: uri, kind: uri === '' ? 'other' : nsKind(uri), local: l, value: normalizeAttribute(value) });
  }
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[name] ?? []) as RawNode[]) {
    const childTag = tagOf(child);
    if (childTag === '#text') text += decodeEntities(String(child['#text'] ?? ''));
    else if (childTag === '#cdata') {
      for (const part of (child['#cdata'] ?? []) as RawNode[]) text += String(part['#text'] ?? '');
    } else {
      const built = build(child, scope, undeclared);
      if (built) children.push(built);
    }
  }
  return { name, ns, kind: nsKind(ns), local, attrs, children, text };
}

function split(qname: string): [string, string] {
  const colon = qname.indexOf(':');
  return colon === -1 ? ['', qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
}
