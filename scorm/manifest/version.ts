// SCORM version and edition of a manifest: from <schemaversion> (CAM 1.2 2.3.2, CAM 4th Ed.
// 3.4.1.4), else sniffed from the namespaces and schema locations, with a warning.
import { childOf, textOf } from './dom.ts';
import type { DiagnosticSink } from './diagnostics.ts';
import type { Edition, ScormVersion } from './model.ts';
import type { XmlElement } from './xml.ts';

export interface VersionInfo {
  version: ScormVersion;
  edition: Edition;
  schemaversion: string | null;
}

const KNOWN: [RegExp, ScormVersion, Edition][] = [
  [/^1\.2$/, '1.2', null],
  // "CAM 1.3" is what 2nd Edition packages write; "2004 2nd Edition" is rarer but seen.
  [/^(?:cam\s*1\.3|1\.3|2004\s*2nd\s*edition)$/i, '2004', '2nd'],
  [/^2004\s*3rd\s*edition$/i, '2004', '3rd'],
  [/^2004\s*4th\s*edition$/i, '2004', '4th'],
];

const MARKERS_12 = /imscp_rootv1p1p2|adlcp_rootv1p2|imsmd_rootv1p2/i;
const MARKERS_2004 = /imscp_v1p1|adlcp_v1p3|adlseq_v1p3|adlnav_v1p3|imsss|ltsc\.ieee\.org\/xsd\/lom/i;

export function detectVersion(root: XmlElement, sink: DiagnosticSink): VersionInfo {
  const written = textOf(childOf(childOf(root, 'cp', 'metadata') ?? root, 'cp', 'schemaversion'));
  const schemaversion = written === '' ? null : written;
  if (schemaversion !== null) {
    for (const [pattern, version, edition] of KNOWN)
      if (pattern.test(schemaversion)) return { version, edition, schemaversion };
  }
  const sniffed = sniff(root);
  const what = sniffed.version === '1.2' ? 'SCORM 1.2' : `SCORM 2004${sniffed.edition ? ` ${sniffed.edition} Edition` : ''}`;
  if (schemaversion === null)
    sink.warn('SCHEMAVERSION_MISSING', `The manifest has no <schemaversion>; it is read as ${what} from its namespaces.`, 'manifest/metadata');
  else
    sink.warn('SCHEMAVERSION_UNKNOWN', `Unknown <schemaversion> "${schemaversion}"; the manifest is read as ${what} from its namespaces.`, 'manifest/metadata/schemaversion');
  return { ...sniffed, schemaversion };
}

function sniff(root: XmlElement): { version: ScormVersion; edition: Edition } {
  const uris = new Set<string>();
  let has4th = false;
  const walk = (el: XmlElement) => {
    uris.add(el.ns);
    for (const a of el.attrs) {
      uris.add(a.ns);
      if (a.local === 'schemaLocation') uris.add(a.value);
      if (a.local === 'sharedDataGlobalToSystem') has4th = true;
    }
    if ((el.kind === 'adlcp' && (el.local === 'data' || el.local === 'map')) || (el.kind === 'adlseq' && el.local === 'objectives')) has4th = true;
    if (el.kind === 'adlcp' && el.local === 'completionThreshold' && el.attrs.length > 0) has4th = true;
    for (const c of el.children) walk(c);
  };
  walk(root);
  const all = [...uris].join(' ');
  if (MARKERS_2004.test(all) && !MARKERS_12.test(all)) return { version: '2004', edition: has4th ? '4th' : null };
  if (MARKERS_12.test(all)) return { version: '1.2', edition: null };
  // No namespace tells: the older, simpler reading.
  return { version: '1.2', edition: null };
}
