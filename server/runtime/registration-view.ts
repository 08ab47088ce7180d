// A registration as GET /api/v1/registrations/:id shows it, from its record, its package's SCOs
// and its attempt rows: the API's answer and the payload of registration webhook events.
import type { Registration } from '../../contract/registrations.ts';
import type { RegistrationRecord } from '../db/registration-store.ts';
import type { RegistrationProgress } from './registration-progress.ts';

export function registrationView(registration: RegistrationRecord, progress: RegistrationProgress): Registration {
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
  };
}
