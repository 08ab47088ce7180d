// Whose adl.data buckets a package reads and writes (CAM 4th Ed. 3.4.1.5
// adlcp:sharedDataGlobalToSystem): the learner's, shared across packages (default), or the
// registration's own when the organization says "false".
import type { Organization } from '../../scorm/manifest/model.ts';

export interface SharedScope {
  /** The bucket key prefix: "learner:<id>" or "registration:<id>". */
  key: string;
  /** Set for a registration-scoped bucket: it goes when the registration is deleted. */
  registrationId: string | null;
}

export function sharedScope(organization: Organization, learnerId: string, registrationId: string): SharedScope {
  const global = !('sharedDataGlobalToSystem' in organization) || organization.sharedDataGlobalToSystem !== false;
  return global ? { key: `learner:${learnerId}`, registrationId: null } : { key: `registration:${registrationId}`, registrationId };
}
