// The Package / Organization / Item / Resource model the parser returns: the JSON of SPEC.md
// "Packages and import jobs" (snake_case, as the HTTP API answers it), plus what each version's
// manifest says of an item.
import type { SequencingDefinition } from '../sequencing/definition.ts';
import type { Diagnostic } from './diagnostics.ts';
import type { Prerequisite } from './prerequisites.ts';

export type { Diagnostic, Prerequisite };
export type ScormVersion = '1.2' | '2004';
export type Edition = '2nd' | '3rd' | '4th' | null;
export type ScormType = 'sco' | 'asset';

/** What an item says of the resource it launches (SPEC Item.resource). */
export interface ResourceRef {
  identifier: string;
  /** Resolved against every xml:base and relative to the package root; query kept. */
  href: string | null;
  scorm_type: ScormType;
}

export interface Resource extends ResourceRef {
  type: string;
  /** The xml:base chain (manifest + resources + resource) joined, "" when none. */
  base: string;
  /** Normalised package paths of its <file> elements. */
  files: string[];
  /** identifierrefs of its <dependency> elements, in order. */
  dependencies: string[];
  /** True when href is an absolute http(s) URL outside the package. */
  external: boolean;
}

export interface ItemBase {
  identifier: string;
  title: string;
  visible: boolean;
  parameters: string | null;
  resource: ResourceRef | null;
  /** base + href + parameters (CAM parameter rules); null for items that only group others. */
  launch_url: string | null;
}

/** CAM 1.2 section 2.3.5 adlcp item extensions. */
export interface Item12 extends ItemBase {
  masteryscore: number | null;
  maxtimeallowed: string | null;
  timelimitaction: string | null;
  datafromlms: string | null;
  prerequisites: Prerequisite | null;
  children: Item12[];
}

/** CAM 4th Ed. 3.4.1.13: completedByMeasure false, minProgressMeasure 1.0, progressWeight 1.0. */
export interface CompletionThreshold {
  completedByMeasure: boolean;
  minProgressMeasure: number;
  progressWeight: number;
}

/** CAM 4th Ed. 3.4.1.18 adlcp:map: readSharedData and writeSharedData default to true. */
export interface SharedDataMap {
  targetID: string;
  readSharedData: boolean;
  writeSharedData: boolean;
}

export type HideLmsUi =
  | 'previous' | 'continue' | 'exit' | 'exitAll' | 'abandon' | 'abandonAll' | 'suspendAll';

export interface Item2004 extends ItemBase {
  completionThreshold: CompletionThreshold | null;
  dataFromLMS: string | null;
  timeLimitAction: string | null;
  presentation: { hideLMSUI: HideLmsUi[] } | null;
  data: SharedDataMap[];
  /** Every SN default filled, collection (IDRef) merged. */
  sequencing: SequencingDefinition;
  children: Item2004[];
}

export type Item = Item12 | Item2004;

export interface Organization<I extends Item = Item> {
  identifier: string;
  title: string;
  items: I[];
}

export interface Organization2004 extends Organization<Item2004> {
  /** The organization is the root activity of the tree (SN 1.1). */
  sequencing: SequencingDefinition;
  objectivesGlobalToSystem: boolean;
  sharedDataGlobalToSystem: boolean;
}

export interface MetadataLocation {
  /** Where in the manifest the adlcp:location sits. */
  path: string;
  href: string;
}

export interface PackageMetadata {
  schema: string | null;
  /** Title of the manifest-level LOM (general/title), when inline. */
  lom_title: string | null;
  locations: MetadataLocation[];
}

interface PackageBase {
  identifier: string;
  title: string;
  edition: Edition;
  /** As written in the manifest, null when missing. */
  schemaversion: string | null;
  default_organization: string;
  resources: Resource[];
  sco_count: number;
  asset_count: number;
  metadata: PackageMetadata;
}

export interface Package12 extends PackageBase {
  version: '1.2';
  organizations: Organization<Item12>[];
}

export interface Package2004 extends PackageBase {
  version: '2004';
  organizations: Organization2004[];
}

export type ParsedPackage = Package12 | Package2004;

export interface ParseResult {
  package: ParsedPackage | null;
  diagnostics: Diagnostic[];
}
