// Resolves a dot-notation element name against a version's data model (1.2 RTE §3.4.3, 2004 RTE
// §4.1.1): the rule, the collection indexes it crosses, or the keyword it asks for. Names resolve
// the same way whatever the data, so each resolution is memoised per model.
import type { ErrorName } from './error-codes.ts';
import type { CollectionRule, DataModelDefinition, ElementRule } from './element-rule.ts';

/** One collection index crossed by a name: `cmi.interactions.3.id` crosses `cmi.interactions` at 3. */
export interface IndexStep {
  readonly collection: string; // concrete path, e.g. "cmi.interactions.3.objectives"
  readonly index: number;
  readonly rule: CollectionRule;
}

export type Resolution =
  | { readonly kind: 'element'; readonly pattern: string; readonly rule: ElementRule; readonly steps: readonly IndexStep[] }
  | { readonly kind: 'children'; readonly value: string; readonly steps: readonly IndexStep[] }
  | { readonly kind: 'count'; readonly collection: string; readonly steps: readonly IndexStep[] }
  | { readonly kind: 'version'; readonly value: string }
  /** adl.nav.request_valid.choice / jump with `{target=…}` (2004 RTE §4.4.2). */
  | { readonly kind: 'navValid'; readonly request: 'choice' | 'jump'; readonly target: string | null }
  | { readonly kind: 'error'; readonly get: ErrorName; readonly set: ErrorName };

const INDEX = /^\d+$/;
const TARGET = /^\{target=([^{}]+)\}$/;
const NAV_VALID = 'adl.nav.request_valid.';

const error = (get: ErrorName, set: ErrorName = get): Resolution => ({ kind: 'error', get, set });

function resolveNavValid(name: string): Resolution | null {
  for (const request of ['choice', 'jump'] as const) {
    const base = NAV_VALID + request;
    if (name === base) return { kind: 'navValid', request, target: null };
    if (name.startsWith(base + '.')) {
      const m = TARGET.exec(name.slice(base.length + 1));
      return { kind: 'navValid', request, target: m === null ? null : m[1]! };
    }
  }
  return null;
}

function resolveUncached(model: DataModelDefinition, name: string): Resolution {
  const v12 = model.version === '1.2';
  if (name === '') return error('getNotSpecified', 'setNotSpecified');
  if (!v12 && name.startsWith(NAV_VALID)) {
    const nav = resolveNavValid(name);
    if (nav !== null) return nav;
  }
  const segments = name.split('.');
  if (!model.roots.includes(segments[0]!)) return error('undefinedElement');
  let pattern = segments[0]!;
  const steps: IndexStep[] = [];
  let concrete = pattern;
  const last = segments.length - 1;
  for (let i = 1; i <= last; i++) {
    const seg = segments[i]!;
    const collection = model.collections[pattern];
    if (seg.startsWith('_') && i === last) return resolveKeyword(model, pattern, concrete, seg, steps);
    if (collection !== undefined) {
      // 1.2: a bad index is an invalid argument (digest §4); 2004: a malformed request, 401.
      if (!INDEX.test(seg)) return error('unknownLeaf');
      const index = Number(seg);
      steps.push({ collection: concrete, index, rule: collection });
      pattern += '.n';
      concrete += '.' + index;
    } else {
      pattern += '.' + seg;
      concrete += '.' + seg;
    }
  }
  const rule = model.elements[pattern];
  if (rule !== undefined) return { kind: 'element', pattern, rule, steps };
  if (isKnown(model, pattern)) return error('unknownLeaf'); // a container is not a leaf element
  return unknown(model, pattern);
}

function isKnown(model: DataModelDefinition, pattern: string): boolean {
  return (
    pattern in model.containers || pattern in model.collections ||
    (pattern.endsWith('.n') && pattern.slice(0, -2) in model.collections)
  );
}

/** 1.2 A-6 (CTS12): an unknown leaf of a known category is 201, an unknown category 401. */
function unknown(model: DataModelDefinition, pattern: string): Resolution {
  const parent = pattern.slice(0, pattern.lastIndexOf('.'));
  return error(model.version === '1.2' && isKnown(model, parent) ? 'unknownLeaf' : 'undefinedElement');
}

function resolveKeyword(
  model: DataModelDefinition, pattern: string, concrete: string, keyword: string, steps: IndexStep[],
): Resolution {
  const known = isKnown(model, pattern) || pattern in model.elements;
  const collection = model.collections[pattern];
  if (keyword === '_version') {
    if (pattern === 'cmi') return { kind: 'version', value: model.modelVersion };
    return known ? error('noVersion', 'keywordWrite') : unknown(model, pattern + '.' + keyword);
  }
  if (keyword === '_children') {
    const children = collection?.children ?? model.containers[pattern];
    if (typeof children === 'string') return { kind: 'children', value: children, steps };
    // cmi._children does not exist in 2004.
    if (pattern === 'cmi' && model.version === '2004') return error('undefinedElement', 'keywordWrite');
    return known ? error('noChildren', 'keywordWrite') : unknown(model, pattern + '.' + keyword);
  }
  if (keyword === '_count') {
    if (collection !== undefined) return { kind: 'count', collection: concrete, steps };
    return known ? error('notArray', 'keywordWrite') : unknown(model, pattern + '.' + keyword);
  }
  return unknown(model, pattern + '.' + keyword);
}

/** `cmi.interactions.3` for any name inside interaction 3. */
export function recordOf(steps: readonly IndexStep[]): string {
  const first = steps[0]!;
  return `${first.collection}.${first.index}`;
}

const caches = new WeakMap<DataModelDefinition, Map<string, Resolution>>();
const CACHE_LIMIT = 20_000;

export function resolveElement(model: DataModelDefinition, name: string): Resolution {
  let cache = caches.get(model);
  if (cache === undefined) caches.set(model, (cache = new Map()));
  let found = cache.get(name);
  if (found === undefined) {
    found = resolveUncached(model, name);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(name, found);
  }
  return found;
}
