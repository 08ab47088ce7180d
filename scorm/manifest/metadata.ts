// Package metadata: <schema>, the manifest-level inline LOM title, and every adlcp:location
// (external metadata files, CAM 4th Ed. 3.4.1.3 / CAM 1.2 2.3.3) with where it sits.
import { childOf, idOf, textOf } from './dom.ts';
import type { MetadataLocation, PackageMetadata } from './model.ts';
import type { XmlElement } from './xml.ts';

function segment(el: XmlElement): string {
  const id = idOf(el, 'identifier');
  return id ? `${el.local}[${id}]` : el.local;
}

/** LOM general/title: langstring (IMS MD 1.2.1, SCORM 1.2) or string (IEEE LOM, SCORM 2004). */
function lomTitle(metadata: XmlElement | undefined): string | null {
  const lom = metadata && childOf(metadata, 'lom', 'lom');
  const title = lom && childOf(childOf(lom, 'lom', 'general') ?? lom, 'lom', 'title');
  if (!title) return null;
  const text = textOf(childOf(title, 'lom', 'string') ?? childOf(title, 'lom', 'langstring'));
  return text === '' ? null : text;
}

export function readMetadata(root: XmlElement): PackageMetadata {
  const metadata = childOf(root, 'cp', 'metadata');
  const schema = textOf(metadata && childOf(metadata, 'cp', 'schema'));
  const locations: MetadataLocation[] = [];
  const walk = (el: XmlElement, path: string) => {
    for (const child of el.children) {
      const childPath = `${path}/${segment(child)}`;
      if (child.kind === 'adlcp' && child.local === 'location') {
        if (textOf(child) !== '') locations.push({ path: childPath, href: textOf(child) });
      } else if (child.kind === 'cp' || (child.kind === 'imsss' && child.local === 'sequencingCollection')) walk(child, childPath);
    }
  };
  walk(root, 'manifest');
  return { schema: schema === '' ? null : schema, lom_title: lomTitle(metadata), locations };
}
