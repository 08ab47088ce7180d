// Packages in memory: the fake services are unit-tested with; passes the same contract as the
// SQL store (test/db/package-store-contract.ts). `add` stands in for the import's write.
import type { NewPackage, PackageDetail, PackageStore, StoredFile } from './package-store.ts';
import { flattenItems } from './package-items.ts';

export interface MemoryPackageStore extends PackageStore {
  add(pkg: NewPackage): void;
}

interface Stored {
  detail: PackageDetail;
  createdAt: number;
  files: StoredFile[];
  scos: Array<{ identifier: string; title: string }>;
}

/** `learners` answers the list's learner count (registrations live in their own store). */
export function createMemoryPackageStore(options: { now?: () => number; learners?: (packageId: string) => number } = {}): MemoryPackageStore {
  const now = options.now ?? Date.now;
  const packages = new Map<string, Stored>();

  return {
    add(pkg) {
      const { parsed } = pkg;
      const createdAt = now();
      const detail: PackageDetail = {
        id: pkg.id,
        title: parsed.title.slice(0, 1000),
        version: parsed.version,
        edition: parsed.edition,
        schemaversion: parsed.schemaversion?.slice(0, 64) ?? null,
        identifier: parsed.identifier.slice(0, 255),
        default_organization: parsed.default_organization,
        sco_count: parsed.sco_count,
        asset_count: parsed.asset_count,
        file_count: pkg.files.length,
        size_bytes: pkg.files.reduce((sum, f) => sum + f.size, 0),
        storage: pkg.storage,
        created_at: new Date(createdAt).toISOString(),
        // Versions live in SQL only (sql-package-version-store.ts): a memory package has its first.
        current_version: 1,
        on_new_version: 'keep',
        organizations: parsed.organizations,
        resources: parsed.resources,
        metadata: parsed.metadata,
        diagnostics: pkg.diagnostics,
      };
      const scos = flattenItems(parsed, pkg.id)
        .filter((row) => row.scorm_type === 'sco')
        .map((row) => ({ identifier: String(row.identifier), title: String(row.title) }));
      // Through JSON, as the SQL store keeps the manifest (undefined fields do not survive).
      packages.set(pkg.id, JSON.parse(JSON.stringify({ detail, createdAt, files: pkg.files, scos })) as Stored);
    },

    async get(id) {
      const found = packages.get(id);
      return found && structuredClone(found.detail);
    },

    async list(limit, offset, filter = {}) {
      const q = filter.q?.toLowerCase();
      const matching = [...packages.values()]
        .filter((p) => q === undefined || p.detail.title.toLowerCase().includes(q))
        .sort((a, b) => b.createdAt - a.createdAt || (a.detail.id < b.detail.id ? -1 : a.detail.id > b.detail.id ? 1 : 0));
      const items = matching.slice(offset, offset + limit).map(({ detail }) => {
        const { organizations: _o, resources: _r, metadata: _m, diagnostics: _d, ...summary } = detail;
        return { ...summary, learners: options.learners?.(detail.id) ?? 0 };
      });
      return { items, total: matching.length };
    },

    async hasFile(packageId, path) {
      return packages.get(packageId)?.files.some((f) => f.path === path) ?? false;
    },

    async scoItems(packageId) {
      return structuredClone(packages.get(packageId)?.scos ?? []);
    },

    async exists(id) {
      return packages.has(id);
    },

    async files(packageId) {
      return structuredClone(packages.get(packageId)?.files ?? []);
    },

    async delete(id) {
      return packages.delete(id);
    },
  };
}
