// Namespace families of a SCORM manifest, matched on URIs (never on the prefix a file chose).
// Each family covers its 1.2 and 2004 URIs; CAM 1.2 2.3, CAM 4th Ed. 3.3.

export type NsKind = 'cp' | 'adlcp' | 'imsss' | 'adlseq' | 'adlnav' | 'lom' | 'xml' | 'xsi' | 'other';

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
/** Synthetic URI given to an undeclared prefix, so the usual prefixes still resolve (see xml.ts). */
export const UNDECLARED = 'urn:x-undeclared-prefix:';

const FAMILIES: [NsKind, RegExp][] = [
  // imsproject.org/xsd/imscp_rootv1p1p2 (1.2), imsglobal.org/xsd/imscp_v1p1 (2004).
  ['cp', /^https?:\/\/www\.ims(?:project|global)\.org\/xsd\/imscp_/i],
  // adlcp_rootv1p2 (1.2), adlcp_v1p3 (2004); other adlcp_* spellings seen in the wild too.
  ['adlcp', /^https?:\/\/www\.adlnet\.org\/xsd\/adlcp_/i],
  ['adlseq', /^https?:\/\/www\.adlnet\.org\/xsd\/adlseq_/i],
  ['adlnav', /^https?:\/\/www\.adlnet\.org\/xsd\/adlnav_/i],
  ['imsss', /^https?:\/\/www\.imsglobal\.org\/xsd\/imsss/i],
  ['lom', /^(?:https?:\/\/ltsc\.ieee\.org\/xsd\/lom|https?:\/\/www\.imsglobal\.org\/xsd\/imsmd_)/i],
  ['xsi', /^http:\/\/www\.w3\.org\/2001\/XMLSchema-instance$/],
  ['xml', /^http:\/\/www\.w3\.org\/XML\/1998\/namespace$/],
];

const CONVENTIONAL_PREFIX: Record<string, NsKind> = {
  imscp: 'cp', adlcp: 'adlcp', imsss: 'imsss', adlseq: 'adlseq', adlnav: 'adlnav',
  lom: 'lom', imsmd: 'lom', xsi: 'xsi',
};

export function nsKind(uri: string): NsKind {
  // Relaxation: elements in no namespace are read as content packaging (manifests without xmlns).
  if (uri === '') return 'cp';
  if (uri.startsWith(UNDECLARED)) return CONVENTIONAL_PREFIX[uri.slice(UNDECLARED.length).toLowerCase()] ?? 'other';
  for (const [kind, pattern] of FAMILIES) if (pattern.test(uri)) return kind;
  return 'other';
}
