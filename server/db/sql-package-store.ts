// Packages in SQL: the package row, its flattened items and its file list, written together in
// one transaction when an import completes (with the job's completion, so `insert` takes the
// import's transaction); read back as the SPEC's Package JSON.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Diagnostic } from '../../scorm/manifest/model.ts';
import type { Db } from './connect.ts';
import { packageRows, type PackageRows } from './package-rows.ts';
import type { NewPackage, PackageDetail, PackageStore, PackageSummary } from './package-store.ts';
import type { OnNewVersion } from '../../contract/packages.ts';

/** A package whose rows were made beforehand (packageRows, in the manifest worker thread). */
export type PreparedPackage = Omit<NewPackage, 'parsed' | 'diagnostics'> & { rows: PackageRows };

/** The port, plus the import's write inside its own transaction. */
export interface SqlPackageStore extends PackageStore {
  insert(trx: Db, pkg: NewPackage): Promise<void>;
  insertRows(trx: Db, pkg: PreparedPackage): Promise<void>;
}

const SUMMARY_COLUMNS = [
  'id', 'title', 'version', 'edition', 'schemaversion', 'identifier', 'default_organization',
  'sco_count', 'asset_count', 'file_count', 'size_bytes', 'storage', 'created_at', 'current_version', 'on_new_version',
];

export function toSummary(row: Record<string, unknown>): PackageSummary {
  return {
    id: String(row.id),
    title: String(row.title),
    version: row.version as '1.2' | '2004',
    edition: (row.edition as string | null) ?? null,
    schemaversion: (row.schemaversion as string | null) ?? null,
    identifier: String(row.identifier),
    default_organization: (row.default_organization as string | null) ?? null,
    sco_count: Number(row.sco_count),
    asset_count: Number(row.asset_count),
    file_count: Number(row.file_count),
    size_bytes: Number(row.size_bytes),
    storage: String(row.storage),
    created_at: new Date(Number(row.created_at)).toISOString(),
    current_version: Number(row.current_version ?? 1),
    on_new_version: (row.on_new_version as OnNewVersion | null) ?? 'keep',
  };
}

/**
 * A LIKE pattern matching `text` anywhere, lower-cased the way the database's LOWER() does it
 * (SQLite folds ASCII letters only), with LIKE's own wildcards taken literally (escape "!").
 */
