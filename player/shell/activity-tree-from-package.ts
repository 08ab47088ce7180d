// The sequencing module's activity tree built from the organization the manifest parser produced
// (the `package.organization` of GET /runtime): the organization is the root activity (SN 1.1),
// each item an activity, 1.2 prerequisites and 2004 sequencing definitions carried over.
import type { Item, Item12, Item2004, Organization, Organization2004, Prerequisite as ManifestPrerequisite } from '../../scorm/manifest/model.ts';
import { defaultSequencingDefinition } from '../../scorm/sequencing/definition.ts';
import type { ActivityNode, Prerequisite } from '../../scorm/sequencing/types.ts';

export type PackageVersion = '1.2' | '2004';

/**
 * CAM 1.2 2.3.5.1 prerequisites in the sequencing module's form. An identifier means "passed or
 * completed" (CAM 1.2 3.3.4.1). Deviation: the sequencing module only knows that test, so an
 * AICC status comparison `id=passed` / `id=completed` reads as the identifier, `id<>...` of those
 * as its negation, and a comparison with another status (incomplete, failed, browsed, not
 * attempted) as "not done" (or "done" when negated), the nearest reading of the author's intent.
 */
export function prerequisiteFromManifest(p: ManifestPrerequisite): Prerequisite {
  switch (p.type) {
    case 'item':
      return { kind: 'id', id: p.identifier };
    case 'status': {
      const done: Prerequisite = { kind: 'id', id: p.identifier };
      const wantsDone = p.status === 'passed' || p.status === 'completed';
      return wantsDone !== p.negated ? done : { kind: 'not', operand: done };
    }
    case 'not':
      return { kind: 'not', operand: prerequisiteFromManifest(p.operand) };
    case 'and':
    case 'or':
      return { kind: p.type, operands: p.operands.map(prerequisiteFromManifest) };
    case 'atLeast': {
      if (p.operands.every((o) => o.type === 'item')) {
        return { kind: 'set', count: p.count, ids: p.operands.map((o) => (o as { identifier: string }).identifier) };
      }
      // n*{...} over expressions: "at least n of them" spelled out as an or of ands.
      return { kind: 'or', operands: combinations(p.operands.map(prerequisiteFromManifest), p.count).map((c) => ({ kind: 'and', operands: c })) };
    }
  }
}

function combinations<T>(list: T[], k: number): T[][] {
  if (k <= 0) return [[]];
  if (list.length < k) return [];
  const [head, ...rest] = list as [T, ...T[]];
  return [...combinations(rest, k - 1).map((c) => [head, ...c]), ...combinations(rest, k)];
}

function node12(item: Item12): ActivityNode {
  const node: ActivityNode = {
    id: item.identifier,
    title: item.title,
    visible: item.visible,
    launchable: item.launch_url !== null,
    children: item.children.map(node12),
    // SCORM 1.2 has no sequencing definition; the module reads tree order and prerequisites only.
    sequencing: defaultSequencingDefinition(),
  };
  if (item.prerequisites) node.prerequisites12 = prerequisiteFromManifest(item.prerequisites);
  return node;
}

function node2004(item: Item2004): ActivityNode {
  const node: ActivityNode = {
    id: item.identifier,
    title: item.title,
    visible: item.visible,
    launchable: item.launch_url !== null,
    children: item.children.map(node2004),
    sequencing: item.sequencing ?? defaultSequencingDefinition(),
  };
  if (item.completionThreshold) node.completionThreshold = { ...item.completionThreshold };
  return node;
}

/** The root activity of the organization's tree. */
export function activityTreeFromPackage(version: PackageVersion, organization: Organization): ActivityNode {
  if (version === '1.2') {
    return {
      id: organization.identifier,
      title: organization.title,
      visible: true,
      launchable: false,
      children: (organization.items as Item12[]).map(node12),
      sequencing: defaultSequencingDefinition(),
    };
  }
  const org = organization as Organization2004;
  return {
    id: org.identifier,
    title: org.title,
    visible: true,
    launchable: false,
    children: org.items.map(node2004),
    sequencing: org.sequencing ?? defaultSequencingDefinition(),
    objectivesGlobalToSystem: org.objectivesGlobalToSystem,
  };
}

/** Every item of the organization by identifier, for the launch URL and item data of an activity. */
export function itemsById(organization: Organization): Map<string, Item> {
  const found = new Map<string, Item>();
  const visit = (items: readonly Item[]): void => {
    for (const item of items) {
      found.set(item.identifier, item);
      visit(item.children);
    }
  };
  visit(organization.items);
  return found;
}

/** SCO and asset items that can be launched, in tree order. */
export function launchableItems(organization: Organization): Item[] {
  return [...itemsById(organization).values()].filter((i) => i.launch_url !== null);
}
