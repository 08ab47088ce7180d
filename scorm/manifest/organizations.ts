// <organizations>: every organization with its item tree, and the default one
// (organizations@default; CAM 4th Ed. 3.4.1.7). An unresolved default falls back to the first.
import { attrOf, childOf, childrenOf, idOf, textOf } from './dom.ts';
import { readItems, type ItemTreeContext, type ReadExtras } from './items.ts';
import type { Item, Organization } from './model.ts';
import type { XmlElement } from './xml.ts';

export interface OrganizationRead<I extends Item> {
  el: XmlElement;
  path: string;
  model: Organization<I>;
}

export interface OrganizationsRead<I extends Item> {
  list: OrganizationRead<I>[];
  /** Index into list of the organization to launch; -1 when there is none. */
  defaultIndex: number;
}

export function readOrganizations<I extends Item>(root: XmlElement, ctx: ItemTreeContext, extras: ReadExtras<I>): OrganizationsRead<I> {
  const container = childOf(root, 'cp', 'organizations');
  const list: OrganizationRead<I>[] = [];
  if (!container) return { list, defaultIndex: -1 };
  const seen = new Set<string>();
  childrenOf(container, 'cp', 'organization').forEach((el, index) => {
    const identifier = idOf(el, 'identifier') ?? '';
    const path = `manifest/organizations/organization[${identifier || `#${index + 1}`}]`;
    if (identifier === '') ctx.sink.error('MISSING_IDENTIFIER', `Organization number ${index + 1} has no identifier, so it cannot be named as the default or tracked.`, path);
    else if (seen.has(identifier)) ctx.sink.error('DUPLICATE_IDENTIFIER', `Two organizations have the identifier "${identifier}".`, path);
    seen.add(identifier);
    let title = textOf(childOf(el, 'cp', 'title'));
    if (title === '') {
      ctx.sink.warn('MISSING_TITLE', `Organization "${identifier}" has no <title>; its identifier is shown instead.`, path);
      title = identifier;
    }
    list.push({ el, path, model: { identifier, title, items: readItems(ctx, el, path, extras) } });
  });
  if (list.length === 0) return { list, defaultIndex: -1 };
  const wanted = attrOf(container, 'default')?.trim();
  const found = wanted ? list.findIndex((o) => o.model.identifier === wanted) : -1;
  if (found !== -1) return { list, defaultIndex: found };
  const first = list[0]!.model.identifier || '#1';
  ctx.sink.warn('DEFAULT_ORGANIZATION_MISSING', wanted
    ? `organizations@default names "${wanted}", which is not an organization of this manifest; the first one ("${first}") is used.`
    : `<organizations> has no default attribute; the first organization ("${first}") is used.`, 'manifest/organizations');
  return { list, defaultIndex: 0 };
}

export function hasLaunchableItem(items: readonly Item[]): boolean {
  return items.some((i) => i.launch_url !== null || hasLaunchableItem(i.children));
}

export function* walkItems<I extends Item>(items: readonly I[]): Generator<I> {
  for (const item of items) {
    yield item;
    yield* walkItems(item.children as I[]);
  }
}
