// What changed between two versions of a package (the import report of a new version), from the
// two parsed manifests alone: items added and removed (by identifier, the key SCO data is kept
// under), items whose launch URL changed, items whose sequencing changed, and whether the
// activity tree's shape changed (which makes a saved navigation state meaningless).
import type { Organization } from './model.ts';

export interface DiffItem {
  identifier: string;
  title: string;
}

export interface LaunchUrlChange extends DiffItem {
  from: string | null;
  to: string | null;
}

export interface PackageDiff {
  items_added: DiffItem[];
  items_removed: DiffItem[];
  launch_url_changed: LaunchUrlChange[];
  /** 2004: the item's sequencing definition; 1.2: its prerequisites, masteryscore and time limits. */
  sequencing_changed: DiffItem[];
  /** The items' identifiers, parents or order differ (in any organization). */
  structure_changed: boolean;
}

interface FlatItem {
  identifier: string;
  title: string;
  parent: string;
  launchUrl: string | null;
  sequencing: string;
}

/** A stable text of what sequences an item, whatever the version (keys sorted). */
function sequencingOf(item: Record<string, unknown>): string {
  const picked = 'sequencing' in item
    ? { sequencing: item.sequencing }
    : { prerequisites: item.prerequisites, masteryscore: item.masteryscore, maxtimeallowed: item.maxtimeallowed, timelimitaction: item.timelimitaction };
  return canonicalJson(picked);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function flatten(organizations: readonly Organization[]): FlatItem[] {
  const out: FlatItem[] = [];
  const walk = (items: readonly unknown[], parent: string) => {
    for (const raw of items as Array<Record<string, unknown> & { identifier: string; title: string; launch_url: string | null; children: unknown[] }>) {
      out.push({ identifier: raw.identifier, title: raw.title, parent, launchUrl: raw.launch_url, sequencing: sequencingOf(raw) });
      walk(raw.children ?? [], raw.identifier);
    }
  };
  for (const org of organizations) walk(org.items as unknown[], `org:${org.identifier}`);
  return out;
}

export function diffPackages(before: readonly Organization[], after: readonly Organization[]): PackageDiff {
  const old = flatten(before);
  const next = flatten(after);
  const oldById = new Map(old.map((i) => [i.identifier, i]));
  const nextIds = new Set(next.map((i) => i.identifier));
  const diff: PackageDiff = { items_added: [], items_removed: [], launch_url_changed: [], sequencing_changed: [], structure_changed: false };
  for (const item of next) {
    const was = oldById.get(item.identifier);
    if (!was) {
      diff.items_added.push({ identifier: item.identifier, title: item.title });
      continue;
    }
    if (was.launchUrl !== item.launchUrl) diff.launch_url_changed.push({ identifier: item.identifier, title: item.title, from: was.launchUrl, to: item.launchUrl });
    if (was.sequencing !== item.sequencing) diff.sequencing_changed.push({ identifier: item.identifier, title: item.title });
  }
  for (const item of old) if (!nextIds.has(item.identifier)) diff.items_removed.push({ identifier: item.identifier, title: item.title });
  const shape = (items: FlatItem[]) => items.map((i) => `${i.parent}>${i.identifier}`).join('\n');
  diff.structure_changed = shape(old) !== shape(next);
  return diff;
}
