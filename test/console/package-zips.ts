// Small SCORM packages built in memory with yazl for the console and report tests: chosen titles
// (markup included, to prove it is shown as text), several SCOs, or a launch file left out.
import yazl from 'yazl';

export interface PackageZipOptions {
  title: string;
  /** SCO item titles; one SCO per title, each launching sco-<n>.html. */
  items?: string[];
  version?: '1.2' | '2004';
  /** Leave this SCO's launch file out of the zip (the import fails LAUNCH_FILE_MISSING). */
  omitLaunchOf?: number;
  /** Body HTML of every SCO page (a script that talks to the API, say). */
  scoBody?: string;
  /** Renames entries after zipping (same length), to write names no archiver would, e.g. "../x". */
  rename?: { from: string; to: string };
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function manifest(options: PackageZipOptions, items: string[]): string {
  const v2004 = options.version === '2004';
  const ns = v2004
    ? 'xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"'
    : 'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"';
  const type = v2004 ? 'adlcp:scormType' : 'adlcp:scormtype';
  const itemXml = items
    .map((t, i) => `      <item identifier="item-${i + 1}" identifierref="res-${i + 1}"><title>${xml(t)}</title>${v2004 ? '' : '<adlcp:masteryscore>80</adlcp:masteryscore>'}</item>`)
    .join('\n');
  const resources = items
    .map((_, i) => `    <resource identifier="res-${i + 1}" type="webcontent" ${type}="sco" href="sco-${i + 1}.html"><file href="sco-${i + 1}.html"/></resource>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="console-test" version="1.0" ${ns}>
  <metadata><schema>ADL SCORM</schema><schemaversion>${v2004 ? '2004 3rd Edition' : '1.2'}</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>${xml(options.title)}</title>
${itemXml}
    </organization>
  </organizations>
  <resources>
${resources}
  </resources>
</manifest>
`;
}

export async function buildPackageZip(options: PackageZipOptions): Promise<Buffer> {
  const items = options.items ?? ['Lesson 1'];
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(manifest(options, items)), 'imsmanifest.xml');
  items.forEach((title, i) => {
    if (options.omitLaunchOf === i) return;
    zip.addBuffer(Buffer.from(`<!doctype html><title>${xml(title)}</title><body><p>SCO ${i + 1}</p>${options.scoBody ?? ''}</body>`), `sco-${i + 1}.html`);
  });
  if (options.rename) zip.addBuffer(Buffer.from('renamed entry'), options.rename.from);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  if (!options.rename) return bytes;
  const { from, to } = options.rename;
  if (from.length !== to.length) throw new Error('rename keeps the length');
  // The name sits in the local header and in the central directory; CRCs cover data only.
  return Buffer.from(bytes.toString('latin1').split(from).join(to), 'latin1');
}
