// The launch data of docs/runtime-protocol.md §2, for GET /runtime/:id and for the player page,
// which carries it inline (one request fewer before the first SCO).
import type { LaunchData } from '../../contract/runtime.ts';
import type { RegistrationRecord } from '../db/registration-store.ts';
import type { RuntimeService } from '../runtime/runtime-service.ts';
import type { VersionMover } from '../runtime/version-mover.ts';
import type { ContentAccess } from './content-access.ts';
import type { VerifiedLaunch } from './launch-auth.ts';

export type LaunchDataReader = (registration: RegistrationRecord, launch: VerifiedLaunch) => Promise<LaunchData>;

export function launchDataReader(deps: {
  runtime: RuntimeService;
  contentAccess: ContentAccess;
  versionMover: VersionMover;
  autoCommitSeconds: number;
}): LaunchDataReader {
  return async (authorised, launch) => {
    // A launch is where a newer package version reaches a registration, by its policy; a review
    // revisits what the learner did and moves nothing.
    const registration = launch.mode === 'review' ? authorised : await deps.versionMover.atLaunch(authorised);
    const { token, expiresIn } = deps.contentAccess.issue(registration, launch);
    const base = `/content/${token}/${registration.packageId}/`;
    return { ...(await deps.runtime.launchData(registration, launch, base, deps.autoCommitSeconds)), content_expires_in: expiresIn };
  };
}

/**
 * JSON that can sit inside <script type="application/json">: no `<` (so no `</script>` or
 * `<!--`), `>` or `&` as themselves, and U+2028 / U+2029 escaped as well, so the text is also
 * safe wherever it is read as JavaScript. JSON.parse gives back the very same value.
 */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
