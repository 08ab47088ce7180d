// Entry point: imsmanifest.xml text and the zip's entry names in, the Package model of SPEC.md
// and diagnostics out. Pure: no I/O, so the server and the browser run the same code.
import { createSink, type DiagnosticCode, type DiagnosticSink } from './diagnostics.ts';
import { attrOf, idOf } from './dom.ts';
import { readItem12 } from './items-12.ts';
import { readItem2004 } from './items-2004.ts';
import type { ItemTreeContext } from './items.ts';
import { resolveHref } from './launch-url.ts';
import { locateManifest } from './locate-manifest.ts';
import { readMetadata } from './metadata.ts';
import type { Item, Item12, Organization2004, Package12, Package2004, ParseResult, ParsedPackage } from './model.ts';
import { hasLaunchableItem, readOrganizations, walkItems, type OrganizationsRead } from './organizations.ts';
import { missingMessage, indexPackageFiles, type PackageFiles } from './package-files.ts';
import { prerequisiteIdentifiers } from './prerequisites.ts';
import { readResources } from './resources.ts';
import { readCollection, resolveSequencing, type SequencingContext } from './sequencing.ts';
import { detectVersion } from './version.ts';
import { decodeManifestBytes, MAX_MANIFEST_BYTES, stripBom } from './xml-text.ts';
import { parseXml, type XmlElement } from './xml.ts';

export interface ParseManifestInput {
  xml: string | Uint8Array;
  /** The zip's entry names, as listed by the archive. */
  entries: readonly string[];
  /** The folder holding the manifest ("" or "folder/"); found with locateManifest when omitted. */
  root?: string;
}

export function parseManifest(input: ParseManifestInput): ParseResult {
  const sink = createSink();
  const invalid = (message: string, code: DiagnosticCode = 'MANIFEST_INVALID'): ParseResult => {
    sink.error(code, message, 'manifest');
    return { package: null, diagnostics: sink.list };
  };
  if (input.xml instanceof Uint8Array && input.xml.byteLength > MAX_MANIFEST_BYTES)
    return invalid(`The manifest is larger than ${MAX_MANIFEST_BYTES / 1048576} MiB.`);
  const text = stripBom(typeof input.xml === 'string' ? input.xml : decodeManifestBytes(input.xml));
  const parsed = parseXml(text);
  if (!parsed.ok) return invalid(parsed.message, parsed.code);
  const { root } = parsed;
  if (root.local !== 'manifest' || root.kind !== 'cp')
    return invalid(`The root element is <${root.name}>, not a content packaging <manifest>.`);
  for (const prefix of parsed.undeclaredPrefixes)
    sink.warn('UNDECLARED_PREFIX', `The prefix "${prefix}:" is used without an xmlns:${prefix} declaration; it is read by its usual meaning.`, 'manifest');

  const location = input.root ?? (() => {
    const found = locateManifest(input.entries);
    return found.ok ? found.root : '';
  })();
  const files = indexPackageFiles(input.entries, location);
  const info = detectVersion(root, sink);
  const resources = readResources(root, files, sink);
  const ctx: ItemTreeContext = { sink, resources, files, itemIds: new Set(), launched: new Set() };
  const metadata = readMetadata(root);

  const fourth = new Set<string>();
  const fourthEdition = (feature: string, path: string) => {
    if (info.version !== '2004' || info.edition === '4th' || info.edition === null || fourth.has(feature)) return;
    fourth.add(feature);
    sink.warn('EDITION_MISMATCH', `${feature} is a SCORM 2004 4th Edition feature, but the manifest says ${info.schemaversion}; it is read as 4th Edition.`, path);
  };

  let organizations: OrganizationsRead<Item>;
  let pkg: ParsedPackage;
  const common = {
    identifier: idOf(root, 'identifier') ?? '',
    edition: info.edition,
    schemaversion: info.schemaversion,
    resources: [...resources.values()].map((r) => r.model),
    sco_count: [...resources.values()].filter((r) => r.model.scorm_type === 'sco').length,
    asset_count: [...resources.values()].filter((r) => r.model.scorm_type === 'asset').length,
    metadata,
  };
  if (info.version === '1.2') {
    const orgs = readOrganizations<Item12>(root, ctx, (el, base, path, children) => readItem12(sink, el, base, path, children));
    checkPrerequisites(orgs, sink);
    organizations = orgs;
    pkg = { ...common, version: '1.2', title: '', default_organization: '', organizations: orgs.list.map((o) => o.model) } satisfies Package12;
  } else {
    const seq: SequencingContext = { sink, collection: readCollection(root, sink, fourthEdition), fourthEdition };
    const orgs = readOrganizations(root, ctx, (el, base, path, children) => readItem2004(seq, el, base, path, children as never));
    organizations = orgs;
    const list: Organization2004[] = orgs.list.map(({ el, path, model }) => ({
      ...model,
      items: model.items as Organization2004['items'],
      sequencing: resolveSequencing(seq, el.children.find((c) => c.kind === 'imsss' && c.local === 'sequencing'), path),
      objectivesGlobalToSystem: readFlag(sink, el, 'objectivesGlobalToSystem', 'adlseq', path),
      sharedDataGlobalToSystem: readFlag(sink, el, 'sharedDataGlobalToSystem', 'adlcp', path, fourthEdition),
    }));
    pkg = { ...common, version: '2004', title: '', default_organization: '', organizations: list } satisfies Package2004;
  }

  const chosen = organizations.list[organizations.defaultIndex]?.model;
  pkg.default_organization = chosen?.identifier ?? '';
  pkg.title = chosen?.title || metadata.lom_title || common.identifier;
  if (!chosen) sink.error('NO_LAUNCHABLE_ITEM', 'The manifest has no <organization>, so there is nothing a learner can launch.', 'manifest/organizations');
  else if (!hasLaunchableItem(chosen.items))
    sink.error('NO_LAUNCHABLE_ITEM', `Organization "${chosen.identifier}" has no item that launches a resource with an href.`, organizations.list[organizations.defaultIndex]!.path);

  checkUnlaunchedFiles(resources, ctx.launched, files, sink);
  checkLocations(metadata.locations, files, sink);
  checkCrossKindIds(organizations, resources, sink);
  return { package: pkg, diagnostics: sink.list };
}

