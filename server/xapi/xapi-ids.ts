// Identifiers of the xAPI statements the runtime sends: activity IRIs under the configured base
// (ADL xAPI SCORM Profile 3.1 "Activity IRI construction": course, course/SCO,
// SCO/interactions/id), the registration as a UUID, and name-based statement ids, so the same
// SCORM fact always becomes the same statement id and a resend is idempotent at the LRS
// (xAPI 1.0.3 Data 2.4.1: an LRS keeps the first statement of an id).
import { createHash } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** Our own namespace for name-based UUIDs (RFC 4122 §4.3, version 5 / SHA-1). */
const NAMESPACE = Buffer.from('6f1f2b9a3c8e4d5fa0b1c2d3e4f50617', 'hex');

/** A version-5 UUID of `name` in this product's namespace. */
export function nameUuid(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * xAPI's registration must be a UUID (Data 2.4.6); integrators may choose any registration id,
 * so one that is not a UUID is mapped to a name-based UUID of itself (stable across restarts).
 */
export function registrationUuid(registrationId: string): string {
  return UUID.test(registrationId) ? registrationId.toLowerCase() : nameUuid(`registration:${registrationId}`);
}

/** One IRI path segment: everything but unreserved characters percent-encoded (RFC 3987 ipath). */
const segment = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface ActivityIris {
  course: string;
  sco: string;
  /** The attempt activity of the profile's grouping (Profile 5.0 "Initializing an attempt"). */
  attempt: string;
  interaction(interactionId: string): string;
}

export function activityIris(base: string, packageId: string, itemIdentifier: string, attemptRowId: string): ActivityIris {
  const course = `${base.replace(/\/+$/, '')}/${segment(packageId)}`;
  const sco = `${course}/${segment(itemIdentifier)}`;
  return {
    course,
    sco,
    attempt: `${sco}?attemptId=${segment(attemptRowId)}`,
    interaction: (interactionId) => `${sco}/interactions/${segment(interactionId)}`,
  };
}
