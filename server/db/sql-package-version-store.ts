// Package versions in SQL (package_versions, with the packages row's current_* columns): a new
// version written in its import's transaction with its difference from the one before, the
// version list, one version's manifest, moving a registration between versions, and what the
// cleanup job may remove.
import type { Knex } from 'knex';
import type { OnNewVersion, PackageVersion, VersionDiff } from '../../contract/packages.ts';
import type { VersionChange } from '../../contract/registrations.ts';
import type { Organization } from '../../scorm/manifest/model.ts';
import { diffPackages } from '../../scorm/manifest/package-diff.ts';
import type { Db } from './connect.ts';
import type { PackageVersionStore, VersionContent, VersionMove } from './package-version-store.ts';
import { insertContent, toSummary, versionColumns, type PreparedPackage } from './sql-package-store.ts';

/** A new version of `packageId`, its content stored under `id` (the job's reserved content id). */
export type PreparedVersion = PreparedPackage & { packageId: string };

export interface SqlPackageVersionStore extends PackageVersionStore {
  /** Writes the version and makes it current; undefined when the package is gone. */
  insertVersion(trx: Db, version: PreparedVersion): Promise<{ versionNumber: number; diff: VersionDiff } | undefined>;
}

const isMysql = (db: Db) => db.client.config.client === 'mysql2';

/**
 * How long a package's on_new_version, changed by another process, may go unseen by this one in
 * registration events (as webhook subscriptions, decision 0029). Read afresh, it cost a query per
 * event-causing turn of commits: a third of what those turns read (decision 0049).
 */
export const POLICY_FRESH_MS = 1000;

// Per database handle, so every store made on it in this process sees a change made through one.
const policies = new WeakMap<Knex, Map<string, { takenAt: number; policy: Promise<OnNewVersion | undefined> }>>();
/** Packages whose policy one process keeps (the oldest goes first past it). */
const POLICIES_KEPT = 1000;
const organizationsOf = (manifestJson: string) => (JSON.parse(manifestJson) as { organizations: Organization[] }).organizations;