function readFlag(sink: DiagnosticSink, el: XmlElement, name: string, kind: 'adlseq' | 'adlcp', path: string, fourth?: (f: string, p: string) => void): boolean {
  const raw = attrOf(el, name, kind)?.trim();
  if (raw === undefined) return true; // both default to true (adlseq_v1p3.xsd, adlcp_v1p3.xsd)
  fourth?.(name, path);
  if (raw === 'false' || raw === '0') return false;
  if (raw !== 'true' && raw !== '1') sink.warn('INVALID_VALUE', `${name}="${raw}" is not true or false; the default true is used.`, path);
  return true;
}

function checkPrerequisites(orgs: OrganizationsRead<Item12>, sink: DiagnosticSink): void {
  for (const { model, path } of orgs.list) {
    const ids = new Set([...walkItems(model.items)].map((i) => i.identifier));
    for (const item of walkItems(model.items)) {
      if (!item.prerequisites) continue;
      for (const id of prerequisiteIdentifiers(item.prerequisites))
        if (!ids.has(id)) sink.warn('PREREQUISITE_UNKNOWN_ITEM', `The prerequisites of item "${item.identifier}" name "${id}", which is not an item of organization "${model.identifier}".`, `${path}/item[${item.identifier}]/prerequisites`);
    }
  }
}

function checkUnlaunchedFiles(resources: ReturnType<typeof readResources>, launched: Set<string>, files: PackageFiles, sink: DiagnosticSink): void {
  for (const [id, entry] of resources) {
    if (launched.has(id) || entry.launchPath === null) continue;
    const found = files.lookup(entry.launchPath);
    if (!found.found) sink.warn('FILE_MISSING', missingMessage(`The href of resource "${id}"`, entry.launchPath, found), entry.path);
  }
}

function checkLocations(locations: readonly { path: string; href: string }[], files: PackageFiles, sink: DiagnosticSink): void {
  for (const { path, href } of locations) {
    const resolved = resolveHref([], href);
    if (resolved.kind === 'unsafe') sink.error('UNSAFE_PATH', `The metadata location "${href}" is refused: ${resolved.reason}.`, path);
    if (resolved.kind !== 'package') continue;
    const found = files.lookup(resolved.path);
    if (!found.found) sink.warn('FILE_MISSING', missingMessage('The metadata file', resolved.path, found), path);
  }
}

function checkCrossKindIds(orgs: OrganizationsRead<Item>, resources: ReturnType<typeof readResources>, sink: DiagnosticSink): void {
  for (const { model, path } of orgs.list)
    for (const item of walkItems(model.items))
      if (item.identifier !== '' && resources.has(item.identifier))
        sink.warn('DUPLICATE_IDENTIFIER', `Item "${item.identifier}" and a resource share that identifier; XML IDs should be unique, though this player tells them apart.`, `${path}/item[${item.identifier}]`);
}
