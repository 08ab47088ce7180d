// What moving a registration onto its package's newer version means, by its policy (pure: the
// two versions' manifests and the registration's attempt rows in, the write out; applied by
// version-mover.ts at the registration's next launch). docs/decisions/0024-package-versions.md.
//   keep     stays on its version: nothing moves.
//   restart  the newest version from the beginning: every attempt row set aside (kept for the
//            report), navigation state cleared, the registration's next attempt.
//   migrate  the newest version, carrying each SCO's data (attempts, interactions, objectives,
//            suspend data, location) where the item identifier is still there; the items that
//            disappeared are reported and their rows set aside. The navigation state is kept
//            when the activity tree kept its shape, else cleared. Data of one SCORM version means
//            nothing to the other's run-time, so a migration across versions carries nothing.
import type { OnNewVersion } from '../../contract/packages.ts';
import type { Organization } from '../../scorm/manifest/model.ts';
import { diffPackages } from '../../scorm/manifest/package-diff.ts';
import type { VersionMove } from '../db/package-version-store.ts';

export interface VersionSide {
  contentId: string;
  versionNumber: number;
  scormVersion: '1.2' | '2004';
  organizations: readonly Organization[];
}

export function planVersionMove(input: {
  policy: OnNewVersion;
  from: VersionSide;
  to: VersionSide;
  /** Items of the registration's attempt rows that are not set aside yet. */
  itemsWithData: readonly string[];
  at: number;
}): VersionMove | undefined {
  const { policy, from, to, at } = input;
  if (policy === 'keep' || from.contentId === to.contentId) return undefined;
  const base = { toContentId: to.contentId, toVersion: to.versionNumber };
  const change = { from_version: from.versionNumber, to_version: to.versionNumber, at: new Date(at).toISOString() };
  if (policy === 'restart') {
    return { ...base, archive: 'all', clearSequencingState: true, newAttempt: true, change: { ...change, policy, items_removed: [], items_carried: [], sequencing_state: 'cleared' } };
  }
  const diff = diffPackages(from.organizations, to.organizations);
  const removed = new Map(diff.items_removed.map((item) => [item.identifier, item]));
  const sameRuntime = from.scormVersion === to.scormVersion;
  const carried = sameRuntime ? input.itemsWithData.filter((item) => !removed.has(item)) : [];
  const dropped = input.itemsWithData.filter((item) => !carried.includes(item));
  const keepState = sameRuntime && !diff.structure_changed;
  return {
    ...base,
    archive: dropped,
    clearSequencingState: !keepState,
    newAttempt: false,
    change: {
      ...change,
      policy,
      items_removed: dropped.map((identifier) => removed.get(identifier) ?? { identifier, title: identifier }),
      items_carried: carried,
      sequencing_state: keepState ? 'kept' : 'cleared',
    },
  };
}