export function createSqlPackageVersionStore(db: Knex, now: () => number = Date.now): SqlPackageVersionStore {
  const keptPolicies = policies.get(db) ?? new Map();
  policies.set(db, keptPolicies);
  return {
    async insertVersion(trx, version) {
      // The package row locked: two versions finishing at once get consecutive numbers.
      let lookup = trx('packages').where({ id: version.packageId }).first('id', 'current_content_id', 'current_version');
      if (isMysql(trx)) lookup = lookup.forUpdate();
      const pkg = await lookup;
      if (!pkg) return undefined;
      const previous = await trx('package_versions').where({ content_id: pkg.current_content_id }).first('manifest_json', 'version_number');
      const [{ top }] = (await trx('package_versions').where({ package_id: version.packageId }).max({ top: 'version_number' })) as [{ top: number | string | null }];
      const versionNumber = Number(top ?? 0) + 1;
      const diff: VersionDiff = {
        from_version: Number(previous?.version_number ?? pkg.current_version),
        ...diffPackages(previous ? organizationsOf(String(previous.manifest_json)) : [], organizationsOf(version.rows.columns.manifest_json)),
      };
      const at = now();
      const columns = versionColumns(version);
      await insertContent(trx, version.id, version);
      await trx('package_versions').insert({
        content_id: version.id,
        package_id: version.packageId,
        version_number: versionNumber,
        import_job_id: version.importJobId,
        ...columns,
        diff_json: JSON.stringify(diff),
        created_at: at,
      });
      await trx('package_versions').where({ package_id: version.packageId }).whereNot({ content_id: version.id }).whereNull('superseded_at').update({ superseded_at: at });
      const { scorm_version, ...same } = columns;
      await trx('packages')
        .where({ id: version.packageId })
        .update({ ...same, version: scorm_version, current_content_id: version.id, current_version: versionNumber });
      return { versionNumber, diff };
    },

    async current(packageId) {
      const row = await db('packages').where({ id: packageId }).first('current_content_id', 'current_version', 'on_new_version');
      if (!row) return undefined;
      return { contentId: String(row.current_content_id ?? packageId), versionNumber: Number(row.current_version), onNewVersion: row.on_new_version as OnNewVersion };
    },

    async list(packageId) {
      const users = db('registrations').count('*').where('registrations.content_id', db.ref('v.content_id')).as('registrations');
      const rows = await db('package_versions as v')
        .join('packages as p', 'p.id', 'v.package_id')
        .where('v.package_id', packageId)
        .select('v.version_number', 'v.title', 'v.scorm_version', 'v.sco_count', 'v.file_count', 'v.size_bytes', 'v.created_at', 'v.import_job_id', 'v.content_removed_at', 'v.diff_json', 'v.content_id', 'p.current_content_id')
        .select(users)
        .orderBy('v.version_number', 'desc');
      return rows.map(
        (r): PackageVersion => ({
          version_number: Number(r.version_number),
          title: String(r.title),
          scorm_version: r.scorm_version as '1.2' | '2004',
          sco_count: Number(r.sco_count),
          file_count: Number(r.file_count),
          size_bytes: Number(r.size_bytes),
          created_at: new Date(Number(r.created_at)).toISOString(),
          import_job_id: String(r.import_job_id),
          current: r.content_id === r.current_content_id,
          registrations: Number(r.registrations),
          content_removed: r.content_removed_at != null,
          diff: r.diff_json == null ? null : (JSON.parse(String(r.diff_json)) as VersionDiff),
        }),
      );
    },

    async content(contentId) {
      const row = await db('package_versions as v')
        .join('packages as p', 'p.id', 'v.package_id')
        .where('v.content_id', contentId)
        .first(
          'p.id', 'v.title', 'v.scorm_version as version', 'v.edition', 'v.schemaversion', 'v.identifier', 'v.default_organization', 'v.sco_count',
          'v.asset_count', 'v.file_count', 'v.size_bytes', 'v.storage', 'p.created_at', 'p.current_version', 'p.on_new_version',
          'v.manifest_json', 'v.diagnostics_json', 'v.version_number', 'v.content_id',
        );
      if (!row) return undefined;
      const manifest = JSON.parse(String(row.manifest_json)) as Pick<VersionContent, 'organizations' | 'resources' | 'metadata'>;
      return {
        ...toSummary(row),
        ...manifest,
        diagnostics: JSON.parse(String(row.diagnostics_json)) as VersionContent['diagnostics'],
        content_id: String(row.content_id),
        version_number: Number(row.version_number),
      };
    },

    async scoItemsOf(contentId) {
      const rows = await db('package_items').where({ package_id: contentId, scorm_type: 'sco' }).orderBy('position').select('identifier', 'title');
      return rows.map((r) => ({ identifier: String(r.identifier), title: String(r.title) }));
    },

    async contentIds(packageId) {
      const rows = await db('package_versions').where({ package_id: packageId }).select('content_id');
      // A package id is always its first version's content id (also for rows older than versions).
      return [...new Set([packageId, ...rows.map((r) => String(r.content_id))])];
    },

    policy(packageId) {
      const found = keptPolicies.get(packageId);
      if (found && now() - found.takenAt < POLICY_FRESH_MS) return found.policy;
      keptPolicies.delete(packageId);
      if (keptPolicies.size >= POLICIES_KEPT) keptPolicies.delete(keptPolicies.keys().next().value!);
      const entry = { takenAt: now(), policy: db('packages').where({ id: packageId }).first('on_new_version').then((row) => row?.on_new_version as OnNewVersion | undefined) };
      keptPolicies.set(packageId, entry);
      // A failed read is not kept: the next caller asks again.
      entry.policy.catch(() => keptPolicies.get(packageId) === entry && keptPolicies.delete(packageId));
      return entry.policy;
    },

    async setPolicy(packageId, policy) {
      try {
        return (await db('packages').where({ id: packageId }).update({ on_new_version: policy })) === 1;
      } finally {
        keptPolicies.delete(packageId);
      }
    },

    async moveRegistration(registrationId, fromContentId, move: VersionMove) {
      return db.transaction(async (trx) => {
        const changed = await trx('registrations')
          .where({ id: registrationId, content_id: fromContentId })
          .update({
            content_id: move.toContentId,
            version_number: move.toVersion,
            version_change_json: JSON.stringify(move.change satisfies VersionChange),
            ...(move.clearSequencingState ? { sequencing_state_json: null } : {}),
            ...(move.newAttempt ? { attempt: trx.raw('attempt + 1') } : {}),
          });
        if (changed !== 1) return false;
        const rows = trx('scorm_user_sessions').where({ registration_id: registrationId });
        if (move.archive === 'all') await rows.update({ archived: true });
        else if (move.archive.length > 0) await rows.whereIn('item_identifier', move.archive).update({ archived: true });
        return true;
      });
    },

    async unused(supersededBefore, limit) {
      const rows = await db('package_versions as v')
        .join('packages as p', 'p.id', 'v.package_id')
        .whereNull('v.content_removed_at')
        .whereNotNull('v.superseded_at')
        .where('v.superseded_at', '<=', supersededBefore)
        .whereRaw('v.content_id <> p.current_content_id')
        .whereNotExists(db('registrations as r').select(db.raw('1')).whereRaw('r.content_id = v.content_id'))
        .orderBy('v.superseded_at')
        .limit(limit)
        .select('v.package_id', 'v.content_id', 'v.version_number');
      return rows.map((r) => ({ packageId: String(r.package_id), contentId: String(r.content_id), versionNumber: Number(r.version_number) }));
    },

    async markContentRemoved(contentId) {
      return db.transaction(async (trx) => {
        const stillUsed = await trx('registrations').where({ content_id: contentId }).first('id');
        const isCurrent = await trx('packages').where({ current_content_id: contentId }).first('id');
        if (stillUsed || isCurrent) return false;
        await trx('package_files').where({ package_id: contentId }).delete();
        await trx('package_items').where({ package_id: contentId }).delete();
        return (await trx('package_versions').where({ content_id: contentId }).whereNull('content_removed_at').update({ content_removed_at: now() })) === 1;
      });
    },
  };
}
