// Applies a registration's on_new_version policy at its next launch (the player asking for its
// launch data): never while a SCO of that launch is open, so a learner mid-SCO is never moved
// under their feet; the move is one guarded write (it happens once however many tabs launch).
import type { PackageVersionStore } from '../db/package-version-store.ts';
import type { RegistrationRecord, RegistrationStore } from '../db/registration-store.ts';
import type { SessionStore } from '../db/session-store.ts';
import { planVersionMove } from './version-move.ts';

export interface VersionMoverDeps {
  versions: Pick<PackageVersionStore, 'current' | 'content' | 'moveRegistration'>;
  registrations: Pick<RegistrationStore, 'get'>;
  sessions: Pick<SessionStore, 'forRegistration'>;
  now?: () => number;
}

export function createVersionMover(deps: VersionMoverDeps) {
  const now = deps.now ?? Date.now;
  return {
    /** The registration as it launches: on a newer version when its policy says so. */
    async atLaunch(registration: RegistrationRecord): Promise<RegistrationRecord> {
      const current = await deps.versions.current(registration.packageId);
      if (!current || current.contentId === registration.contentId) return registration;
      const policy = registration.onNewVersion ?? current.onNewVersion;
      if (policy === 'keep') return registration;
      const [from, to] = await Promise.all([deps.versions.content(registration.contentId), deps.versions.content(current.contentId)]);
      if (!from || !to) return registration;
      const rows = await deps.sessions.forRegistration(registration.id);
      const move = planVersionMove({
        policy,
        from: { contentId: from.content_id, versionNumber: from.version_number, scormVersion: from.version, organizations: from.organizations },
        to: { contentId: to.content_id, versionNumber: to.version_number, scormVersion: to.version, organizations: to.organizations },
        itemsWithData: [...new Set(rows.filter((row) => !row.archived).map((row) => row.item_identifier))],
        at: now(),
      });
      if (!move) return registration;
      // Lost to another launch that moved it first: either way it now runs what that one chose.
      await deps.versions.moveRegistration(registration.id, registration.contentId, move);
      return (await deps.registrations.get(registration.id)) ?? registration;
    },
  };
}

export type VersionMover = ReturnType<typeof createVersionMover>;
