// Diagnostic codes of the manifest parser and the sink that collects them. A package is
// importable iff no diagnostic has level "error" (see isImportable).
//
// | code                      | level   | raised when                                                           |
// | ------------------------- | ------- | --------------------------------------------------------------------- |
// | MANIFEST_MISSING          | error   | no imsmanifest.xml at the zip root or in its single top-level folder  |
// | MANIFEST_INVALID          | error   | too big, not well-formed, DOCTYPE entity declarations, no <manifest>  |
// | MANIFEST_TOO_MANY_ITEMS   | error   | more than MANIFEST_LIMITS.items <item> elements (xml-limits.ts)      |
// | MANIFEST_TOO_MANY_ATTRIBUTES | error | an element with more than MANIFEST_LIMITS.attributesPerElement attributes |
// | MANIFEST_TOO_DEEP         | error   | elements nested deeper than MANIFEST_LIMITS.depth                     |
// | NO_LAUNCHABLE_ITEM        | error   | no organization, or the default one has no item with a launch URL     |
// | RESOURCE_NOT_FOUND        | error   | an item's identifierref names no resource                             |
// | SCO_WITHOUT_HREF          | error   | a resource of scormType sco has no href (CAM: href is required)       |
// | RESOURCE_WITHOUT_HREF     | error   | an item launches an asset resource that has no href                   |
// | DUPLICATE_IDENTIFIER      | error   | two organizations, items, resources or collection entries share an id |
// |                           | warning | an item and a resource share an id (xs:ID; harmless to this player)   |
// | MISSING_IDENTIFIER        | error   | an organization, item or resource has no identifier                   |
// | LAUNCH_FILE_MISSING       | error   | the file an item launches is not in the zip                           |
// | FILE_MISSING              | warning | a <file>, other resource href or adlcp:location is not in the zip     |
// | EXTERNAL_LAUNCH_URL       | warning | a launch URL is absolute (http:, https:, //host): outside the package |
// | UNSAFE_PATH               | error   | an href or xml:base escapes the package or uses a refused form        |
// | EDITION_MISMATCH          | warning | 4th Edition elements or attributes in a 2nd/3rd Edition manifest      |
// | SCHEMAVERSION_MISSING     | warning | no <schemaversion>: version sniffed from namespaces                   |
// | SCHEMAVERSION_UNKNOWN     | warning | a <schemaversion> this parser does not know: version sniffed          |
// | DEFAULT_ORGANIZATION_MISSING | warning | organizations@default absent or unresolved: the first is used      |
// | MISSING_TITLE             | warning | an organization or item has no <title>: the identifier is shown       |
// | DEPENDENCY_NOT_FOUND      | warning | a <dependency> names no resource                                      |
// | PARENT_ITEM_WITH_RESOURCE | warning | 2004: an item with children references a resource (SN delivers leaves only) |
// | SEQUENCING_REF_NOT_FOUND  | error   | imsss:sequencing@IDRef names no sequencingCollection entry            |
// | INVALID_VALUE             | warning | a value outside its type or vocabulary: the default is used / rule dropped |
// | PREREQUISITES_INVALID     | warning | 1.2 adlcp:prerequisites is not a valid AICC script: ignored           |
// | PREREQUISITE_UNKNOWN_ITEM | warning | a prerequisite names no item of its organization                      |
// | MISCASED_ELEMENT          | warning | an adlcp element spelled in the other version's case (e.g. dataFromLMS in 1.2) |
// | UNDECLARED_PREFIX         | warning | a namespace prefix is used without xmlns declaration: known by its usual name |
// | DIAGNOSTICS_TRUNCATED     | warning | more than MAX_DIAGNOSTICS diagnostics; the rest are dropped           |

export type DiagnosticLevel = 'error' | 'warning';

export type DiagnosticCode =
  | 'MANIFEST_MISSING' | 'MANIFEST_INVALID' | 'MANIFEST_TOO_MANY_ITEMS' | 'MANIFEST_TOO_MANY_ATTRIBUTES'
  | 'MANIFEST_TOO_DEEP' | 'NO_LAUNCHABLE_ITEM' | 'RESOURCE_NOT_FOUND'
  | 'SCO_WITHOUT_HREF' | 'RESOURCE_WITHOUT_HREF' | 'DUPLICATE_IDENTIFIER' | 'MISSING_IDENTIFIER'
  | 'LAUNCH_FILE_MISSING' | 'FILE_MISSING' | 'EXTERNAL_LAUNCH_URL' | 'UNSAFE_PATH'
  | 'EDITION_MISMATCH' | 'SCHEMAVERSION_MISSING' | 'SCHEMAVERSION_UNKNOWN'
  | 'DEFAULT_ORGANIZATION_MISSING' | 'MISSING_TITLE' | 'DEPENDENCY_NOT_FOUND'
  | 'PARENT_ITEM_WITH_RESOURCE' | 'SEQUENCING_REF_NOT_FOUND' | 'INVALID_VALUE'
  | 'PREREQUISITES_INVALID' | 'PREREQUISITE_UNKNOWN_ITEM' | 'MISCASED_ELEMENT'
  | 'UNDECLARED_PREFIX' | 'DIAGNOSTICS_TRUNCATED';

export interface Diagnostic {
  level: DiagnosticLevel;
  code: DiagnosticCode;
  message: string;
  /** Where in the manifest, e.g. manifest/organizations/organization[ORG-1]/item[ITEM-3]. */
  path: string;
}

/** A hostile manifest could ask for millions of warnings; past this many only errors count. */
export const MAX_DIAGNOSTICS = 500;

export interface DiagnosticSink {
  readonly list: Diagnostic[];
  error(code: DiagnosticCode, message: string, path: string): void;
  warn(code: DiagnosticCode, message: string, path: string): void;
}

export function createSink(): DiagnosticSink {
  const list: Diagnostic[] = [];
  let dropped = false;
  const add = (level: DiagnosticLevel, code: DiagnosticCode, message: string, path: string) => {
    if (list.length >= MAX_DIAGNOSTICS) {
      if (!dropped) {
        dropped = true;
        list.push({ level: 'warning', code: 'DIAGNOSTICS_TRUNCATED', message: `More than ${MAX_DIAGNOSTICS} problems; later warnings are not listed.`, path: 'manifest' });
      }
      // Errors still decide importability, so they are never dropped.
      if (level === 'warning') return;
    }
    list.push({ level, code, message, path });
  };
  return {
    list,
    error: (code, message, path) => add('error', code, message, path),
    warn: (code, message, path) => add('warning', code, message, path),
  };
}

export function isImportable(diagnostics: readonly Diagnostic[]): boolean {
  return !diagnostics.some((d) => d.level === 'error');
}
