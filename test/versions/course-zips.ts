// Test helper: two versions of one SCORM 1.2 course as zips. v1 has SCOs a, b, c; v2 keeps a
// (its launch file renamed), keeps b, drops c and adds d, so every kind of difference shows.
import { writeZip } from '../helpers/zip-writer.ts';

const page = (text: string) => `<!doctype html><title>${text}</title><p>${text}</p>\n`;

function manifest(items: Array<[id: string, href: string]>): string {
  const itemXml = items.map(([id]) => `<item identifier="${id}" identifierref="r-${id}"><title>Lesson ${id}</title></item>`).join('');
  const resources = items.map(([id, href]) => `<resource identifier="r-${id}" type="webcontent" adlcp:scormtype="sco" href="${href}"><file href="${href}"/></resource>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="versioned-course" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>Versioned course</title>${itemXml}</organization></organizations>
  <resources>${resources}</resources>
</manifest>`;
}

function course(items: Array<[id: string, href: string]>, label: string): Buffer {
  return writeZip([{ name: 'imsmanifest.xml', data: manifest(items) }, ...items.map(([id, href]) => ({ name: href, data: page(`${label} lesson ${id}`) }))]);
}

export const courseV1 = () => course([['a', 'a.html'], ['b', 'b.html'], ['c', 'c.html']], 'v1');
export const courseV2 = () => course([['a', 'a2.html'], ['b', 'b.html'], ['d', 'd.html']], 'v2');
/** A zip that fails its import (no manifest). */
export const brokenCourse = () => writeZip([{ name: 'index.html', data: page('no manifest') }]);
