// A registration as GET /api/v1/registrations/:id shows it, from its record, its progress and its
// package's version policy: the API's answer and the payload of registration webhook events.
import type { OnNewVersion } from '../../contract/packages.ts';
import type { Registration } from '../../contract/registrations.ts';
import type { RegistrationRecord } from '../db/registration-store.ts';
import type { RegistrationProgress } from './registration-progress.ts';

/** `packagePolicy`: the package's on_new_version (its current version's), when it has one. */
export function registrationView(registration: RegistrationRecord, progress: RegistrationProgress, packagePolicy: OnNewVersion | undefined): Registration {
  return {
    id: registration.id,
    package_id: registration.packageId,
    learner: registration.learner,
    comments_from_lms: registration.commentsFromLms,
    completion_status: progress.completion_status,
    success_status: progress.success_status,
    score: progress.score,
    total_time_seconds: progress.total_time_seconds,
    attempt: registration.attempt,
    created_at: new Date(registration.createdAt).toISOString(),
    last_accessed_at: registration.lastAccessedAt === null ? null : new Date(registration.lastAccessedAt).toISOString(),
    scos: progress.scos,
    package_version: registration.versionNumber,
    on_new_version: registration.onNewVersion,
    effective_on_new_version: registration.onNewVersion ?? packagePolicy ?? 'keep',
    version_change: registration.versionChange,
    trace: registration.trace === true,
  };
}
