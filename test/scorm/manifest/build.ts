// Test helper: small manifests written inline, so each malformed-input test shows its XML.
export const NS_2004 = `xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss" xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3" xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"`;
export const NS_12 = `xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"`;

export function manifest12(orgs: string, resources: string, extra = ''): string {
  return `<?xml version="1.0"?><manifest identifier="M" ${NS_12}><metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>` +
    `<organizations default="ORG">${orgs}</organizations><resources>${resources}</resources>${extra}</manifest>`;
}

export function manifest2004(orgs: string, resources: string, extra = '', edition = '4th'): string {
  return `<?xml version="1.0"?><manifest identifier="M" ${NS_2004}><metadata><schema>ADL SCORM</schema><schemaversion>2004 ${edition} Edition</schemaversion></metadata>` +
    `<organizations default="ORG">${orgs}</organizations><resources>${resources}</resources>${extra}</manifest>`;
}

export function org(items: string, id = 'ORG'): string {
  return `<organization identifier="${id}"><title>Course</title>${items}</organization>`;
}

export function sco(id: string, href: string, attrs = ''): string {
  return `<resource identifier="${id}" type="webcontent" adlcp:scormType="sco" href="${href}" ${attrs}><file href="${href}"/></resource>`;
}
