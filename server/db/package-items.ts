// A package's items as rows in tree order (package_items), from the parsed manifest: what both
// package stores read the SCO list from.
import type { Item, ParsedPackage } from '../../scorm/manifest/model.ts';

export function flattenItems(pkg: ParsedPackage, packageId: string) {
  const rows: Record<string, unknown>[] = [];
  const walk = (items: Item[], organization: string, parent: string | null, depth: number) => {
    for (const item of items) {
      rows.push({
        package_id: packageId,
        identifier: item.identifier,
        organization,
        parent_identifier: parent,
        position: rows.length,
        depth,
        title: item.title.slice(0, 1000),
        resource_identifier: item.resource?.identifier ?? null,
        scorm_type: item.resource?.scorm_type ?? null,
        launch_url: item.launch_url,
      });
      walk(item.children as Item[], organization, item.identifier, depth + 1);
    }
  };
  for (const org of pkg.organizations) walk(org.items as Item[], org.identifier, null, 0);
  // Identifiers are unique in an importable manifest (the parser refuses duplicates); keep the
  // first of any that slip through so the primary key holds.
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(String(r.identifier)) && seen.add(String(r.identifier)));
}
