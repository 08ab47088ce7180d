// <resources>: each resource's scormType, href resolved through the xml:base chain, files and
// dependencies (CAM 1.2 2.3.6; CAM 4th Ed. 3.4.1.17-3.4.1.23), with path checks.
import { attrOf, attrOfAnyCase, childOf, childrenOf, idOf } from './dom.ts';
import type { DiagnosticSink } from './diagnostics.ts';
import { resolveHref } from './launch-url.ts';
import type { Resource } from './model.ts';
import { missingMessage, type PackageFiles } from './package-files.ts';
import type { XmlElement } from './xml.ts';

export interface ResourceEntry {
  model: Resource;
  /** Where it sits in the manifest, for diagnostics. */
  path: string;
  /** Decoded package path of its href, when it points inside the package. */
  launchPath: string | null;
}

export function readResources(root: XmlElement, files: PackageFiles, sink: DiagnosticSink): Map<string, ResourceEntry> {
  const byId = new Map<string, ResourceEntry>();
  const container = childOf(root, 'cp', 'resources');
  if (!container) return byId;
  const outerBases = [attrOf(root, 'base', 'xml') ?? '', attrOf(container, 'base', 'xml') ?? ''];
  childrenOf(container, 'cp', 'resource').forEach((el, index) => {
    const identifier = idOf(el, 'identifier');
    const path = `manifest/resources/resource[${identifier ?? `#${index + 1}`}]`;
    if (!identifier) {
      sink.error('MISSING_IDENTIFIER', `Resource number ${index + 1} has no identifier, so no item can launch it.`, path);
      return;
    }
    if (byId.has(identifier)) {
      sink.error('DUPLICATE_IDENTIFIER', `Two resources have the identifier "${identifier}"; identifiers must be unique. The first one is used.`, path);
      return;
    }
    byId.set(identifier, readResource(el, identifier, path, outerBases, files, sink));
  });
  for (const entry of byId.values())
    entry.model.dependencies.forEach((dep, i) => {
      if (!byId.has(dep))
        sink.warn('DEPENDENCY_NOT_FOUND', `Resource "${entry.model.identifier}" depends on "${dep}", which is not a resource of this manifest.`, `${entry.path}/dependency[${i + 1}]`);
    });
  return byId;
}

function readResource(el: XmlElement, identifier: string, path: string, outerBases: string[], files: PackageFiles, sink: DiagnosticSink): ResourceEntry {
  // CAM 4th Ed. 3.4.1.18: a resource without adlcp:scormType is an asset.
  const scormType = attrOfAnyCase(el, 'scormType', 'adlcp')?.trim().toLowerCase();
  if (scormType !== undefined && scormType !== 'sco' && scormType !== 'asset')
    sink.warn('INVALID_VALUE', `Resource "${identifier}" has scormType "${scormType}"; only "sco" and "asset" exist, so it is treated as an asset.`, path);
  const scorm_type = scormType === 'sco' ? 'sco' : 'asset';
  const bases = [...outerBases, attrOf(el, 'base', 'xml') ?? ''];
  const rawHref = attrOf(el, 'href');
  let href: string | null = null;
  let launchPath: string | null = null;
  let external = false;
  if (rawHref === undefined || rawHref.trim() === '') {
    if (scorm_type === 'sco') sink.error('SCO_WITHOUT_HREF', `Resource "${identifier}" is a SCO but has no href, so there is nothing to launch.`, path);
  } else {
    const resolved = resolveHref(bases, rawHref);
    if (resolved.kind === 'unsafe') sink.error('UNSAFE_PATH', `Resource "${identifier}" has href "${rawHref}" that is refused: ${resolved.reason}.`, path);
    else {
      href = resolved.url;
      external = resolved.kind === 'external';
      if (resolved.kind === 'package') launchPath = resolved.path;
    }
  }
  const fileList: string[] = [];
  childrenOf(el, 'cp', 'file').forEach((file, i) => {
    const fileHref = attrOf(file, 'href');
    const filePath = `${path}/file[${i + 1}]`;
    if (fileHref === undefined || fileHref.trim() === '') return;
    const resolved = resolveHref([...bases, attrOf(file, 'base', 'xml') ?? ''], fileHref);
    if (resolved.kind === 'unsafe') sink.error('UNSAFE_PATH', `File "${fileHref}" of resource "${identifier}" is refused: ${resolved.reason}.`, filePath);
    if (resolved.kind !== 'package') return;
    fileList.push(resolved.path);
    // The launch file itself is checked once, as a launch file or a resource href, not here.
    if (resolved.path === launchPath) return;
    const found = files.lookup(resolved.path);
    if (!found.found) sink.warn('FILE_MISSING', missingMessage(`File listed by resource "${identifier}"`, resolved.path, found), filePath);
  });
  const dependencies = childrenOf(el, 'cp', 'dependency').map((d) => idOf(d, 'identifierref')).filter((d): d is string => d !== undefined);
  const model: Resource = {
    identifier, href, scorm_type, type: attrOf(el, 'type')?.trim() ?? '',
    base: bases.filter((b) => b.trim() !== '').map((b) => (b.trim().endsWith('/') ? b.trim() : b.trim() + '/')).join(''),
    files: fileList, dependencies, external,
  };
  return { model, path, launchPath };
}
