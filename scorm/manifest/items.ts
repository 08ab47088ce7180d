// The item tree of an organization, common to both versions (CAM 1.2 2.3.4, CAM 4th Ed.
// 3.4.1.10-3.4.1.16): identifier, title, isvisible, parameters, the resource it launches and its
// launch URL, with each version's own elements read by the callback.
import { attrOf, childOf, childrenOf, idOf, textOf } from './dom.ts';
import type { DiagnosticSink } from './diagnostics.ts';
import { joinParameters } from './launch-url.ts';
import type { Item, ItemBase } from './model.ts';
import { missingMessage, type PackageFiles } from './package-files.ts';
import type { ResourceEntry } from './resources.ts';
import type { XmlElement } from './xml.ts';

export interface ItemTreeContext {
  sink: DiagnosticSink;
  resources: Map<string, ResourceEntry>;
  files: PackageFiles;
  /** Item identifiers seen so far, across organizations (xs:ID is unique per document). */
  itemIds: Set<string>;
  /** Resources launched by some item; their file checks are made once. */
  launched: Set<string>;
}

export type ReadExtras<I extends Item> = (el: XmlElement, base: ItemBase, path: string, children: I[]) => I;

export function readItems<I extends Item>(ctx: ItemTreeContext, parent: XmlElement, parentPath: string, extras: ReadExtras<I>): I[] {
  return childrenOf(parent, 'cp', 'item').map((el, index) => {
    const identifier = idOf(el, 'identifier');
    const path = `${parentPath}/item[${identifier ?? `#${index + 1}`}]`;
    if (!identifier) ctx.sink.error('MISSING_IDENTIFIER', `Item number ${index + 1} here has no identifier; learner progress could not be recorded for it.`, path);
    else if (ctx.itemIds.has(identifier)) ctx.sink.error('DUPLICATE_IDENTIFIER', `Two items have the identifier "${identifier}"; identifiers must be unique.`, path);
    else ctx.itemIds.add(identifier);
    const base = readBase(ctx, el, identifier ?? '', path);
    const children = readItems(ctx, el, path, extras);
    return extras(el, base, path, children);
  });
}

function readBase(ctx: ItemTreeContext, el: XmlElement, identifier: string, path: string): ItemBase {
  let title = textOf(childOf(el, 'cp', 'title'));
  if (title === '') {
    ctx.sink.warn('MISSING_TITLE', `Item "${identifier}" has no <title>; its identifier is shown instead.`, path);
    title = identifier;
  }
  // CAM: isvisible is xs:boolean, default true; some tools write "True"/"FALSE".
  const visibleRaw = attrOf(el, 'isvisible')?.trim().toLowerCase();
  const visible = !(visibleRaw === 'false' || visibleRaw === '0');
  const parameters = attrOf(el, 'parameters') ?? null;
  const ref = idOf(el, 'identifierref');
  const base: ItemBase = { identifier, title, visible, parameters, resource: null, launch_url: null };
  if (ref === undefined) return base;
  const entry = ctx.resources.get(ref);
  if (!entry) {
    ctx.sink.error('RESOURCE_NOT_FOUND', `Item "${identifier}" points at resource "${ref}", which the manifest does not define.`, path);
    return base;
  }
  const { model } = entry;
  base.resource = { identifier: model.identifier, href: model.href, scorm_type: model.scorm_type };
  if (model.href === null) {
    // A SCO without href was already reported on the resource itself.
    if (model.scorm_type === 'asset' && !ctx.launched.has(ref))
      ctx.sink.error('RESOURCE_WITHOUT_HREF', `Item "${identifier}" launches resource "${ref}", which has no href.`, path);
    ctx.launched.add(ref);
    return base;
  }
  base.launch_url = joinParameters(model.href, parameters);
  if (!ctx.launched.has(ref)) checkLaunchFile(ctx, entry, identifier, path);
  ctx.launched.add(ref);
  return base;
}

function checkLaunchFile(ctx: ItemTreeContext, entry: ResourceEntry, identifier: string, path: string): void {
  const { model } = entry;
  if (model.external) {
    const sco = model.scorm_type === 'sco' ? ' A SCO served from another site cannot reach the player\'s API (browsers block cross-origin frames).' : '';
    ctx.sink.warn('EXTERNAL_LAUNCH_URL', `Item "${identifier}" launches "${model.href}", outside the package.${sco}`, path);
    return;
  }
  if (entry.launchPath === null) return;
  const found = ctx.files.lookup(entry.launchPath);
  if (!found.found) ctx.sink.error('LAUNCH_FILE_MISSING', missingMessage(`The launch file of item "${identifier}" (resource "${model.identifier}")`, entry.launchPath, found), path);
}