export function containsPattern(text: string, asciiOnly: boolean): string {
  const lower = asciiOnly ? text.replace(/[A-Z]/g, (c) => c.toLowerCase()) : text.toLowerCase();
  return `%${lower.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

export function pathHash(path: string): string {
  return createHash('sha1').update(path).digest('hex');
}

/** A version's own copy of the package columns (package_versions). */
export function versionColumns(pkg: Pick<PreparedPackage, 'rows' | 'files' | 'storage'>) {
  const { version, manifest_json, diagnostics_json, ...summary } = pkg.rows.columns;
  return {
    ...summary,
    scorm_version: version,
    manifest_json,
    diagnostics_json,
    file_count: pkg.files.length,
    size_bytes: pkg.files.reduce((sum, f) => sum + f.size, 0),
    storage: pkg.storage,
  };
}

/** The items and file list of one version, keyed by its content id. */
export async function insertContent(trx: Db, contentId: string, pkg: Pick<PreparedPackage, 'rows' | 'files'>): Promise<void> {
  // One batch parsed at a time, and a turn of the event loop between batches: SQLite's driver
  // is synchronous and its promises settle as microtasks, so without setImmediate 100,000
  // items would hold every other request for seconds (bench/healthz-during-import.ts).
  for (const batch of pkg.rows.itemBatches) {
    const rows = (JSON.parse(batch) as Record<string, unknown>[]).map((row) => ({ package_id: contentId, ...row }));
    await trx('package_items').insert(rows);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const files = pkg.files.map((f) => ({ package_id: contentId, path_hash: pathHash(f.path), path: f.path, size_bytes: f.size }));
  if (files.length) await trx.batchInsert('package_files', files, 500).transacting(trx as Knex.Transaction);
}

/** The content id new registrations of a package get (its current version's). */
export const currentContent = (db: Db, packageId: string) => db('packages').where({ id: packageId }).select('current_content_id');

export function createSqlPackageStore(db: Knex, now: () => number = Date.now): SqlPackageStore {
  const sqlite = db.client.config.client !== 'mysql2';
  async function insertRows(trx: Db, pkg: PreparedPackage): Promise<void> {
    const at = now();
    const version = versionColumns(pkg);
    await trx('packages').insert({
      id: pkg.id,
      ...pkg.rows.columns,
      file_count: version.file_count,
      size_bytes: version.size_bytes,
      storage: pkg.storage,
      import_job_id: pkg.importJobId,
      created_at: at,
      // A package's first version keeps its content under the package id (migration 018).
      current_content_id: pkg.id,
      current_version: 1,
    });
    await trx('package_versions').insert({ content_id: pkg.id, package_id: pkg.id, version_number: 1, import_job_id: pkg.importJobId, ...version, diff_json: null, created_at: at });
    await insertContent(trx, pkg.id, pkg);
  }

  return {
    async insert(trx: Db, pkg: NewPackage): Promise<void> {
      await insertRows(trx, { ...pkg, rows: packageRows(pkg.parsed, pkg.diagnostics) });
    },

    insertRows,

    async get(id: string): Promise<PackageDetail | undefined> {
      const row = await db('packages').where({ id }).first();
      if (!row) return undefined;
      const manifest = JSON.parse(String(row.manifest_json)) as Pick<PackageDetail, 'organizations' | 'resources' | 'metadata'>;
      return { ...toSummary(row), ...manifest, diagnostics: JSON.parse(String(row.diagnostics_json)) as Diagnostic[] };
    },

    async list(limit, offset, filter = {}) {
      const query = db('packages');
      // LOWER on both sides: MySQL's utf8mb4_bin compares case-sensitively, SQLite's LIKE only
      // folds ASCII. "!" escapes, since a backslash means different things to the two parsers.
      if (filter.q) query.whereRaw("LOWER(title) LIKE ? ESCAPE '!'", [containsPattern(filter.q, sqlite)]);
      const learners = db('registrations')
        .countDistinct('learner_id')
        .where('registrations.package_id', db.ref('packages.id'))
        .as('learners');
      const rows = await query
        .clone()
        .select(SUMMARY_COLUMNS.map((c) => `packages.${c}`))
        .select(learners)
        .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }])
        .limit(limit)
        .offset(offset);
      const [{ n }] = (await query.clone().count({ n: '*' })) as [{ n: number | string }];
      return { items: rows.map((row) => ({ ...toSummary(row), learners: Number(row.learners) })), total: Number(n) };
    },

    async hasFile(packageId: string, path: string): Promise<boolean> {
      return Boolean(await db('package_files').whereIn('package_id', currentContent(db, packageId)).where({ path_hash: pathHash(path) }).first('package_id'));
    },

    /** The SCOs of a package's current version in tree order (what a registration reports on). */
    async scoItems(packageId: string): Promise<Array<{ identifier: string; title: string }>> {
      const rows = await db('package_items').whereIn('package_id', currentContent(db, packageId)).where({ scorm_type: 'sco' }).orderBy('position').select('identifier', 'title');
      return rows.map((r) => ({ identifier: String(r.identifier), title: String(r.title) }));
    },

    async exists(id: string): Promise<boolean> {
      return Boolean(await db('packages').where({ id }).first('id'));
    },

    async files(packageId) {
      const rows = await db('package_files').whereIn('package_id', currentContent(db, packageId)).select('path', 'size_bytes');
      return rows.map((r) => ({ path: String(r.path), size: Number(r.size_bytes) }));
    },

    /** The package with every version's rows (the caller removes their stored content). */
    async delete(id: string): Promise<boolean> {
      return db.transaction(async (trx) => {
        const contents = trx('package_versions').where({ package_id: id }).select('content_id');
        await trx('package_files').where({ package_id: id }).orWhereIn('package_id', contents.clone()).delete();
        await trx('package_items').where({ package_id: id }).orWhereIn('package_id', contents.clone()).delete();
        await trx('package_versions').where({ package_id: id }).delete();
        return (await trx('packages').where({ id }).delete()) === 1;
      });
    },
  };
}
